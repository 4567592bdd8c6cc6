package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.math.BinaryMetrics;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.PerformanceEstimator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.SameBits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one-pass performance scan against a plain Java loop over the same rows, across partitionings. */
class PerformanceScanTest extends SparkTestBase {

  private static final StructType SCHEMA = new StructType()
      .add("day", DataTypes.IntegerType, false)
      .add("country", DataTypes.StringType)
      .add("prediction", DataTypes.DoubleType)
      .add("label", DataTypes.DoubleType)
      .add("label_count", DataTypes.LongType)
      .add("key", DataTypes.LongType)
      .add("latency", DataTypes.DoubleType);
  private static final ProfileLayout LAYOUT = new ProfileLayout(List.of(), List.of(), List.of("country"),
      List.of(List.of("US", "BR")));
  private static final BinaryMetrics FAMILY = new BinaryMetrics(0.4, 10);
  private static final int DAYS = 3;

  private static List<Row> rows() {
    Random random = new Random(17);
    String[] countries = {"US", "BR", "MX", null};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      double p = Math.round(random.nextDouble() * 100) / 100.0;
      boolean labelled = random.nextInt(4) != 0;
      Double prediction = random.nextInt(100) == 0 ? null : p;
      Double label = labelled ? (random.nextInt(200) == 0 ? 2.0 : random.nextDouble() < p ? 1.0 : 0.0) : null;
      long labelCount = labelled ? 1 + (random.nextInt(30) == 0 ? 1 : 0) : 0;
      Double latency = random.nextInt(50) == 0 ? null : Math.exp(3.5 + 0.4 * random.nextGaussian());
      rows.add(RowFactory.create(random.nextInt(DAYS), countries[random.nextInt(4)], prediction, label, labelCount,
          random.nextLong(), latency));
    }
    return rows;
  }

  private static PerformanceAccumulator expected(List<Row> rows) {
    PerformanceAccumulator acc = new PerformanceAccumulator(LAYOUT, DAYS, FAMILY);
    for (Row r : rows) {
      if (r.isNullAt(2)) {
        continue;
      }
      String country = r.getString(1);
      int slice = country == null ? 3 : country.equals("US") ? 0 : country.equals("BR") ? 1 : 2;
      acc.add(r.getInt(0), new int[] {slice}, r.getDouble(2), r.isNullAt(3) ? Double.NaN : r.getDouble(3),
          r.getLong(4), r.getLong(5), r.isNullAt(6) ? Double.NaN : r.getDouble(6));
    }
    return acc;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 7})
  void scanEqualsAPlainLoopWhateverThePartitioning(int partitions) {
    List<Row> rows = rows();
    Dataset<Row> df = spark().createDataFrame(rows, SCHEMA).repartition(partitions);
    PerformanceAccumulator actual = PerformanceScan.scan(df, LAYOUT, DAYS, FAMILY);
    PerformanceAccumulator expected = expected(rows);
    PerformanceEstimator estimator = new PerformanceEstimator(FAMILY, 40, 3, 30);
    for (int day = 0; day < DAYS; day++) {
      for (int g = 0; g < LAYOUT.groupCount(); g++) {
        PerformanceAccumulator.GroupState a = actual.group(day, g);
        PerformanceAccumulator.GroupState e = expected.group(day, g);
        String what = "day " + day + ", group " + LAYOUT.slices().get(g);
        assertEquals(e.scored(), a.scored(), what);
        assertEquals(e.invalid(), a.invalid(), what);
        assertEquals(e.duplicateLabels(), a.duplicateLabels(), what);
        assertEquals(e.sample().size(), a.sample().size(), what);
        assertEquals(estimator.estimate(e.sample()), estimator.estimate(a.sample()), what);
        assertEquals(e.latency().count(), a.latency().count(), what);
        assertEquals(e.latency().quantile(0.95), a.latency().quantile(0.95), 0.0, what);
      }
    }
  }

  /** Merged in sections of days on the executors, the state is the driver's merge bit for bit. */
  @Test
  void sectionsGiveTheDriversStateBitForBit() {
    Dataset<Row> df = spark().createDataFrame(rows(), SCHEMA).repartition(7);
    PerformanceAccumulator onDriver = PartitionFoldTest.withFanIn(spark(), 7,
        () -> PerformanceScan.scan(df, LAYOUT, DAYS, FAMILY, true));
    PerformanceAccumulator inSections = PartitionFoldTest.withFanIn(spark(), 2,
        () -> PerformanceScan.scan(df, LAYOUT, DAYS, FAMILY, true));
    SameBits.assertSameBits(onDriver, inSections, "3 sections of one day");
  }

  @Test
  void fieldsFollowTheSlicesInColumnOrder() {
    PerformanceScan.Fields fields = PerformanceScan.Fields.of(2);
    assertEquals(List.of(3, 4, 5, 6, 7),
        List.of(fields.prediction(), fields.label(), fields.labelCount(), fields.key(), fields.latency()));
    assertEquals(List.of(DataTypes.IntegerType, DataTypes.StringType, DataTypes.StringType, DataTypes.DoubleType,
        DataTypes.DoubleType, DataTypes.LongType, DataTypes.LongType, DataTypes.DoubleType), fields.types());
  }

  @Test
  void rejectsInputWithTheWrongColumns() {
    Dataset<Row> df = spark().createDataFrame(rows(), SCHEMA).drop("latency");
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> PerformanceScan.scan(df, LAYOUT, DAYS, FAMILY));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("performance input must have column types"));
  }
}
