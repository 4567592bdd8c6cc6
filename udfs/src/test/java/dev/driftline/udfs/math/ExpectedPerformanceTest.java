package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.OracleFixtures.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Confidence-based estimation against the fixtures of
 * {@code udfs/src/test/python/generate_estimation_fixtures.py} (SciPy's isotonic regression, the
 * expected confusion matrix and pairwise expected AUC in NumPy), and by simulation: covered by its
 * interval under covariate shift, refuted by {@link ExpectedPerformance#check} under a
 * calibration break.
 */
class ExpectedPerformanceTest {

  @Test
  void isotonicFitAndExpectedMetricsMatchTheOracle() {
    List<Map<String, String>> cases = OracleFixtures.read("estimation_cases.tsv");
    assertEquals(40, cases.size());
    for (Map<String, String> c : cases) {
      String what = "case " + c.get("case") + " (" + c.get("style") + ")";
      double[] refScores = doubles(c.get("ref_scores"));
      LabelledSample reference = LabelledSample.of(refScores, doubles(c.get("ref_labels")), keys(refScores.length, 1));
      IsotonicCalibration calibration = IsotonicCalibration.fit(reference);
      double[] scores = doubles(c.get("scores"));
      double[] calibrated = doubles(c.get("calibrated"));
      for (int i = 0; i < scores.length; i++) {
        Tolerance.assertClose(calibrated[i], calibration.apply(scores[i]), what + " calibrated score " + scores[i]);
      }
      ExpectedPerformance expected = new ExpectedPerformance(
          new BinaryMetrics(Double.parseDouble(c.get("threshold")), 10), 20, 7, 30);
      List<PerformanceEstimate> estimates = expected.estimate(
          LabelledSample.of(scores, new double[scores.length], keys(scores.length, 2)), expected.calibrate(reference));
      for (PerformanceEstimate e : estimates) {
        Tolerance.assertClose(Double.parseDouble(c.get(e.metric().key())), e.value(), e.metric().key() + " of " + what);
        assertEquals(scores.length >= 30 && !Double.isNaN(e.value()), e.hasInterval(), "interval of " + what);
      }
    }
  }

  @Test
  void isotonicFitNeverDecreasesAndAveragesEachPooledBlock() {
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + random.nextInt(300);
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = random.nextInt(1 + random.nextInt(50)) / 50.0;
        y[i] = random.nextDouble() < s[i] * s[i] ? 1 : 0;
      }
      IsotonicCalibration f = IsotonicCalibration.fit(LabelledSample.of(s, y, keys(n, trial)));
      double previous = -1;
      double fittedSum = 0;
      for (int i = 0; i < n; i++) {
        fittedSum += f.apply(s[i]);
      }
      double[] grid = new double[201];
      for (int i = 0; i < grid.length; i++) {
        grid[i] = -0.5 + i * 0.01;
      }
      double[] walked = new double[grid.length];
      f.applyAscending(grid, walked);
      for (int i = 0; i < grid.length; i++) {
        assertTrue(f.apply(grid[i]) >= previous - 1e-15, "monotone at " + grid[i]);
        assertEquals(f.apply(grid[i]), walked[i], "one walk over the knots at " + grid[i]);
        previous = f.apply(grid[i]);
      }
      // Each pooled block's fitted value is its mean label, so the fit preserves the label total.
      assertEquals(java.util.Arrays.stream(y).sum(), fittedSum, 1e-9 * n);
      assertEquals(n, f.labels());
      // Integer weights fit as repeated rows do.
      LabelledSample weighted = LabelledSample.of(s, y, keys(n, trial)).canonical();
      double[] w = new double[n];
      List<double[]> repeated = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        w[i] = random.nextInt(3);
        for (int r = 0; r < w[i]; r++) {
          repeated.add(new double[] {weighted.prediction(i), weighted.label(i)});
        }
      }
      IsotonicCalibration byWeight = IsotonicCalibration.fit(weighted, w);
      if (repeated.isEmpty()) {
        assertEquals(null, byWeight);
        continue;
      }
      IsotonicCalibration byRepeat = IsotonicCalibration.fit(LabelledSample.of(
          repeated.stream().mapToDouble(r -> r[0]).toArray(), repeated.stream().mapToDouble(r -> r[1]).toArray(),
          keys(repeated.size(), trial)));
      for (double x = -0.1; x <= 1.1; x += 0.01) {
        assertEquals(byRepeat.apply(x), byWeight.apply(x), 1e-12, "weighted fit at " + x);
      }
    }
  }

  @Test
  void underCovariateShiftTheIntervalCoversTheRealizedMetricOnAtLeastNinetyPercentOfDays() {
    int covered = 0;
    int days = 0;
    ExpectedPerformance estimator = new ExpectedPerformance(new BinaryMetrics(0.5, 10), 100, 11, 30);
    for (int seed = 0; seed < 5; seed++) {
      Random random = new Random(seed);
      ExpectedPerformance.Calibrated calibration = estimator.calibrate(World.day(random, 5_000, 0, 1, 0));
      for (int day = 0; day < 40; day++) {
        // The inputs move (mean and spread), the score-outcome relation does not.
        LabelledSample rows = World.day(random, 2_000, random.nextDouble() * 2 - 1, 0.5 + random.nextDouble(), 0);
        double[] realized = new BinaryMetrics(0.5, 10).evaluate(rows, null);
        List<PerformanceEstimate> estimates = estimator.estimate(rows, calibration);
        for (PerformanceEstimate e : estimates) {
          if (e.metric() == PerformanceMetric.AUC || e.metric() == PerformanceMetric.ACCURACY) {
            double truth = realized[new BinaryMetrics(0.5, 10).metrics().indexOf(e.metric())];
            covered += truth >= e.lower() && truth <= e.upper() ? 1 : 0;
            days++;
          }
        }
      }
    }
    double coverage = covered / (double) days;
    System.out.printf("expected performance under covariate shift: realized auc and accuracy inside the 95%%"
        + " interval on %d of %d day-metrics (%.1f%%)%n", covered, days, 100 * coverage);
    assertTrue(coverage >= 0.90, "coverage " + coverage);
  }

  @Test
  void aCalibrationBreakIsRefutedByTheCheckOnItsLabelledRows() {
    Random random = new Random(5);
    ExpectedPerformance estimator = new ExpectedPerformance(new BinaryMetrics(0.5, 10), 100, 11, 30);
    ExpectedPerformance.Calibrated calibration = estimator.calibrate(World.day(random, 20_000, 0, 1, 0));
    int refuted = 0;
    int quietWhenIntact = 0;
    for (int day = 0; day < 20; day++) {
      // Scores shifted by +1 log-odds, outcomes not: the estimate expects more positives than arrive.
      LabelledSample broken = World.day(random, 2_000, 0, 1, 1.0);
      LabelledSample intact = World.day(random, 2_000, 0, 1, 0);
      refuted += Math.abs(rate(estimator.check(broken, calibration))) > 3 ? 1 : 0;
      quietWhenIntact += Math.abs(rate(estimator.check(intact, calibration))) < 3 ? 1 : 0;
    }
    assertEquals(20, refuted, "days whose positive rate check refutes the broken calibration");
    assertEquals(20, quietWhenIntact, "days whose check stays within 3 standard errors when intact");
  }

  private static double rate(List<ExpectedPerformance.Check> checks) {
    return checks.stream().filter(c -> c.metric() == PerformanceMetric.ACTUAL_POSITIVE_RATE).findFirst()
        .orElseThrow().z();
  }

  /**
   * Outcomes Bernoulli(sigmoid(-1 + 2x)) for x ~ N(mean, sd); a miscalibrated but monotone score
   * sigmoid(0.4 + x + shift), so the calibration has something to correct.
   */
  static final class World {
    static LabelledSample day(Random random, int n, double mean, double sd, double scoreShift) {
      double[] s = new double[n];
      double[] y = new double[n];
      long[] k = new long[n];
      for (int i = 0; i < n; i++) {
        double x = mean + sd * random.nextGaussian();
        s[i] = sigmoid(0.4 + x + scoreShift);
        y[i] = random.nextDouble() < sigmoid(-1 + 2 * x) ? 1 : 0;
        k[i] = random.nextLong();
      }
      return LabelledSample.of(s, y, k);
    }

    static double sigmoid(double z) {
      return 1 / (1 + Math.exp(-z));
    }
  }

  private static long[] keys(int n, long salt) {
    long[] k = new long[n];
    for (int i = 0; i < n; i++) {
      k[i] = PoissonBootstrap.mix64(i * 31L + salt);
    }
    return k;
  }
}
