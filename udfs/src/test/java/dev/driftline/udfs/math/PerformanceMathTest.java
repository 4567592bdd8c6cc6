package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PerformanceMathTest {

  private static final BinaryMetrics BINARY = new BinaryMetrics(0.5, 10);

  @Test
  void integerWeightsEqualRepeatedRows() {
    Random random = new Random(3);
    int n = 300;
    double[] p = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = Math.round(random.nextDouble() * 20) / 20.0;
      y[i] = random.nextDouble() < p[i] ? 1 : 0;
    }
    LabelledSample sample = LabelledSample.of(p, y, PerformanceOracleTest.keys(n)).canonical();
    double[] weights = PoissonBootstrap.weights(sample, 99, 4);
    LabelledSample repeated = new LabelledSample();
    for (int i = 0; i < n; i++) {
      for (int w = 0; w < weights[i]; w++) {
        repeated.add(sample.prediction(i), sample.label(i), w * 1_000_003L + i);
      }
    }
    double[] weighted = BINARY.evaluate(sample, weights);
    double[] expanded = BINARY.evaluate(repeated, null);
    for (int m = 0; m < weighted.length; m++) {
      assertEquals(expanded[m], weighted[m], 1e-12, BINARY.metrics().get(m).key());
    }
    double[] regression = new RegressionMetrics().evaluate(sample, weights);
    double[] regressionExpanded = new RegressionMetrics().evaluate(repeated, null);
    assertArrayEquals(regressionExpanded, regression, 1e-12);
  }

  @Test
  void resultsDoNotDependOnTheOrderRowsWereMerged() {
    Random random = new Random(5);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double p = random.nextDouble();
      rows.add(new double[] {p, random.nextDouble() < p ? 1 : 0, PoissonBootstrap.mix64(i)});
    }
    PerformanceEstimator estimator = new PerformanceEstimator(BINARY, 50, 7, 30);
    List<PerformanceEstimate> first = estimator.estimate(split(rows, 1));
    Collections.shuffle(rows, new Random(11));
    List<PerformanceEstimate> second = estimator.estimate(split(rows, 7));
    assertEquals(first, second, "bit-identical estimates from differently ordered and split input");
  }

  /**
   * The replicates run in parallel: each interval must still be the NumPy percentiles of replicates
   * 0..R-1 taken one by one here, and estimates taken by many threads at once (as a run's days
   * and slices are) must all be equal, which a shared scratch array would break.
   */
  @Test
  void bootstrapIntervalsArePercentilesOfEveryReplicateWhicheverThreadComputesThem() throws Exception {
    Random random = new Random(17);
    LabelledSample sample = new LabelledSample();
    for (int i = 0; i < 3_000; i++) {
      double p = Math.floor(random.nextDouble() * 200) / 200;
      sample.add(p, random.nextDouble() < p ? 1 : 0, PoissonBootstrap.mix64(i));
    }
    int replicates = 120;
    long seed = 3;
    List<PerformanceEstimate> estimates = new PerformanceEstimator(BINARY, replicates, seed, 30).estimate(sample);
    double[][] byReplicate = new double[replicates][];
    for (int k = 0; k < replicates; k++) {
      byReplicate[k] = BINARY.evaluate(sample, PoissonBootstrap.weights(sample, seed, k));
    }
    int bootstrapped = 0;
    for (int m = 0; m < estimates.size(); m++) {
      PerformanceEstimate e = estimates.get(m);
      if (!"bootstrap".equals(e.method())) {
        continue;
      }
      bootstrapped++;
      final int metric = m;
      double[] sorted = java.util.Arrays.stream(byReplicate).mapToDouble(r -> r[metric]).sorted().toArray();
      assertEquals(numpyPercentile(sorted, 2.5), e.lower(), 0, e.metric() + " lower");
      assertEquals(numpyPercentile(sorted, 97.5), e.upper(), 0, e.metric() + " upper");
    }
    assertEquals(5, bootstrapped, "f1, auc, log loss, brier and ece are bootstrapped: " + estimates);

    ExpectedPerformance expected = new ExpectedPerformance(BINARY, replicates, seed, 30);
    ExpectedPerformance.Calibrated calibration = expected.calibrate(sample);
    List<Object> first = List.of(new PerformanceEstimator(BINARY, replicates, seed, 30).estimate(sample),
        expected.estimate(sample, calibration), expected.check(sample, calibration));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      List<java.util.concurrent.Future<List<Object>>> runs = new ArrayList<>();
      for (int t = 0; t < 12; t++) {
        runs.add(pool.submit(() -> List.of(new PerformanceEstimator(BINARY, replicates, seed, 30).estimate(sample),
            expected.estimate(sample, expected.calibrate(sample)), expected.check(sample, calibration))));
      }
      for (java.util.concurrent.Future<List<Object>> run : runs) {
        assertEquals(first, run.get(), "estimates, expected metrics and checks taken concurrently");
      }
    } finally {
      pool.shutdown();
    }
  }

  /** numpy.percentile(values, q), linear interpolation, of ascending values. */
  private static double numpyPercentile(double[] sorted, double q) {
    double position = q / 100 * (sorted.length - 1);
    int below = (int) position;
    double fraction = position - below;
    return below + 1 < sorted.length ? sorted[below] + fraction * (sorted[below + 1] - sorted[below]) : sorted[below];
  }

  private static LabelledSample split(List<double[]> rows, int parts) {
    LabelledSample total = new LabelledSample();
    for (int part = 0; part < parts; part++) {
      LabelledSample s = new LabelledSample();
      for (int i = part; i < rows.size(); i += parts) {
        s.add(rows.get(i)[0], rows.get(i)[1], (long) rows.get(i)[2]);
      }
      total.merge(s);
    }
    return total;
  }

  @Test
  void poissonWeightsHaveMeanAndVarianceOneAndAreReproducible() {
    int n = 200_000;
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      int w = PoissonBootstrap.weight(1, PoissonBootstrap.mix64(i), i % 100);
      sum += w;
      squares += (double) w * w;
    }
    double mean = sum / n;
    double variance = squares / n - mean * mean;
    // Standard errors are about 0.0022 for the mean and 0.0045 for the variance: 5 sigma bands.
    assertEquals(1.0, mean, 0.011);
    assertEquals(1.0, variance, 0.023);
    assertEquals(PoissonBootstrap.weight(1, 42, 3), PoissonBootstrap.weight(1, 42, 3));
    long differing = 0;
    for (int k = 0; k < 1000; k++) {
      differing += PoissonBootstrap.weight(1, 42 + k, 3) != PoissonBootstrap.weight(2, 42 + k, 3) ? 1 : 0;
    }
    assertTrue(differing > 400, "another seed gives other weights (" + differing + " of 1000 differ)");
  }

  /**
   * The weight is the least j with u < P(X <= j) on the CDF summed in doubles: checked on both
   * sides of every CDF value (where rounding the threshold the wrong way would show) and on
   * random uniforms, against a plain search.
   */
  @Test
  void poissonDrawIsTheFirstCdfValueAboveTheUniform() {
    double[] cdf = new double[20];
    double term = Math.exp(-1);
    double sum = 0;
    for (int j = 0; j < cdf.length; j++) {
      sum += term;
      cdf[j] = sum;
      term /= j + 1;
    }
    cdf[cdf.length - 1] = 1;
    List<Long> mantissas = new ArrayList<>(List.of(0L, (1L << 53) - 1));
    for (double c : cdf) {
      long at = (long) (c * 0x1.0p53);
      for (long m = at - 2; m <= at + 2; m++) {
        if (m >= 0 && m < 1L << 53) {
          mantissas.add(m);
        }
      }
    }
    Random random = new Random(13);
    for (int i = 0; i < 100_000; i++) {
      mantissas.add(random.nextLong() >>> 11);
    }
    for (long m : mantissas) {
      double u = m * 0x1.0p-53;
      int expected = 0;
      while (expected < cdf.length - 1 && u >= cdf[expected]) {
        expected++;
      }
      assertEquals(expected, PoissonBootstrap.poisson(m), "mantissa " + m);
    }
  }

  @Test
  void tooFewLabelsGiveValuesWithoutIntervalsAndSayWhy() {
    LabelledSample sample = LabelledSample.of(new double[] {0.9}, new double[] {1}, new long[] {1});
    List<PerformanceEstimate> estimates = new PerformanceEstimator(BINARY, 20, 1, 30).estimate(sample);
    PerformanceEstimate accuracy = find(estimates, PerformanceMetric.ACCURACY);
    assertEquals(1.0, accuracy.value());
    assertNull(accuracy.method());
    assertTrue(accuracy.note().contains("1 labels < min_labels 30"), accuracy.note());
    PerformanceEstimate auc = find(estimates, PerformanceMetric.AUC);
    assertTrue(Double.isNaN(auc.value()));
    assertTrue(auc.note().startsWith("undefined"), auc.note());
  }

  @Test
  void proportionsGetWilsonAndTheRestTheBootstrap() {
    Random random = new Random(8);
    LabelledSample sample = new LabelledSample();
    for (int i = 0; i < 400; i++) {
      double p = random.nextDouble();
      sample.add(p, random.nextDouble() < p ? 1 : 0, PoissonBootstrap.mix64(i));
    }
    List<PerformanceEstimate> estimates = new PerformanceEstimator(BINARY, 100, 1, 30).estimate(sample);
    for (PerformanceEstimate e : estimates) {
      assertEquals(e.metric().isProportion() ? "wilson" : "bootstrap", e.method(), e.metric().key());
      // ECE is biased upward, and so is its bootstrap: its interval may sit just above the value.
      if (e.metric() != PerformanceMetric.ECE) {
        assertTrue(e.lower() <= e.value() && e.value() <= e.upper(), e.toString());
      }
      assertTrue(e.standardError() > 0, e.toString());
    }
    PerformanceEstimate accuracy = find(estimates, PerformanceMetric.ACCURACY);
    MetricFamily.Proportion p = BINARY.proportion(PerformanceMetric.ACCURACY, sample);
    assertEquals(Wilson.interval(p.successes(), p.trials(), Wilson.Z95).lower(), accuracy.lower());
  }

  @Test
  void deltaIntervalCombinesBothStandardErrors() {
    PerformanceEstimate day = new PerformanceEstimate(PerformanceMetric.AUC, 0.70, 100, 0, 0.6, 0.8, 0.03, "bootstrap", null);
    PerformanceEstimate ref = new PerformanceEstimate(PerformanceMetric.AUC, 0.80, 1000, 0, 0.78, 0.82, 0.04, "bootstrap", null);
    MetricDelta d = MetricDelta.of(day, ref);
    assertEquals(-0.10, d.delta(), 1e-12);
    assertEquals(0.05, d.standardError(), 1e-12);
    assertEquals(-0.10 + 1.959963984540054 * 0.05, d.upper(), 1e-12);
    assertTrue(d.excludesZero());
    PerformanceEstimate noInterval = new PerformanceEstimate(PerformanceMetric.AUC, 0.7, 3, 0, Double.NaN,
        Double.NaN, Double.NaN, null, "too few");
    assertTrue(Double.isNaN(MetricDelta.of(noInterval, ref).standardError()));
    assertTrue(!MetricDelta.of(noInterval, ref).excludesZero());
  }

  @Test
  void releaseVerdictsFollowTheIntervalAndTheMinimumImprovement() {
    double[] base = {0.72, 0.73, 0.71, 0.74, 0.72};
    double[] cand = {0.74, 0.75, 0.73, 0.76, 0.75};
    assertEquals(ReleaseComparison.Verdict.PROMOTE, ReleaseComparison.of(base, cand, PerformanceMetric.AUC, 0.01).verdict());
    assertEquals(ReleaseComparison.Verdict.HOLD, ReleaseComparison.of(base, cand, PerformanceMetric.AUC, 0.05).verdict());
    assertEquals(ReleaseComparison.Verdict.REJECT, ReleaseComparison.of(cand, base, PerformanceMetric.AUC, 0.0).verdict());
    // Lower is better for log loss: the same numbers read the other way round.
    assertEquals(ReleaseComparison.Verdict.REJECT, ReleaseComparison.of(base, cand, PerformanceMetric.LOG_LOSS, 0.0).verdict());
    double[] noisy = {0.74, 0.70, 0.75, 0.69, 0.73};
    assertEquals(ReleaseComparison.Verdict.HOLD, ReleaseComparison.of(base, noisy, PerformanceMetric.AUC, 0.0).verdict());
    assertThrows(IllegalArgumentException.class, () -> ReleaseComparison.of(new double[] {1}, new double[] {1},
        PerformanceMetric.AUC, 0));
    assertThrows(IllegalArgumentException.class, () -> ReleaseComparison.of(base, cand,
        PerformanceMetric.PREDICTED_POSITIVE_RATE, 0));
  }

  @Test
  void latencySketchMergesToTheSameResultHoweverSplit() {
    Random random = new Random(2);
    double[] values = new double[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.exp(3.6 + 0.5 * random.nextGaussian());
    }
    LatencySketch whole = new LatencySketch();
    for (double v : values) {
      whole.add(v);
    }
    LatencySketch merged = new LatencySketch();
    for (int part = 0; part < 9; part++) {
      LatencySketch s = new LatencySketch();
      for (int i = part; i < values.length; i += 9) {
        s.add(values[i]);
      }
      merged.merge(s);
    }
    assertEquals(whole.count(), merged.count());
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      assertEquals(whole.quantile(q), merged.quantile(q), 0.0);
    }
    assertEquals(whole.max(), merged.max(), 0.0);
  }

  @Test
  void accumulatorCountsEachRowInTheGlobalSliceAndItsOwn() {
    ProfileLayout layout = new ProfileLayout(List.of(), List.of(), List.of("country"), List.of(List.of("US")));
    PerformanceAccumulator acc = new PerformanceAccumulator(layout, 1, BINARY);
    acc.add(0, new int[] {0}, 0.9, 1, 2, 11, 30);
    acc.add(0, new int[] {1}, 0.2, Double.NaN, 0, 12, 40);
    acc.add(0, new int[] {0}, 1.7, 1, 1, 13, Double.NaN);
    assertEquals(3, acc.group(0, 0).scored());
    assertEquals(1, acc.group(0, 0).sample().size());
    assertEquals(1, acc.group(0, 0).invalid(), "a probability above 1 is not a valid row");
    assertEquals(1, acc.group(0, 0).duplicateLabels());
    assertEquals(2, acc.group(0, 1).scored(), "US");
    assertEquals(1, acc.group(0, 2).scored(), "other");
    assertEquals(2, acc.group(0, 0).latency().count());
    assertNotNull(acc.layout());
  }

  private static PerformanceEstimate find(List<PerformanceEstimate> estimates, PerformanceMetric metric) {
    return estimates.stream().filter(e -> e.metric() == metric).findFirst().orElseThrow();
  }
}
