package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The trend policy on daily histograms drawn from known distributions, next to the drift policy
 * the job runs today (PSI warn 0.1, critical 0.25, chi-square p at most 0.01, one comparison a day
 * so the adjusted p-value is the raw one). The reference is 14 days of N(0, 1) cut at its deciles
 * ({@link NumericBins#fromSample}); each day's current counts are a multinomial draw with the exact
 * bin probabilities of the day's distribution.
 */
class TrendPolicySimulationTest {

  private static final int BINS = 10;
  private static final int REFERENCE_DAYS = 14;
  private static final int ROWS = 30_000;
  private static final double MAX_P = 0.01;
  private static final long MIN_ROWS = 200;
  private static final LocalDate START = LocalDate.of(2026, 10, 1);
  private static final MonitoredColumn COLUMN =
      new MonitoredColumn(new ColumnSpec("x", "`x`", "features.numeric[0]"), Kind.NUMERIC, Role.FEATURE);
  private static final Slice SLICE = ProfileLayout.GLOBAL_SLICE;
  private static final DriftPolicy DRIFT =
      new DriftPolicy(Map.of(DriftMeasure.PSI, new Levels(0.1, 0.25)), MAX_P, true, MIN_ROWS);
  private static final TrendPolicy TREND = new TrendPolicy(0.1, MAX_P, MIN_ROWS);

  /** Decile bins of a reference sample of N(0, 1), and the sample's counts on them. */
  private record Reference(NumericBins bins, long[] counts) {

    static Reference draw(Random random, int rows) {
      double[] sample = new double[rows];
      for (int i = 0; i < rows; i++) {
        sample[i] = random.nextGaussian();
      }
      NumericBins bins = NumericBins.fromSample(sample, BINS);
      long[] counts = new long[bins.size()];
      for (double x : sample) {
        counts[bins.binOf(x)]++;
      }
      return new Reference(bins, counts);
    }

    /** The bins' exact shares of N(mean, 1). */
    double[] shares(double mean) {
      NormalDistribution normal = new NormalDistribution(null, mean, 1);
      double[] cuts = bins.cuts();
      double[] shares = new double[cuts.length + 1];
      double below = 0;
      for (int i = 0; i <= cuts.length; i++) {
        double next = i < cuts.length ? normal.cumulativeProbability(cuts[i]) : 1;
        shares[i] = next - below;
        below = next;
      }
      return shares;
    }
  }

  /** Multinomial counts of {@code rows} draws on bins with the given shares: a binomial per bin given the rows left. */
  private static long[] draw(Random random, double[] shares, int rows) {
    long[] counts = new long[shares.length];
    int left = rows;
    double rest = 1;
    for (int i = 0; i < shares.length - 1 && left > 0; i++) {
      counts[i] = binomial(random, left, Math.min(1, shares[i] / rest));
      left -= (int) counts[i];
      rest -= shares[i];
    }
    counts[shares.length - 1] += left;
    return counts;
  }

  /** Binomial(n, p) by inversion, in halves while (1 - p)^n would underflow. */
  private static int binomial(Random random, int n, double p) {
    if (p > 0.5) {
      return n - binomial(random, n, 1 - p);
    }
    double pmf = Math.pow(1 - p, n);
    if (pmf < 1e-250) {
      return binomial(random, n / 2, p) + binomial(random, n - n / 2, p);
    }
    double u = random.nextDouble();
    double cdf = pmf;
    int k = 0;
    while (u > cdf && k < n) {
      pmf *= (n - k) / (k + 1.0) * p / (1 - p);
      cdf += pmf;
      k++;
    }
    return k;
  }

  private static boolean warns(Reference ref, DriftSummary s) {
    DriftFinding f = new DriftFinding(Comparison.BASELINE, "reference", SLICE, COLUMN, ref.bins().labels(),
        new Histogram(BINS), new Histogram(BINS), s, s.value(DriftMeasure.CHI2_P_VALUE));
    return DRIFT.assess(f).severity().alerts();
  }

  private static Assessment trend(List<DayPoint> points) {
    return TREND.assess(new DriftTrendFinding(SLICE, COLUMN, points));
  }

  /**
   * On a ramp: the day the drift policy first warns, the first day the trend policy says emerging,
   * and what it said then.
   */
  private record Ramp(int warnDay, int emergingDay, TrendPolicy.Outcome first) {

    int lead() {
      return warnDay - emergingDay;
    }

    /** Days from the projected crossing to the day warn fired (positive: projected too late). */
    long projectionError() {
      return ChronoUnit.DAYS.between(START.plusDays(warnDay), first.projectedCrossing());
    }
  }

  /**
   * Seven days without change, then the mean moves by {@code perDay} standard deviations a day
   * (day 1 of the ramp is shifted by {@code perDay}); days are counted from the ramp's start.
   */
  private static Ramp ramp(long seed, double perDay) {
    Random random = new Random(seed);
    Reference ref = Reference.draw(random, REFERENCE_DAYS * ROWS);
    int before = 7;
    List<DayPoint> points = new ArrayList<>();
    Integer emerging = null;
    TrendPolicy.Outcome first = null;
    for (int d = 1 - before; d <= 60; d++) {
      long[] cur = draw(random, ref.shares(perDay * Math.max(d, 0)), ROWS);
      DriftSummary s = DriftSummary.of(BinnedPair.of(ref.counts(), cur));
      points.add(DayPoint.of(START.plusDays(d), s));
      TrendPolicy.Outcome o = TREND.evaluate(new DriftTrendFinding(SLICE, COLUMN, points));
      if (emerging == null && o.assessment().severity() == Severity.EMERGING) {
        emerging = d;
        first = o;
      }
      if (warns(ref, s)) {
        assertNotNull(first, "seed " + seed + ": warn on day " + d + " before any emerging day");
        return new Ramp(d, emerging, first);
      }
    }
    throw new AssertionError("the ramp never reached warn");
  }

  @Test
  void aSlowRampIsEmergingAtLeastThreeDaysBeforeWarnFires() {
    int seeds = 20;
    int minLead = Integer.MAX_VALUE;
    for (long seed = 1; seed <= seeds; seed++) {
      Ramp r = ramp(seed, 0.03);
      System.out.printf(Locale.ROOT, "ramp +0.03 sd/day, seed %d: warn on day %d, emerging on day %d, lead %d days, "
          + "projected crossing %+d days from warn: %s%n", seed, r.warnDay(), r.emergingDay(), r.lead(),
          r.projectionError(), r.first().assessment().reason());
      assertTrue(r.emergingDay() >= 1, "seed " + seed + ": emerging before the ramp started");
      assertTrue(r.lead() >= 3, "seed " + seed + ": lead " + r.lead() + " days");
      assertTrue(r.projectionError() >= -3, "seed " + seed + ": projected " + -r.projectionError() + " days early");
      minLead = Math.min(minLead, r.lead());
    }
    System.out.printf(Locale.ROOT, "ramp +0.03 sd/day: smallest lead over %d seeds %d days%n", seeds, minLead);
  }

  @Test
  void noChangeGivesAtMostOneFalseEmergingIn100NightsOf2400Series() {
    int columns = 60;
    int slices = 40;
    int nights = 100;
    int rows = ROWS / slices;
    int window = TrendPolicy.DEFAULT_WINDOW_DAYS;
    Random random = new Random(20261021);
    // The columns are alike, so one reference's cut points serve all; every series has its own
    // reference counts (14 days of its slice) and days.
    double[] shares = Reference.draw(random, REFERENCE_DAYS * ROWS).shares(0);
    int emerging = 0;
    int judged = 0;
    for (int series = 0; series < columns * slices; series++) {
      long[] ref = draw(random, shares, REFERENCE_DAYS * rows);
      List<DayPoint> points = new ArrayList<>();
      for (int d = 0; d < nights + window - 1; d++) {
        long[] cur = draw(random, shares, rows);
        points.add(DayPoint.of(START.plusDays(d), DriftSummary.of(BinnedPair.of(ref, cur))));
        if (points.size() >= window) {
          Assessment a = trend(points.subList(points.size() - window, points.size()));
          judged++;
          if (a.severity() == Severity.EMERGING) {
            emerging++;
            System.out.println("false emerging: series " + series + " night " + d + ": " + a.reason());
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "no change, %d columns x %d slices of %d rows x %d nights: %d false emerging "
        + "of %d series-nights%n", columns, slices, rows, nights, emerging, judged);
    assertEquals(columns * slices * nights, judged);
    assertTrue(emerging <= 1, emerging + " false emerging");
  }

  /** The mean shift whose PSI (on exact shares) is {@code psi}, by bisection. */
  private static double shiftWithPsi(Reference ref, double psi) {
    long[] base = expectedCounts(ref.shares(0));
    double lo = 0;
    double hi = 2;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      double v = DriftMeasure.PSI.of(BinnedPair.of(base, expectedCounts(ref.shares(mid))));
      if (v < psi) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A billion rows spread exactly by the shares, so sampling and smoothing vanish. */
  private static long[] expectedCounts(double[] shares) {
    return Arrays.stream(shares).mapToLong(p -> Math.round(p * 1e9)).toArray();
  }

  @Test
  void aStableOffsetAtHalfTheWarnLevelNeverEmerges() {
    int seeds = 10;
    int days = 60;
    int emerging = 0;
    int warned = 0;
    double psiSum = 0;
    for (long seed = 1; seed <= seeds; seed++) {
      Random random = new Random(1000 + seed);
      Reference ref = Reference.draw(random, REFERENCE_DAYS * ROWS);
      double shift = shiftWithPsi(ref, 0.05);
      double[] shares = ref.shares(shift);
      List<DayPoint> points = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        DriftSummary s = DriftSummary.of(BinnedPair.of(ref.counts(), draw(random, shares, ROWS)));
        points.add(DayPoint.of(START.plusDays(d), s));
        psiSum += s.value(DriftMeasure.PSI);
        warned += warns(ref, s) ? 1 : 0;
        Assessment a = trend(points);
        if (a.severity() == Severity.EMERGING) {
          emerging++;
          System.out.println("emerging on a stable offset: seed " + seed + " day " + d + ": " + a.reason());
        }
      }
      if (seed == 1) {
        System.out.printf(Locale.ROOT, "stable offset: shift %.3f sd, %s%n", shift, trend(points).reason());
      }
    }
    double meanPsi = psiSum / (seeds * days);
    System.out.printf(Locale.ROOT, "stable offset (mean psi %.4f), %d seeds x %d days: %d emerging, %d warn%n",
        meanPsi, seeds, days, emerging, warned);
    assertEquals(0.05, meanPsi, 0.005, "the offset's PSI");
    assertEquals(0, warned);
    assertEquals(0, emerging);
  }
}
