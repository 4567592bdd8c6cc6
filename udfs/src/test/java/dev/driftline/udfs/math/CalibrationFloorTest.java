package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ECE's noise floor against independent checks: every labelling of a small sample enumerated and
 * scored by {@link BinaryMetrics}, and Monte Carlo draws of labels from the scores (thousands of
 * draws, far more than any estimate inside the job would use) on the sizes of real slices.
 */
class CalibrationFloorTest {

  private static final int BINS = 10;
  private static final int ECE = new BinaryMetrics(0.5, BINS).metrics().indexOf(PerformanceMetric.ECE);

  /** Scores of a calibrated model: sigmoid of a normal logit, as the end-to-end simulation draws them. */
  private static double[] scores(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] p = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = 1 / (1 + Math.exp(-(-1 + 1.5 * random.nextGaussian())));
    }
    return p;
  }

  private static LabelledSample sample(double[] p, double[] y) {
    long[] keys = new long[p.length];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = i;
    }
    return LabelledSample.of(p, y, keys);
  }

  @Test
  void equalsTheExactExpectationOverEveryLabelling() {
    BinaryMetrics binary = new BinaryMetrics(0.5, BINS);
    for (int n : new int[] {1, 3, 7, 12}) {
      double[] p = scores(n, n);
      double expected = 0;
      for (int mask = 0; mask < 1 << n; mask++) {
        double[] y = new double[n];
        double probability = 1;
        for (int i = 0; i < n; i++) {
          y[i] = (mask >> i & 1) == 1 ? 1 : 0;
          probability *= y[i] == 1 ? p[i] : 1 - p[i];
        }
        expected += probability * binary.evaluate(sample(p, y), null)[ECE];
      }
      double floor = CalibrationFloor.expectedEce(sample(p, new double[n]), BINS);
      assertEquals(expected, floor, 1e-12, "n=" + n);
      assertEquals(floor, binary.noiseFloor(ECE, sample(p, new double[n])), 0.0);
    }
  }

  @Test
  void matchesMonteCarloOnSliceSizes() {
    // Sizes from the smallest slices (exact per bin) to large ones (normal approximation per bin).
    int[][] sizesAndDraws = {{40, 40_000}, {500, 20_000}, {5_000, 4_000}, {50_000, 1_000}};
    for (int[] sd : sizesAndDraws) {
      int n = sd[0];
      int draws = sd[1];
      double[] p = scores(n, 7L * n);
      SplittableRandom random = new SplittableRandom(11L * n);
      double sum = 0;
      double sumSq = 0;
      for (int k = 0; k < draws; k++) {
        double ece = directEce(p, random);
        sum += ece;
        sumSq += ece * ece;
      }
      double mean = sum / draws;
      double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
      double floor = CalibrationFloor.expectedEce(sample(p, new double[n]), BINS);
      System.out.printf(Locale.ROOT, "ECE noise floor n=%d: %.5f, Monte Carlo %.5f +/- %.5f (%d draws)%n", n, floor,
          mean, se, draws);
      assertEquals(mean, floor, 4 * se + 1e-3 * mean, "n=" + n);
    }
  }

  /** ECE of one draw of labels y_i ~ Bernoulli(p_i), computed directly. */
  private static double directEce(double[] p, SplittableRandom random) {
    double[] labels = new double[BINS];
    double[] predictions = new double[BINS];
    for (double q : p) {
      int b = Math.min((int) (q * BINS), BINS - 1);
      labels[b] += random.nextDouble() < q ? 1 : 0;
      predictions[b] += q;
    }
    double ece = 0;
    for (int b = 0; b < BINS; b++) {
      ece += Math.abs(labels[b] - predictions[b]);
    }
    return ece / p.length;
  }

  @Test
  void theFloorShrinksLikeOneOverRootN() {
    double small = CalibrationFloor.expectedEce(sample(scores(500, 1), new double[500]), BINS);
    double large = CalibrationFloor.expectedEce(sample(scores(50_000, 1), new double[50_000]), BINS);
    assertTrue(small > 0.03 && small < 0.05, "about 0.04 on 500 labels of these scores: " + small);
    assertEquals(10, small / large, 1.5);
  }

  @Test
  void certainScoresHaveNoFloorAndTheTwoSidesAgree() {
    assertEquals(0, CalibrationFloor.expectedAbsoluteDeviation(new double[] {0, 1, 1, 0}), 0.0);
    // Counting failures instead of successes: p and 1 - p give the same deviation.
    double[] p = {0.9, 0.95, 0.99, 0.8};
    double[] q = {0.1, 0.05, 0.01, 0.2};
    assertEquals(CalibrationFloor.expectedAbsoluteDeviation(q), CalibrationFloor.expectedAbsoluteDeviation(p), 1e-15);
    // One fair coin: |S - 1/2| is 1/2 whatever the outcome.
    assertEquals(0.5, CalibrationFloor.expectedAbsoluteDeviation(new double[] {0.5}), 1e-15);
  }
}
