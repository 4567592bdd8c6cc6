package dev.driftline.udfs;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Spark aggregation paths (the one-pass profile scan and the vectorized UDAFs) against a
 * plain Java loop over the same rows, across partitionings including empty partitions.
 */
class HistogramAggregationTest extends SparkTestBase {

  private static final StructType SCHEMA = new StructType()
      .add("country", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("device", DataTypes.StringType);
  private static final NumericBins X_BINS = new NumericBins(new double[] {-1, 0, 0.5, 2});
  private static final NumericBins Y_BINS = new NumericBins(new double[] {10});
  private static final CategoricalBins DEVICE_BINS = new CategoricalBins(List.of("ios", "web"));
  private static final ProfileLayout LAYOUT = new ProfileLayout(
      List.of(X_BINS, Y_BINS), List.of(DEVICE_BINS), List.of("country"), List.of(List.of("US", "BR")));

  private static List<Row> rows() {
    Random random = new Random(7);
    String[] countries = {"US", "BR", "MX", null};
    String[] devices = {"ios", "web", "android", null};
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -1};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Double x = random.nextInt(10) == 0 ? null
          : random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian();
      Double y = random.nextInt(20) == 0 ? null : 10 + random.nextGaussian() * 3;
      rows.add(RowFactory.create(countries[random.nextInt(4)], x, y, devices[random.nextInt(4)]));
    }
    return rows;
  }

  /** Expected histograms by a plain loop: group -> [x, y, device]. */
  private static Map<String, Histogram[]> expected(List<Row> rows) {
    Map<String, Histogram[]> out = new HashMap<>();
    Map<String, Integer> deviceIndex = DEVICE_BINS.index();
    for (Row row : rows) {
      String country = row.isNullAt(0) ? ProfileLayout.NULL_SLICE
          : List.of("US", "BR").contains(row.getString(0)) ? row.getString(0) : ProfileLayout.OTHER_SLICE;
      for (String group : List.of(ProfileLayout.GLOBAL, country)) {
        Histogram[] h = out.computeIfAbsent(group, g -> new Histogram[] {
            new Histogram(X_BINS.size()), new Histogram(Y_BINS.size()), new Histogram(DEVICE_BINS.size())});
        h[0].add(X_BINS, row.isNullAt(1) ? null : row.getDouble(1));
        h[1].add(Y_BINS, row.isNullAt(2) ? null : row.getDouble(2));
        h[2].addToBin(DEVICE_BINS.binOf(row.getString(3), deviceIndex));
      }
    }
    return out;
  }

  /** Rows in {@code partitions} partitions; 0 hashes them by country into 8, leaving some empty. */
  private Dataset<Row> frame(int partitions) {
    Dataset<Row> df = spark().createDataFrame(rows(), SCHEMA);
    return partitions == 0 ? df.repartition(8, col("country")) : df.repartition(partitions);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 7})
  void profileScanEqualsPlainLoop(int partitions) {
    ProfileAccumulator acc = ProfileScan.scan(frame(partitions), LAYOUT);
    Map<String, Histogram[]> expected = expected(rows());
    List<ProfileLayout.Slice> slices = LAYOUT.slices();
    long totalRows = 0;
    for (int g = 0; g < slices.size(); g++) {
      String value = slices.get(g).value();
      Histogram[] want = expected.get(value);
      for (int c = 0; c < 3; c++) {
        Histogram got = acc.histogram(g, c);
        if (want == null) {
          assertEquals(0, got.rows(), "group " + value);
          continue;
        }
        assertHistogramEquals(want[c], got, value + " column " + c);
      }
      if (g > 0) {
        totalRows += acc.rows(g);
      }
    }
    assertEquals(400, acc.rows(0));
    assertEquals(400, totalRows, "every row lands in exactly one country group");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void vectorizedUdafsEqualPlainLoop(int partitions) {
    Dataset<Row> df = frame(partitions);
    Row global = df.agg(
            NumericHistogramsAggregator.udaf(List.of(X_BINS, Y_BINS)).apply(array(col("x"), col("y"))),
            CategoricalHistogramsAggregator.udaf(List.of(DEVICE_BINS)).apply(array(col("device"))))
        .first();
    Histogram[] want = expected(rows()).get(ProfileLayout.GLOBAL);
    List<Row> numeric = global.getStruct(0).getList(0);
    List<Row> categorical = global.getStruct(1).getList(0);
    assertHistogramEquals(want[0], HistogramRows.fromRow(numeric.get(0)), "x");
    assertHistogramEquals(want[1], HistogramRows.fromRow(numeric.get(1)), "y");
    assertHistogramEquals(want[2], HistogramRows.fromRow(categorical.get(0)), "device");
  }

  private static void assertHistogramEquals(Histogram want, Histogram got, String what) {
    assertArrayEquals(want.counts(), got.counts(), what + " counts");
    assertArrayEquals(want.sums(), got.sums(), 1e-9, what + " sums");
    assertEquals(want.nulls(), got.nulls(), what + " nulls");
    assertEquals(want.nans(), got.nans(), what + " nans");
    assertEquals(want.posInfinities(), got.posInfinities(), what + " +inf");
    assertEquals(want.negInfinities(), got.negInfinities(), what + " -inf");
    assertEquals(want.finiteCount(), got.finiteCount(), what + " finite");
    assertEquals(want.mean(), got.mean(), 1e-9, what + " mean");
    assertEquals(want.variance(), got.variance(), 1e-9, what + " variance");
    assertEquals(want.min(), got.min(), 0, what + " min");
    assertEquals(want.max(), got.max(), 0, what + " max");
  }
}
