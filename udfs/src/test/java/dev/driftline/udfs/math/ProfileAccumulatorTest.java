package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accumulator's flat arrays, batches, shifted sums and derived global group against one plain
 * {@link Histogram} per group fed value by value, and its variance against exact arithmetic.
 */
class ProfileAccumulatorTest {

  private static final NumericBins X = new NumericBins(new double[] {-1, 0, 0.5, 2});
  private static final NumericBins Y = new NumericBins(new double[] {1e6 - 1, 1e6, 1e6 + 1});
  private static final NumericBins EMPTY = new NumericBins(new double[0]);
  private static final CategoricalBins DEVICE = new CategoricalBins(List.of("ios", "web"));
  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 2};

  /** One generated row: slice value indexes, numeric values (null = null), a categorical bin. */
  private record TestRow(int[] slices, Double[] numeric, int device) {}

  private static ProfileLayout layout(int dims) {
    List<String> keys = List.of("country", "plan", "region").subList(0, dims);
    List<List<String>> vocabularies = List.of(List.of("US", "BR", "MX"), List.of("free"),
        List.of("a", "b", "c", "d", "e")).subList(0, dims);
    return new ProfileLayout(List.of(X, Y, EMPTY), List.of(DEVICE), keys, vocabularies);
  }

  private static List<TestRow> rows(ProfileLayout layout, int n, long seed) {
    Random random = new Random(seed);
    List<TestRow> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] slices = new int[layout.sliceKeys().size()];
      for (int d = 0; d < slices.length; d++) {
        slices[d] = random.nextInt(layout.groupsOf(d));
      }
      Double x = random.nextInt(10) == 0 ? null
          : random.nextInt(8) == 0 ? SPECIALS[random.nextInt(SPECIALS.length)] : random.nextGaussian();
      Double y = random.nextInt(20) == 0 ? null : 1e6 + random.nextGaussian();
      Double constant = random.nextInt(3) == 0 ? null : 42.0;
      rows.add(new TestRow(slices, new Double[] {x, y, constant}, random.nextInt(DEVICE.size())));
    }
    return rows;
  }

  private static ProfileAccumulator accumulate(ProfileLayout layout, List<TestRow> rows) {
    ProfileAccumulator acc = new ProfileAccumulator(layout);
    RowBatch batch = new RowBatch(layout);
    for (TestRow row : rows) {
      for (int d = 0; d < row.slices().length; d++) {
        batch.slice(d, row.slices()[d]);
      }
      for (int c = 0; c < row.numeric().length; c++) {
        if (row.numeric()[c] == null) {
          batch.numericNull(c);
        } else {
          batch.numeric(c, row.numeric()[c]);
        }
      }
      batch.categorical(0, row.device());
      if (batch.endRow()) {
        acc.add(batch);
      }
    }
    acc.add(batch);
    return acc;
  }

  /** Plain histograms: [group][column], every row in the global group and one group per dimension. */
  private static Histogram[][] expected(ProfileLayout layout, List<TestRow> rows, long[] groupRows) {
    List<NumericBins> numeric = layout.numericBins();
    Histogram[][] out = new Histogram[layout.groupCount()][4];
    for (Histogram[] group : out) {
      for (int c = 0; c < 3; c++) {
        group[c] = new Histogram(numeric.get(c).size());
      }
      group[3] = new Histogram(DEVICE.size());
    }
    for (TestRow row : rows) {
      List<Integer> groups = new ArrayList<>(List.of(0));
      for (int d = 0; d < row.slices().length; d++) {
        groups.add(layout.firstGroupOf(d) + row.slices()[d]);
      }
      for (int g : groups) {
        groupRows[g]++;
        for (int c = 0; c < 3; c++) {
          out[g][c].add(numeric.get(c), row.numeric()[c]);
        }
        out[g][3].addToBin(row.device());
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void everyGroupEqualsPlainHistograms(int dims) {
    ProfileLayout layout = layout(dims);
    // More than one batch and a partial last one.
    List<TestRow> rows = rows(layout, 2 * RowBatch.CAPACITY + 77, dims);
    ProfileAccumulator acc = accumulate(layout, rows);
    long[] groupRows = new long[layout.groupCount()];
    Histogram[][] expected = expected(layout, rows, groupRows);
    for (int g = 0; g < layout.groupCount(); g++) {
      assertEquals(groupRows[g], acc.rows(g), "rows of group " + g);
      for (int c = 0; c < 4; c++) {
        assertHistogramEquals(expected[g][c], acc.histogram(g, c), "group " + g + " column " + c);
      }
      if (acc.histogram(g, 2).finiteCount() > 0) {
        assertEquals(0.0, acc.histogram(g, 2).variance(), "a constant column's variance is exactly 0");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void mergedPartsEqualTheWholeAndMergeIsDeterministic(int dims) {
    ProfileLayout layout = layout(dims);
    List<TestRow> rows = rows(layout, 1500, 11);
    ProfileAccumulator whole = accumulate(layout, rows);
    List<List<TestRow>> parts = List.of(rows.subList(0, 300), rows.subList(300, 300), rows.subList(300, 1500));
    ProfileAccumulator merged = new ProfileAccumulator(layout);
    ProfileAccumulator mergedAgain = new ProfileAccumulator(layout);
    for (List<TestRow> part : parts) {
      merged.merge(accumulate(layout, part));
      mergedAgain.merge(accumulate(layout, part));
    }
    for (int g = 0; g < layout.groupCount(); g++) {
      assertEquals(whole.rows(g), merged.rows(g));
      for (int c = 0; c < 4; c++) {
        assertHistogramEquals(whole.histogram(g, c), merged.histogram(g, c), "group " + g + " column " + c);
        Histogram a = merged.histogram(g, c);
        Histogram b = mergedAgain.histogram(g, c);
        assertArrayEquals(a.sums(), b.sums(), 0, "same merge order, same bits");
        assertEquals(a.variance(), b.variance(), 0, "same merge order, same bits");
      }
    }
  }

  /**
   * Partition states cut into column sections, each section merged on its own in partition order
   * and the merged sections joined, give the whole states' merge bit for bit, however many sections.
   * Merging groups of partitions first (a tree over partitions) does not: these sums change in
   * their last bits when reassociated.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 4})
  void sectionsMergedApartAndJoinedEqualTheWholeMergeBitForBit(int sections) {
    ProfileLayout layout = layout(3);
    List<TestRow> rows = rows(layout, 3000, 23);
    List<ProfileAccumulator> partitions = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += 250) {
      partitions.add(accumulate(layout, rows.subList(from, from + 250)));
    }
    ProfileAccumulator whole = new ProfileAccumulator(layout);
    partitions.forEach(whole::merge);

    int units = whole.units();
    List<ProfileAccumulator> merged = new ArrayList<>();
    for (int k = 0; k < sections; k++) {
      int from = k * units / sections;
      int to = (k + 1) * units / sections;
      ProfileAccumulator section = new ProfileAccumulator(layout).section(from, to);
      for (ProfileAccumulator partition : partitions) {
        section.merge(partition.section(from, to));
      }
      merged.add(section);
    }
    SameBits.assertSameBits(whole, new ProfileAccumulator(layout).join(merged), sections + " sections");

    ProfileAccumulator tree = new ProfileAccumulator(layout);
    for (int bucket = 0; bucket < partitions.size(); bucket += 4) {
      ProfileAccumulator part = new ProfileAccumulator(layout);
      partitions.subList(bucket, bucket + 4).forEach(part::merge);
      tree.merge(part);
    }
    assertFalse(Arrays.equals(SameBits.of(whole), SameBits.of(tree)), "a tree over partitions reassociates the sums");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void joinTakesSectionsCoveringTheColumnsInOrderOnly(int dims) {
    ProfileLayout layout = layout(dims);
    ProfileAccumulator acc = new ProfileAccumulator(layout);
    ProfileAccumulator first = acc.section(0, 2);
    ProfileAccumulator rest = acc.section(2, 4);
    assertThrows(IllegalArgumentException.class, () -> new ProfileAccumulator(layout).join(List.of(rest, first)));
    assertThrows(IllegalArgumentException.class, () -> new ProfileAccumulator(layout).join(List.of(first)));
    assertEquals(4, new ProfileAccumulator(layout).join(List.of(first, rest)).units());
  }

  /**
   * Values far from zero, the first of them (the shift) up to a million standard deviations from
   * the rest: the variance against exact decimal arithmetic.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0, 1000, 1e6})
  void varianceIsAccurateWhateverTheFirstValue(double drift) {
    ProfileLayout layout = new ProfileLayout(List.of(Y), List.of(), List.of(), List.of());
    Random random = new Random(5);
    ProfileAccumulator acc = new ProfileAccumulator(layout);
    RowBatch batch = new RowBatch(layout);
    double[] values = new double[5000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i == 0 ? 1e6 + drift : 1e6 + random.nextGaussian();
      batch.numeric(0, values[i]);
      if (batch.endRow()) {
        acc.add(batch);
      }
    }
    acc.add(batch);
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    BigDecimal mean = sum.divide(BigDecimal.valueOf(values.length), mc);
    BigDecimal squares = BigDecimal.ZERO;
    for (double v : values) {
      BigDecimal d = new BigDecimal(v).subtract(mean);
      squares = squares.add(d.multiply(d, mc));
    }
    double exactVariance = squares.divide(BigDecimal.valueOf(values.length), mc).doubleValue();
    Histogram h = acc.histogram(0, 0);
    assertEquals(mean.doubleValue(), h.mean(), 1e-15 * Math.abs(mean.doubleValue()));
    assertEquals(exactVariance, h.variance(), 1e-9 * exactVariance);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void layoutsMustMatchToMerge(int dims) {
    ProfileAccumulator a = new ProfileAccumulator(layout(dims));
    ProfileAccumulator b = new ProfileAccumulator(layout(dims + 1));
    assertThrows(IllegalArgumentException.class, () -> a.merge(b));
  }

  private static void assertHistogramEquals(Histogram want, Histogram got, String what) {
    assertArrayEquals(want.counts(), got.counts(), what + " counts");
    double[] wantSums = want.sums();
    double[] gotSums = got.sums();
    for (int b = 0; b < wantSums.length; b++) {
      assertClose(wantSums[b], gotSums[b], what + " sum of bin " + b);
    }
    assertEquals(want.nulls(), got.nulls(), what + " nulls");
    assertEquals(want.nans(), got.nans(), what + " nans");
    assertEquals(want.posInfinities(), got.posInfinities(), what + " +inf");
    assertEquals(want.negInfinities(), got.negInfinities(), what + " -inf");
    assertEquals(want.finiteCount(), got.finiteCount(), what + " finite");
    assertClose(want.mean(), got.mean(), what + " mean");
    assertClose(want.variance(), got.variance(), what + " variance");
    assertEquals(want.min(), got.min(), 0, what + " min");
    assertEquals(want.max(), got.max(), 0, what + " max");
  }

  /** Within 1e-9 relative (absolute below 1); NaN only where NaN is expected. */
  private static void assertClose(double want, double got, String what) {
    if (Double.isNaN(want)) {
      assertEquals(want, got, what);
    } else {
      assertEquals(want, got, 1e-9 * Math.max(1, Math.abs(want)), what);
    }
  }
}
