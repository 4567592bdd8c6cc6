package dev.driftline.jobs.demo;

import java.io.Serializable;

/**
 * The synthetic world behind the demo log: card transactions, a logistic fraud scorer trained on
 * the stationary regime, the true fraud process (which depends on a risk factor the scorer cannot
 * see) and the label feed. Row {@code id} falls on day {@code id / rowsPerDay} and is drawn from
 * its own {@link RowRandom}, so it is the same row in any partitioning and in any spec with the
 * same start, rows per day and seed.
 *
 * <p>Before the first {@link DemoDrift} the scorer is calibrated in the large (mean score equals
 * the fraud rate, about 3.3%) with an AUC of about 0.83.
 */
final class CardFraudScenario implements Serializable {

  private static final long serialVersionUID = 1L;

  static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long MICROS_PER_HOUR = 3_600_000_000L;

  // One stream per draw; normal() also uses stream + 1, hence the gaps.
  private static final int COUNTRY = 1;
  private static final int DEVICE = 2;
  private static final int CHANNEL = 3;
  private static final int AMOUNT = 4;
  private static final int ACCOUNT_AGE = 6;
  private static final int ACCOUNT_AGE_MISSING = 7;
  private static final int MERCHANT_RISK = 8;
  private static final int MERCHANT_RISK_NAN = 9;
  private static final int TXN_PER_DAY = 10;
  private static final int HOUR = 11;
  private static final int WITHIN_HOUR = 12;
  private static final int LATENCY = 13;
  private static final int SLOW_REQUEST = 15;
  private static final int HIDDEN_RISK = 16;
  private static final int FRAUD = 18;
  private static final int LABEL_NEVER = 19;
  private static final int LABEL_LATE = 20;
  private static final int LABEL_DELAY = 21;
  private static final int ACCOUNT_AGE_FEED = 22;
  private static final int MERCHANT_TOPIC = 23;
  /** Coordinate d of the merchant embedding draws its noise from streams 30 + 2d and 31 + 2d. */
  private static final int EMBEDDING_NOISE = 30;

  /**
   * The merchant description's embedding: one of six merchant topics (groceries, restaurants,
   * travel, electronics, fuel, gaming), a fixed centre per topic plus noise, independent of every
   * other column. A campaign on gaming merchants moves the topic mix for one day: only the
   * embedding's directions show it.
   */
  static final int EMBEDDING_DIMENSIONS = 32;
  private static final double[] TOPIC_MIX = cumulative(0.30, 0.25, 0.15, 0.12, 0.10, 0.08);
  private static final double[] TOPIC_MIX_CAMPAIGN = cumulative(0.20, 0.17, 0.10, 0.10, 0.08, 0.35);
  private static final double TOPIC_CENTRE_SD = 0.5;
  private static final double EMBEDDING_NOISE_SD = 0.6;
  private static final double[][] TOPIC_CENTRES = topicCentres(TOPIC_MIX.length, 20261203L);

  private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "IN", "BR", "MX", "CA"};
  private static final double[] COUNTRY_MIX =
      cumulative(0.40, 0.10, 0.09, 0.08, 0.05, 0.10, 0.08, 0.10);
  private static final double[] COUNTRY_MIX_SHIFTED =
      cumulative(0.20, 0.10, 0.09, 0.08, 0.25, 0.10, 0.08, 0.10);

  // smart_tv comes last so the other devices keep their indices and their shares' proportions.
  private static final String[] DEVICES = {"ios", "android", "web", "smart_tv"};
  private static final double[] DEVICE_MIX = cumulative(0.40, 0.40, 0.20);
  private static final double SMART_TV_SHARE = 0.08;
  private static final double[] DEVICE_MIX_WITH_SMART_TV = cumulative(
      0.40 * (1 - SMART_TV_SHARE), 0.40 * (1 - SMART_TV_SHARE), 0.20 * (1 - SMART_TV_SHARE),
      SMART_TV_SHARE);
  /** Per-device log-odds; the scorer gives a device it never saw (smart_tv) the baseline 0. */
  private static final double[] DEVICE_LOG_ODDS = {-0.1, 0.0, 0.4, 0.0};
  private static final double SMART_TV_TRUE_EXTRA_LOG_ODDS = 2.5;

  private static final String[] CHANNELS = {"app", "web", "pos"};
  private static final double[] CHANNEL_MIX = cumulative(0.50, 0.25, 0.25);
  private static final double[] CHANNEL_LOG_ODDS = {0.0, 0.3, -0.5};

  /** Amounts are log-normal: median $45, log-sd 1 (mean about $74). */
  private static final double AMOUNT_MEDIAN = 45.0;
  private static final double AMOUNT_LOG_SD = 1.0;
  private static final double BR_AMOUNT_FACTOR = 2.0;
  /** Account age in days is exponential with this mean, floored to whole days. */
  private static final double ACCOUNT_AGE_MEAN_DAYS = 600.0;
  private static final double ACCOUNT_AGE_MISSING_RATE = 0.005;
  /** Rows whose account age the broken feed drops on the day of {@link DemoDrift#ACCOUNT_AGE_NULLS}. */
  private static final double ACCOUNT_AGE_FEED_DROP_RATE = 0.2;
  /** Merchant risk is Kumaraswamy(a, b), a beta-like law on [0, 1] with a closed-form inverse
   *  (mean about 0.3, right-skewed). */
  private static final double MERCHANT_RISK_A = 2.0;
  private static final double MERCHANT_RISK_B = 8.0;
  private static final double MERCHANT_RISK_NAN_RATE = 1e-4;
  /** Transactions on the card that day: this one plus a Poisson count of others. */
  private static final double OTHER_TXN_MEAN = 1.5;
  /** Latency is log-normal around 38 ms; one request in a hundred hits a slow path. */
  private static final double LATENCY_MEDIAN_MS = 38.0;
  private static final double LATENCY_LOG_SD = 0.3;
  private static final double SLOW_REQUEST_RATE = 0.01;
  private static final double SLOW_REQUEST_FACTOR = 4.0;
  /** Traffic by UTC hour (relative): quiet at night, busiest in the afternoon. */
  private static final double[] HOUR_MIX = cumulative(
      0.35, 0.28, 0.24, 0.22, 0.25, 0.33, 0.48, 0.66, 0.83, 0.95, 1.03, 1.08,
      1.12, 1.15, 1.17, 1.16, 1.13, 1.08, 1.02, 0.95, 0.86, 0.74, 0.60, 0.46);

  private static final double TRUE_INTERCEPT = -5.0;
  private static final double HIDDEN_RISK_SD = 0.5;
  /** The scorer's intercept, fitted so that its mean score matches the stationary fraud rate. */
  private static final double MODEL_INTERCEPT = -4.9;
  private static final double SCORE_SHIFT_LOG_ODDS = 1.0;
  /** What the scorer substitutes for a missing input: the population median. */
  private static final double ACCOUNT_AGE_IMPUTED = ACCOUNT_AGE_MEAN_DAYS * Math.log(2);
  private static final double MERCHANT_RISK_IMPUTED =
      Math.pow(1 - Math.pow(0.5, 1 / MERCHANT_RISK_B), 1 / MERCHANT_RISK_A);

  private static final double LABEL_NEVER_RATE = 0.05;
  /** Of the labels that arrive, this share comes after the usual 1-10 day window. */
  private static final double LABEL_LATE_RATE = 0.15;
  private static final double LABEL_LATE_EXTRA_MEAN_DAYS = 12.0;

  private final long seed;
  private final int rowsPerDay;
  private final long startEpochDay;
  private final long requestIdSalt;

  CardFraudScenario(DemoSpec spec) {
    this.seed = spec.seed();
    this.rowsPerDay = spec.rowsPerDay();
    this.startEpochDay = spec.start().toEpochDay();
    this.requestIdSalt = RowRandom.mix64(spec.seed() ^ 0x5DEECE66DL);
  }

  Transaction transaction(long id) {
    int dayOffset = (int) (id / rowsPerDay);
    RowRandom random = new RowRandom(seed, id);

    String country = COUNTRIES[random.pick(COUNTRY,
        DemoDrift.COUNTRY_MIX.activeOn(dayOffset) ? COUNTRY_MIX_SHIFTED : COUNTRY_MIX)];
    int device = random.pick(DEVICE,
        DemoDrift.SMART_TV_DEVICE.activeOn(dayOffset) ? DEVICE_MIX_WITH_SMART_TV : DEVICE_MIX);
    int channel = random.pick(CHANNEL, CHANNEL_MIX);

    // Risk follows the amount in stable prices; BR's currency move changes only what is logged.
    double riskAmount = cents(AMOUNT_MEDIAN * Math.exp(AMOUNT_LOG_SD * random.normal(AMOUNT)));
    double amount = country.equals("BR") && DemoDrift.BR_AMOUNT.activeOn(dayOffset)
        ? cents(riskAmount * BR_AMOUNT_FACTOR) : riskAmount;
    double accountAge = Math.floor(-Math.log(random.uniform(ACCOUNT_AGE)) * ACCOUNT_AGE_MEAN_DAYS);
    boolean accountAgeMissing = random.uniform(ACCOUNT_AGE_MISSING) < ACCOUNT_AGE_MISSING_RATE;
    boolean accountAgeDropped = DemoDrift.ACCOUNT_AGE_NULLS.activeOn(dayOffset)
        && random.uniform(ACCOUNT_AGE_FEED) < ACCOUNT_AGE_FEED_DROP_RATE;
    double merchantRisk = Math.pow(
        1 - Math.pow(1 - random.uniform(MERCHANT_RISK), 1 / MERCHANT_RISK_B), 1 / MERCHANT_RISK_A);
    boolean merchantRiskNan = random.uniform(MERCHANT_RISK_NAN) < MERCHANT_RISK_NAN_RATE;
    int txnPerDay = 1 + random.poisson(TXN_PER_DAY, OTHER_TXN_MEAN);

    double trueLogOdds = TRUE_INTERCEPT
        + riskLogOdds(riskAmount, accountAge, merchantRisk, txnPerDay, device, channel)
        + HIDDEN_RISK_SD * random.normal(HIDDEN_RISK)
        + (DEVICES[device].equals("smart_tv") ? SMART_TV_TRUE_EXTRA_LOG_ODDS : 0);
    double modelLogOdds = MODEL_INTERCEPT
        + riskLogOdds(amount,
            accountAgeMissing ? ACCOUNT_AGE_IMPUTED : accountAge,
            merchantRiskNan ? MERCHANT_RISK_IMPUTED : merchantRisk,
            txnPerDay, device, channel)
        + (DemoDrift.SCORE_SHIFT.activeOn(dayOffset) ? SCORE_SHIFT_LOG_ODDS : 0);
    double fraudProbability = sigmoid(trueLogOdds);
    int isFraud = random.uniform(FRAUD) < fraudProbability ? 1 : 0;

    long hour = random.pick(HOUR, HOUR_MIX);
    long eventMicros = (startEpochDay + dayOffset) * MICROS_PER_DAY + hour * MICROS_PER_HOUR
        + (long) (random.uniform(WITHIN_HOUR) * MICROS_PER_HOUR);
    double latencyMs = LATENCY_MEDIAN_MS * Math.exp(LATENCY_LOG_SD * random.normal(LATENCY))
        * (random.uniform(SLOW_REQUEST) < SLOW_REQUEST_RATE ? SLOW_REQUEST_FACTOR : 1);

    double[] topicCentre = TOPIC_CENTRES[random.pick(MERCHANT_TOPIC,
        DemoDrift.MERCHANT_TOPICS.activeOn(dayOffset) ? TOPIC_MIX_CAMPAIGN : TOPIC_MIX)];
    float[] merchantEmbedding = new float[EMBEDDING_DIMENSIONS];
    for (int d = 0; d < EMBEDDING_DIMENSIONS; d++) {
      merchantEmbedding[d] = (float) (topicCentre[d] + EMBEDDING_NOISE_SD * random.normal(EMBEDDING_NOISE + 2 * d));
    }

    return new Transaction(
        requestId(id), eventMicros, amount,
        accountAgeMissing || accountAgeDropped ? null : accountAge,
        merchantRiskNan ? Double.NaN : merchantRisk,
        txnPerDay, country, DEVICES[device], CHANNELS[channel],
        sigmoid(modelLogOdds), Math.round(latencyMs * 100) / 100.0,
        fraudProbability, isFraud, labelMicros(random, eventMicros), merchantEmbedding);
  }

  /** Each topic's centre, the same in every JVM (java.util.Random's sequence is specified). */
  private static double[][] topicCentres(int topics, long seed) {
    java.util.Random random = new java.util.Random(seed);
    double[][] centres = new double[topics][EMBEDDING_DIMENSIONS];
    for (double[] centre : centres) {
      for (int d = 0; d < EMBEDDING_DIMENSIONS; d++) {
        centre[d] = TOPIC_CENTRE_SD * random.nextGaussian();
      }
    }
    return centres;
  }

  /** The part of the log-odds the scorer learned: larger amounts, new accounts, risky merchants,
   *  busy cards, web traffic. */
  private static double riskLogOdds(double amount, double accountAgeDays, double merchantRisk,
      int txnPerDay, int device, int channel) {
    return 0.8 * Math.log(amount / AMOUNT_MEDIAN)
        + 2.0 * Math.exp(-accountAgeDays / 30)
        + 6.0 * (merchantRisk - 0.2)
        + 0.4 * (txnPerDay - 2.5)
        + DEVICE_LOG_ODDS[device]
        + CHANNEL_LOG_ODDS[channel];
  }

  /** Most labels arrive 1-10 days after the event, some later, some never. */
  private static Long labelMicros(RowRandom random, long eventMicros) {
    if (random.uniform(LABEL_NEVER) < LABEL_NEVER_RATE) {
      return null;
    }
    double delayDays = random.uniform(LABEL_LATE) < LABEL_LATE_RATE
        ? 10 - LABEL_LATE_EXTRA_MEAN_DAYS * Math.log(random.uniform(LABEL_DELAY))
        : 1 + 9 * random.uniform(LABEL_DELAY);
    return eventMicros + (long) (delayDays * MICROS_PER_DAY);
  }

  /** Unique per row for a given seed: id + salt and the SplitMix64 finaliser are bijections. */
  private String requestId(long id) {
    String hex = Long.toHexString(RowRandom.mix64(id + requestIdSalt));
    return "req_" + "0".repeat(16 - hex.length()) + hex;
  }

  private static double sigmoid(double logOdds) {
    return 1 / (1 + Math.exp(-logOdds));
  }

  private static double cents(double dollars) {
    return Math.round(dollars * 100) / 100.0;
  }

  private static double[] cumulative(double... shares) {
    double total = 0;
    for (double share : shares) {
      total += share;
    }
    double[] cumulative = new double[shares.length];
    double running = 0;
    for (int i = 0; i < shares.length; i++) {
      running += shares[i];
      cumulative[i] = running / total;
    }
    return cumulative;
  }
}
