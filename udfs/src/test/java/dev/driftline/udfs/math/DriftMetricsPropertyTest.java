package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Properties every metric must have, on many seeded random histogram pairs. */
class DriftMetricsPropertyTest {

  private static final int ROUNDS = 500;
  private static final double[] SMOOTHINGS = {0.0, 0.1, 0.5, 1.0};

  /** Distances that must not depend on which side is the reference. */
  private static final Map<String, BiFunction<long[], long[], Double>> SYMMETRIC = new LinkedHashMap<>();
  /** Every statistic that is never negative (p-values are checked apart). */
  private static final Map<String, BiFunction<long[], long[], Double>> NON_NEGATIVE = new LinkedHashMap<>();

  static {
    SYMMETRIC.put("jsDivergence", DriftMetrics::jsDivergence);
    SYMMETRIC.put("jsDistance", DriftMetrics::jsDistance);
    SYMMETRIC.put("hellinger", DriftMetrics::hellinger);
    SYMMETRIC.put("tv", DriftMetrics::tv);
    SYMMETRIC.put("linf", DriftMetrics::linf);
    SYMMETRIC.put("ksStatistic", DriftMetrics::ksStatistic);
    SYMMETRIC.put("psi", (r, c) -> DriftMetrics.psi(r, c, DriftMetrics.DEFAULT_SMOOTHING));
    SYMMETRIC.put("chiSquareStatistic", DriftMetrics::chiSquareStatistic);
    SYMMETRIC.put("gStatistic", DriftMetrics::gStatistic);
    SYMMETRIC.put("expectedPsi", DriftMetrics::expectedPsi);
    NON_NEGATIVE.putAll(SYMMETRIC);
    NON_NEGATIVE.put("kl", (r, c) -> DriftMetrics.kl(r, c, DriftMetrics.DEFAULT_SMOOTHING));
    NON_NEGATIVE.put("wasserstein", (r, c) -> DriftMetrics.wasserstein(sortedPoints(r.length), r, c));
  }

  private final Random random = new Random(20260101L);

  @Test
  void identicalHistogramsAreAtDistanceZeroWithPValueOne() {
    for (int round = 0; round < ROUNDS; round++) {
      long[] counts = randomCounts(1 + random.nextInt(60), true);
      long[] same = counts.clone();
      double a = SMOOTHINGS[random.nextInt(SMOOTHINGS.length)];
      String what = Arrays.toString(counts) + " a=" + a;
      DriftSummary s = DriftSummary.of(counts, same, sortedPoints(counts.length), 1.0, a);
      for (double zero : new double[] {s.psi(), s.kl(), s.jsDivergence(), s.jsDistance(), s.hellinger(),
          s.tv(), s.linf(), s.ksStatistic(), s.wasserstein(), s.chiSquareStatistic(), s.gStatistic()}) {
        assertEquals(0, zero, 1e-12, what);
      }
      assertEquals(1, s.psiPValue(), 1e-12, what);
      assertEquals(1, s.chiSquarePValue(), 1e-12, what);
      assertEquals(1, s.gPValue(), 1e-12, what);
      assertEquals(List.of(), s.topBins(), what);
    }
  }

  @Test
  void statisticsAreNonNegativeAndPValuesAreProbabilities() {
    for (int round = 0; round < ROUNDS; round++) {
      int bins = 1 + random.nextInt(60);
      long[] ref = randomCounts(bins, true);
      long[] cur = randomCounts(bins, true);
      String what = Arrays.toString(ref) + " vs " + Arrays.toString(cur);
      NON_NEGATIVE.forEach((name, metric) -> {
        double value = metric.apply(ref, cur);
        assertTrue(value >= 0, () -> name + " = " + value + " for " + what);
      });
      for (double p : new double[] {DriftMetrics.chiSquarePValue(ref, cur), DriftMetrics.gPValue(ref, cur),
          DriftMetrics.psiPValue(ref, cur, DriftMetrics.DEFAULT_SMOOTHING)}) {
        assertTrue(p >= 0 && p <= 1, () -> "p-value " + p + " for " + what);
      }
    }
  }

  @Test
  void distancesRespectTheirKnownBounds() {
    for (int round = 0; round < ROUNDS; round++) {
      int bins = 1 + random.nextInt(60);
      long[] ref = randomCounts(bins, true);
      long[] cur = randomCounts(bins, true);
      String what = Arrays.toString(ref) + " vs " + Arrays.toString(cur);
      double tv = DriftMetrics.tv(ref, cur);
      double hellinger = DriftMetrics.hellinger(ref, cur);
      double slack = 1e-12;
      assertTrue(DriftMetrics.jsDivergence(ref, cur) <= Math.log(2) + slack, what);
      assertTrue(tv <= 1 + slack, what);
      // Every single-bin or cumulative gap is at most the total variation.
      assertTrue(DriftMetrics.linf(ref, cur) <= tv + slack, what);
      assertTrue(DriftMetrics.ksStatistic(ref, cur) <= tv + slack, what);
      // H^2 <= TV <= sqrt(2) H.
      assertTrue(hellinger * hellinger <= tv + slack, what);
      assertTrue(tv <= Math.sqrt(2) * hellinger + slack, what);
    }
  }

  @Test
  void symmetricDistancesDoNotDependOnTheOrderOfTheHistograms() {
    for (int round = 0; round < ROUNDS; round++) {
      int bins = 1 + random.nextInt(60);
      long[] ref = randomCounts(bins, true);
      long[] cur = randomCounts(bins, true);
      String what = Arrays.toString(ref) + " vs " + Arrays.toString(cur);
      SYMMETRIC.forEach((name, metric) -> Tolerance.assertClose(
          metric.apply(ref, cur), metric.apply(cur, ref), name + " swapped for " + what));
    }
  }

  @Test
  void unsmoothedDivergencesDependOnlyOnShares() {
    for (int round = 0; round < ROUNDS; round++) {
      int bins = 1 + random.nextInt(60);
      // a = 0 needs every bin filled on both sides for PSI and KL to be finite.
      long[] ref = randomCounts(bins, false);
      long[] cur = randomCounts(bins, false);
      long factor = 2 + random.nextInt(1000);
      long[] scaledRef = Arrays.stream(ref).map(c -> c * factor).toArray();
      long[] scaledCur = Arrays.stream(cur).map(c -> c * factor).toArray();
      String what = Arrays.toString(ref) + " vs " + Arrays.toString(cur) + " times " + factor;
      Tolerance.assertClose(DriftMetrics.psi(ref, cur, 0), DriftMetrics.psi(scaledRef, scaledCur, 0), "psi " + what);
      Tolerance.assertClose(DriftMetrics.kl(ref, cur, 0), DriftMetrics.kl(scaledRef, scaledCur, 0), "kl " + what);
      Tolerance.assertClose(DriftMetrics.jsDivergence(ref, cur), DriftMetrics.jsDivergence(scaledRef, scaledCur),
          "js " + what);
    }
  }

  @Test
  void theNoiseFloorShrinksWithSampleSize() {
    long[] ref = {100, 200, 300, 400};
    long[] cur = {110, 190, 310, 390};
    long[] tenTimes = Arrays.stream(cur).map(c -> c * 10).toArray();
    // The same shares measured on ten times the rows are ten times as unlikely to be noise.
    assertTrue(DriftMetrics.expectedPsi(ref, tenTimes) < DriftMetrics.expectedPsi(ref, cur));
    assertTrue(DriftMetrics.psiPValue(ref, tenTimes, 0.5) < DriftMetrics.psiPValue(ref, cur, 0.5));
    assertTrue(DriftMetrics.chiSquarePValue(ref, tenTimes) < DriftMetrics.chiSquarePValue(ref, cur));
  }

  /** Counts over a random total between 1 and 10^7; with zeros allowed, some bins are emptied. */
  private long[] randomCounts(int bins, boolean zerosAllowed) {
    double total = Math.pow(10, 7 * random.nextDouble());
    long[] counts = new long[bins];
    for (int i = 0; i < bins; i++) {
      boolean empty = zerosAllowed && random.nextDouble() < 0.2;
      counts[i] = empty ? 0 : (zerosAllowed ? 0 : 1) + Math.round(total * random.nextDouble() / bins);
    }
    if (Arrays.stream(counts).sum() == 0) {
      counts[random.nextInt(bins)] = 1;
    }
    return counts;
  }

  private static double[] sortedPoints(int bins) {
    double[] points = new double[bins];
    for (int i = 0; i < bins; i++) {
      points[i] = i * 1.5 - 3;
    }
    return points;
  }
}
