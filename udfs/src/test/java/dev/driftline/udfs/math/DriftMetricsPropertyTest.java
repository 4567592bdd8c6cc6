package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The laws every {@link DriftMeasure} obeys, as its registry entry declares them, on many seeded
 * random histogram pairs; then bounds and scaling properties of particular measures.
 */
class DriftMetricsPropertyTest {

  private static final int ROUNDS = 500;
  private static final double[] SMOOTHINGS = {0.0, 0.1, 0.5, 1.0};

  private final Random random = new Random(20260101L);

  @Test
  void identicalHistogramsAreAtDistanceZeroWithPValueOne() {
    for (int round = 0; round < ROUNDS; round++) {
      long[] counts = randomCounts(1 + random.nextInt(60), true);
      double a = SMOOTHINGS[random.nextInt(SMOOTHINGS.length)];
      BinnedPair same = new BinnedPair(counts, counts.clone(), shuffledPoints(counts.length), 1.0, a);
      String what = Arrays.toString(counts) + " a=" + a;
      DriftSummary s = DriftSummary.of(same);
      for (DriftMeasure m : DriftMeasure.values()) {
        double value = s.value(m);
        switch (m.kind()) {
          case DISTANCE, STATISTIC -> assertEquals(0, value, 1e-12, m.key() + " of " + what);
          case P_VALUE -> assertEquals(1, value, 1e-12, m.key() + " of " + what);
          case NOISE_FLOOR -> assertTrue(value >= 0, m.key() + " of " + what);
        }
      }
      assertEquals(List.of(), s.topBins(), what);
    }
  }

  @Test
  void everyMeasureIsNonNegativeAndPValuesAreProbabilities() {
    for (int round = 0; round < ROUNDS; round++) {
      BinnedPair pair = randomPair(1 + random.nextInt(60));
      for (DriftMeasure m : DriftMeasure.values()) {
        double value = m.of(pair);
        assertTrue(value >= 0, () -> m.key() + " = " + value + " for " + describe(pair));
        if (m.kind() == DriftMeasure.Kind.P_VALUE) {
          assertTrue(value <= 1, () -> m.key() + " = " + value + " for " + describe(pair));
        }
      }
    }
  }

  @Test
  void symmetricMeasuresDoNotDependOnWhichSideIsTheReference() {
    for (int round = 0; round < ROUNDS; round++) {
      BinnedPair pair = randomPair(1 + random.nextInt(60));
      BinnedPair swapped = new BinnedPair(pair.cur(), pair.ref(), pair.points(), pair.refStddev(), pair.smoothing());
      for (DriftMeasure m : DriftMeasure.values()) {
        if (m.symmetric()) {
          Tolerance.assertClose(m.of(pair), m.of(swapped), m.key() + " swapped for " + describe(pair));
        }
      }
    }
    // KL is declared asymmetric, and is.
    BinnedPair skewed = BinnedPair.of(new long[] {90, 10}, new long[] {50, 50});
    BinnedPair back = BinnedPair.of(skewed.cur(), skewed.ref());
    assertTrue(Math.abs(DriftMeasure.KL.of(skewed) - DriftMeasure.KL.of(back)) > 1e-3);
  }

  @Test
  void measuresThatIgnoreBinOrderAreInvariantToPermutingTheBins() {
    for (int round = 0; round < ROUNDS; round++) {
      int bins = 1 + random.nextInt(60);
      BinnedPair pair = randomPair(bins);
      int[] order = permutation(bins);
      // Points move with their bins: a measure on points depends on where bins are, not their index.
      BinnedPair permuted = new BinnedPair(permute(pair.ref(), order), permute(pair.cur(), order),
          permute(pair.points(), order), pair.refStddev(), pair.smoothing());
      for (DriftMeasure m : DriftMeasure.values()) {
        if (m.input() != DriftMeasure.Input.ORDERED_COUNTS) {
          Tolerance.assertClose(m.of(pair), m.of(permuted), m.key() + " permuted for " + describe(pair));
        }
      }
    }
  }

  @Test
  void orderDependentMeasuresAreUndefinedWithoutAnOrderAndOthersAreNot() {
    BinnedPair unordered = BinnedPair.of(new long[] {5, 3, 9}, new long[] {4, 8, 1});
    for (DriftMeasure m : DriftMeasure.values()) {
      assertEquals(m.dependsOnBinOrder(), Double.isNaN(m.of(unordered)), m.key());
    }
  }

  @Test
  void anEmptySideMakesEveryMeasureNaN() {
    long[] some = {3, 0, 5};
    long[] empty = {0, 0, 0};
    double[] points = {1, 2, 3};
    for (DriftMeasure m : DriftMeasure.values()) {
      assertEquals(Double.NaN, m.of(new BinnedPair(empty, some, points, 1, 0.5)), m.key() + " with an empty reference");
      assertEquals(Double.NaN, m.of(new BinnedPair(some, empty, points, 1, 0.5)), m.key() + " with an empty day");
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

  private BinnedPair randomPair(int bins) {
    return new BinnedPair(randomCounts(bins, true), randomCounts(bins, true), shuffledPoints(bins),
        Math.pow(10, 4 * random.nextDouble() - 2), SMOOTHINGS[random.nextInt(SMOOTHINGS.length)]);
  }

  /** Distinct points in random order, with random gaps, as the reference's bin means may be. */
  private double[] shuffledPoints(int bins) {
    double[] sorted = new double[bins];
    double x = random.nextGaussian() * 100;
    for (int i = 0; i < bins; i++) {
      x += 0.01 + random.nextDouble() * 10;
      sorted[i] = x;
    }
    return permute(sorted, permutation(bins));
  }

  private int[] permutation(int n) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    Collections.shuffle(order, random);
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static long[] permute(long[] xs, int[] order) {
    return Arrays.stream(order).mapToLong(i -> xs[i]).toArray();
  }

  private static double[] permute(double[] xs, int[] order) {
    return Arrays.stream(order).mapToDouble(i -> xs[i]).toArray();
  }

  private static String describe(BinnedPair p) {
    return Arrays.toString(p.ref()) + " vs " + Arrays.toString(p.cur()) + " a=" + p.smoothing();
  }
}
