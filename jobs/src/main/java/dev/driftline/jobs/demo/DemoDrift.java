package dev.driftline.jobs.demo;

import static dev.driftline.jobs.demo.InjectedDrift.ALL;

/**
 * The changes the demo injects. Each starts on a fixed day of the demo (an offset from its start)
 * and lasts to the end, or for the days given; outside them, that part of the log is stationary.
 */
enum DemoDrift {

  BR_AMOUNT(16, "amount", "country", "BR", "feature_drift",
      "amount doubles in BR (a currency move): the median goes from about $45 to about $90; BR"
          + " scores rise with it while fraud risk does not, so the model over-scores BR"),
  MERCHANT_TOPICS(17, 1, "merchant_embedding", ALL, ALL, "feature_drift",
      "for one day a campaign on gaming merchants moves the merchant mix: gaming goes from 8% to"
          + " 35% of transactions; only the merchant description's embedding shows it (no scalar"
          + " column depends on the merchant's topic)"),
  SMART_TV_DEVICE(19, "device", ALL, ALL, "feature_drift",
      "a new device smart_tv appears with about 8% of traffic, taken proportionally from ios,"
          + " android and web; the model has never seen it and scores it like a phone, but its"
          + " true fraud rate is several times higher"),
  COUNTRY_MIX(22, "country", ALL, ALL, "feature_drift",
      "the country mix shifts: IN grows from about 5% to 25% of traffic and US shrinks from about"
          + " 40% to 20%; per-transaction fraud risk is unchanged (pure covariate shift)"),
  SCORE_SHIFT(25, "score", ALL, ALL, "prediction_drift",
      "the model's log-odds shift by +1.0 (a broken scoring change): scores roughly double while"
          + " fraud does not, so calibration and precision drop"),
  ACCOUNT_AGE_NULLS(27, 1, "account_age_days", ALL, ALL, "data_quality",
      "for one day the upstream feed drops account age: 20% of rows log it null (0.5% usually);"
          + " the model still saw the real value, so only the log is broken");

  final int firstDayOffset;
  final int lastDayOffset;
  final String column;
  final String sliceKey;
  final String sliceValue;
  final String kind;
  final String description;

  DemoDrift(int firstDayOffset, String column, String sliceKey, String sliceValue, String kind,
      String description) {
    this(firstDayOffset, Integer.MAX_VALUE - firstDayOffset, column, sliceKey, sliceValue, kind, description);
  }

  DemoDrift(int firstDayOffset, int days, String column, String sliceKey, String sliceValue, String kind,
      String description) {
    this.firstDayOffset = firstDayOffset;
    this.lastDayOffset = firstDayOffset + days - 1;
    this.column = column;
    this.sliceKey = sliceKey;
    this.sliceValue = sliceValue;
    this.kind = kind;
    this.description = description;
  }

  boolean activeOn(int dayOffset) {
    return dayOffset >= firstDayOffset && dayOffset <= lastDayOffset;
  }

  InjectedDrift describe(DemoSpec spec) {
    return new InjectedDrift(spec.day(firstDayOffset), column, sliceKey, sliceValue, kind, description);
  }
}
