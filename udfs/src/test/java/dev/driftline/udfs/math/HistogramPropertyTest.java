package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Merging histograms must give the histogram of the union of their rows, whatever the order and
 * grouping, since Spark builds them per partition and combines them in no fixed order.
 */
class HistogramPropertyTest {

  private static final int ROUNDS = 300;

  private final Random random = new Random(7L);

  @Test
  void mergeOfSplitDataEqualsTheHistogramOfTheUnion() {
    for (int round = 0; round < ROUNDS; round++) {
      NumericBins bins = randomBins();
      List<Double> rows = randomColumn();
      List<List<Double>> parts = randomSplit(rows, 1 + random.nextInt(5));
      Histogram merged = new Histogram(bins.size());
      for (List<Double> part : parts) {
        merged.merge(histogramOf(bins, part));
      }
      Histogram union = histogramOf(bins, rows);
      assertSameRows(union, merged, "round " + round);
      assertMomentsMatchTwoPass(rows, merged, "round " + round);
    }
  }

  @Test
  void mergeIsAssociativeAndCommutative() {
    for (int round = 0; round < ROUNDS; round++) {
      NumericBins bins = randomBins();
      List<List<Double>> parts = randomSplit(randomColumn(), 3);
      Histogram a = histogramOf(bins, parts.get(0));
      Histogram b = histogramOf(bins, parts.get(1));
      Histogram c = histogramOf(bins, parts.get(2));
      String what = "round " + round;
      assertSameRows(a.copy().merge(b).merge(c), a.copy().merge(b.copy().merge(c)), what + " (associativity)");
      assertSameRows(a.copy().merge(b), b.copy().merge(a), what + " (commutativity)");
      assertSameRows(c.copy().merge(a).merge(b), a.copy().merge(b).merge(c), what + " (reordered)");
    }
  }

  @Test
  void mergingAnEmptyHistogramChangesNothing() {
    for (int round = 0; round < 50; round++) {
      NumericBins bins = randomBins();
      Histogram h = histogramOf(bins, randomColumn());
      Histogram empty = new Histogram(bins.size());
      assertSameRows(h, h.copy().merge(empty), "round " + round + " (empty on the right)");
      assertSameRows(h, empty.copy().merge(h), "round " + round + " (empty on the left)");
    }
  }

  @Test
  void momentsStayAccurateOnALargeOffset() {
    // Naive sum-of-squares variance loses every digit at a mean 10^6 standard deviations from 0;
    // the streaming update keeps about 1e-11 (it degrades to about 1e-8 at 10^9).
    List<Double> rows = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      rows.add(1e6 + random.nextGaussian());
    }
    NumericBins bins = NumericBins.fromCandidates(new double[] {1e6});
    Histogram merged = new Histogram(bins.size());
    for (List<Double> part : randomSplit(rows, 16)) {
      merged.merge(histogramOf(bins, part));
    }
    assertMomentsMatchTwoPass(rows, merged, "offset 1e6");
  }

  private static Histogram histogramOf(NumericBins bins, List<Double> rows) {
    Histogram h = new Histogram(bins.size());
    rows.forEach(value -> h.add(bins, value));
    return h;
  }

  private static void assertSameRows(Histogram expected, Histogram actual, String what) {
    assertArrayEquals(expected.counts(), actual.counts(), what + " counts");
    assertEquals(expected.nulls(), actual.nulls(), what + " nulls");
    assertEquals(expected.nans(), actual.nans(), what + " NaNs");
    assertEquals(expected.negInfinities(), actual.negInfinities(), what + " -Infinity");
    assertEquals(expected.posInfinities(), actual.posInfinities(), what + " +Infinity");
    assertEquals(expected.finiteCount(), actual.finiteCount(), what + " finite values");
    double[] expectedSums = expected.sums();
    double[] actualSums = actual.sums();
    for (int i = 0; i < expectedSums.length; i++) {
      assertClose(expectedSums[i], actualSums[i], what + " sum of bin " + i);
    }
    assertClose(expected.mean(), actual.mean(), what + " mean");
    assertClose(expected.variance(), actual.variance(), what + " variance");
    assertEquals(expected.min(), actual.min(), what + " min");
    assertEquals(expected.max(), actual.max(), what + " max");
  }

  /** Moments against a textbook two-pass computation over the finite values. */
  private static void assertMomentsMatchTwoPass(List<Double> rows, Histogram h, String what) {
    double[] finite = rows.stream().filter(v -> v != null && Double.isFinite(v)).mapToDouble(Double::doubleValue)
        .toArray();
    if (finite.length == 0) {
      assertEquals(Double.NaN, h.mean(), what + " mean of nothing");
      return;
    }
    double mean = 0;
    for (double v : finite) {
      mean += v / finite.length;
    }
    double squares = 0;
    for (double v : finite) {
      squares += (v - mean) * (v - mean);
    }
    assertClose(mean, h.mean(), what + " mean");
    assertClose(squares / finite.length, h.variance(), what + " variance");
    assertEquals(java.util.Arrays.stream(finite).min().getAsDouble(), h.min(), what + " min");
    assertEquals(java.util.Arrays.stream(finite).max().getAsDouble(), h.max(), what + " max");
  }

  private static void assertClose(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertEquals(expected, actual, what);
      return;
    }
    // Sums regrouped in another order differ by rounding only; 1e-9 of the magnitude, or absolutely near 0.
    assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
  }

  private NumericBins randomBins() {
    double[] sample = new double[1 + random.nextInt(200)];
    for (int i = 0; i < sample.length; i++) {
      sample[i] = random.nextGaussian() * 10;
    }
    return NumericBins.fromSample(sample, 1 + random.nextInt(20));
  }

  /** Values with nulls, NaNs, infinities and repeats mixed in, as a real column has. */
  private List<Double> randomColumn() {
    int size = random.nextInt(300);
    double scale = Math.pow(10, random.nextInt(7) - 2);
    List<Double> rows = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      double u = random.nextDouble();
      rows.add(u < 0.03 ? null
          : u < 0.06 ? Double.NaN
          : u < 0.08 ? Double.POSITIVE_INFINITY
          : u < 0.10 ? Double.NEGATIVE_INFINITY
          : u < 0.20 ? (double) random.nextInt(3)
          : random.nextGaussian() * scale);
    }
    return rows;
  }

  /** Rows dealt at random into {@code parts} lists, some of which may stay empty. */
  private List<List<Double>> randomSplit(List<Double> rows, int parts) {
    List<List<Double>> split = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      split.add(new ArrayList<>());
    }
    rows.forEach(row -> split.get(random.nextInt(parts)).add(row));
    return split;
  }
}
