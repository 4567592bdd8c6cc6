package dev.driftline.udfs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows (country, x, y, device) with nulls, NaN and infinities, and their histograms computed by a
 * plain Java loop: the expected values of every Spark aggregation path, here and in the bench
 * module's tests.
 */
public final class HistogramAggregationFixture {

  public static final StructType SCHEMA = new StructType()
      .add("country", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("y", DataTypes.DoubleType)
      .add("device", DataTypes.StringType);
  public static final NumericBins X_BINS = new NumericBins(new double[] {-1, 0, 0.5, 2});
  public static final NumericBins Y_BINS = new NumericBins(new double[] {10});
  public static final CategoricalBins DEVICE_BINS = new CategoricalBins(List.of("ios", "web"));
  /** The country values kept as slices; the others fall in the OTHER slice. */
  public static final List<String> COUNTRIES = List.of("US", "BR");
  public static final int ROWS = 400;

  private HistogramAggregationFixture() {}

  public static List<Row> rows() {
    Random random = new Random(7);
    String[] countries = {"US", "BR", "MX", null};
    String[] devices = {"ios", "web", "android", null};
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -1};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Double x = random.nextInt(10) == 0 ? null
          : random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian();
      Double y = random.nextInt(20) == 0 ? null : 10 + random.nextGaussian() * 3;
      rows.add(RowFactory.create(countries[random.nextInt(4)], x, y, devices[random.nextInt(4)]));
    }
    return rows;
  }

  /** Expected histograms by a plain loop: group -> [x, y, device]. */
  public static Map<String, Histogram[]> expected(List<Row> rows) {
    Map<String, Histogram[]> out = new HashMap<>();
    Map<String, Integer> deviceIndex = DEVICE_BINS.index();
    for (Row row : rows) {
      String country = row.isNullAt(0) ? ProfileLayout.NULL_SLICE
          : COUNTRIES.contains(row.getString(0)) ? row.getString(0) : ProfileLayout.OTHER_SLICE;
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

  /** The rows in {@code partitions} partitions; 0 hashes them by country into 8, leaving some empty. */
  public static Dataset<Row> frame(SparkSession spark, int partitions) {
    Dataset<Row> df = spark.createDataFrame(rows(), SCHEMA);
    return partitions == 0 ? df.repartition(8, col("country")) : df.repartition(partitions);
  }

  public static void assertHistogramEquals(Histogram want, Histogram got, String what) {
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
