package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.EmbeddingSketch;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The scan sketches each slice group's rows as adding them one by one does: in one partition bit
 * for bit, in several with the same counts, invalid rows and sample (which does not depend on the
 * partitioning), and the same bits on the driver's merge and the executors' sections.
 */
class EmbeddingScanTest extends SparkTestBase {

  private static final int DIM = 4;
  private static final ProfileLayout SLICES = new ProfileLayout(List.of(), List.of(), List.of("device"),
      List.of(List.of("web", "ios")));
  private static final String[] DEVICES = {"web", "ios", "tv", null};
  private static final StructType SCHEMA = new StructType().add("device", DataTypes.StringType)
      .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true));

  @Test
  void onePartitionSketchesAsAddingRowByRow() {
    List<Row> rows = rows(600);
    EmbeddingLayout layout = layout();
    EmbeddingProfile scanned = EmbeddingScan.scan(spark().createDataFrame(rows, SCHEMA).coalesce(1), SLICES,
        List.of(layout), 40, 5);
    EmbeddingProfile expected = new EmbeddingProfile(SLICES, List.of(layout), 40, 5);
    for (Row r : rows) {
      int device = Arrays.asList(DEVICES).indexOf(r.getString(0));
      // web, ios, then OTHER (tv), then NULL: groups 1..4 after the global group 0.
      List<?> value = (List<?>) r.get(1);
      double[] values = value == null || value.contains(null) ? null
          : value.stream().mapToDouble(v -> (Double) v).toArray();
      expected.add(0, new int[] {0, 1 + device}, values);
    }
    for (int g = 0; g < SLICES.groupCount(); g++) {
      assertSameBits(expected.sketch(0, g), scanned.sketch(0, g), "group " + g);
    }
    EmbeddingSketch global = scanned.sketch(0, 0);
    assertEquals(600 - invalid(rows), global.rows());
    assertEquals(invalid(rows), global.invalid());
    assertEquals(rows.stream().filter(r -> "tv".equals(r.getString(0))).count(),
        scanned.sketch(0, 3).rows() + scanned.sketch(0, 3).invalid(), "tv folds into __other__");
  }

  @Test
  void partitioningChangesNoCountNorSampleAndSectionsMergeAsTheDriver() {
    List<Row> rows = rows(800);
    EmbeddingLayout layout = layout();
    Dataset<Row> one = spark().createDataFrame(rows, SCHEMA).coalesce(1);
    Dataset<Row> seven = spark().createDataFrame(rows, SCHEMA).repartition(7);
    EmbeddingProfile whole = EmbeddingScan.scan(one, SLICES, List.of(layout), 30, 9);
    EmbeddingProfile driver = PartitionFoldTest.withFanIn(spark(), 32,
        () -> EmbeddingScan.scan(seven, SLICES, List.of(layout), 30, 9));
    EmbeddingProfile sections = PartitionFoldTest.withFanIn(spark(), 2,
        () -> EmbeddingScan.scan(seven, SLICES, List.of(layout), 30, 9));
    for (int g = 0; g < SLICES.groupCount(); g++) {
      assertSameBits(driver.sketch(0, g), sections.sketch(0, g), "group " + g + " driver vs sections");
      EmbeddingSketch a = whole.sketch(0, g);
      EmbeddingSketch b = driver.sketch(0, g);
      assertEquals(a.rows(), b.rows());
      assertEquals(a.invalid(), b.invalid());
      assertArrayEquals(a.sample(), b.sample(), "group " + g + ": the same sample");
      assertArrayEquals(a.mean(), b.mean(), 1e-12);
      for (int k = 0; k < layout.projections(); k++) {
        assertArrayEquals(a.projection(k).counts(), b.projection(k).counts());
      }
    }
  }

  /**
   * The profile's pass with the sketches is the two passes in one: the same bits from one
   * partition, and from seven on the driver's merge and in sections (which cut the pair of states
   * across its two parts).
   */
  @Test
  void theProfileWithEmbeddingsIsBothScansInOnePass() {
    List<Row> rows = rows(700);
    EmbeddingLayout layout = layout();
    ProfileLayout profiled = new ProfileLayout(List.of(NumericBins.fromSample(new double[] {-1, 0, 1, 2}, 4)),
        List.of(), SLICES.sliceKeys(), SLICES.sliceVocabularies());
    StructType schema = new StructType().add("device", DataTypes.StringType).add("x", DataTypes.DoubleType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true));
    List<Row> withX = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      List<?> embedding = (List<?>) rows.get(i).get(1);
      // An RDD's rows hold arrays, not Java lists.
      withX.add(RowFactory.create(rows.get(i).get(0), i % 9 == 0 ? null : Math.sin(i) * 2,
          embedding == null ? null : embedding.toArray(new Double[0])));
    }
    for (int partitions : new int[] {1, 7}) {
      // Partitions cut from the list, so each holds the same rows in the same order in every query.
      Dataset<Row> frame = spark().createDataFrame(
          JavaSparkContext.fromSparkContext(spark().sparkContext()).parallelize(withX, partitions), schema);
      ProfileAccumulator profile = ProfileScan.scan(frame.select("device", "x"), profiled);
      EmbeddingProfile sketches = EmbeddingScan.scan(frame.select("device", "embedding"), profiled, List.of(layout),
          30, 9);
      for (int fanIn : new int[] {32, 2}) {
        PairState<ProfileAccumulator, EmbeddingProfile> both = PartitionFoldTest.withFanIn(spark(), fanIn,
            () -> ProfileScan.scanWithEmbeddings(frame, profiled, List.of(layout), 30, 9));
        String what = partitions + " partitions, fan-in " + fanIn;
        for (int g = 0; g < profiled.groupCount(); g++) {
          assertEquals(profile.rows(g), both.first().rows(g), what);
          assertEquals(profile.histogram(g, 0), both.first().histogram(g, 0), what + " group " + g);
          assertSameBits(sketches.sketch(0, g), both.second().sketch(0, g), what + " group " + g);
        }
      }
    }
  }

  /**
   * A pass over many days, the day as the outermost group, gives each day the bits of a scan of its
   * rows alone when they are read in one partition, though partitions hold several days (as small
   * daily files packed together are read), on the driver's merge and in sections; a day without
   * rows has an empty profile. Days spread over partitions keep their counts and sample exactly.
   */
  @Test
  void aPassOverManyDaysGivesEachDayTheScanOfItsRowsAlone() {
    int days = 5;
    int perDay = 120;
    List<Row> rows = rows(days * perDay);
    EmbeddingLayout layout = layout();
    ProfileLayout profiled = new ProfileLayout(List.of(NumericBins.fromSample(new double[] {-1, 0, 1, 2}, 4)),
        List.of(), SLICES.sliceKeys(), SLICES.sliceVocabularies());
    StructType schema = new StructType().add("device", DataTypes.StringType).add("x", DataTypes.DoubleType)
        .add("embedding", DataTypes.createArrayType(DataTypes.DoubleType, true)).add("day", DataTypes.IntegerType);
    List<List<Row>> byDay = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      byDay.add(new ArrayList<>());
    }
    for (int i = 0; i < rows.size(); i++) {
      List<?> embedding = (List<?>) rows.get(i).get(1);
      // Day 3 has no rows: its share goes to day 4.
      int day = i / perDay == 3 ? 4 : i / perDay;
      byDay.get(day).add(RowFactory.create(rows.get(i).get(0), i % 9 == 0 ? null : Math.sin(i) * 2,
          embedding == null ? null : embedding.toArray(new Double[0]), day));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark().sparkContext());
    // Days 0 and 1 in one partition, day 2 in the next, day 4 in the last: whole days, several to a partition.
    List<Row> inOrder = byDay.stream().flatMap(List::stream).toList();
    Dataset<Row> wholeDays = spark().createDataFrame(jsc.parallelize(List.of(0, 1, 2), 3).flatMap(p -> inOrder
        .stream().filter(r -> r.getInt(3) == 0 || r.getInt(3) == 1 ? p == 0 : r.getInt(3) == 2 ? p == 1 : p == 2)
        .iterator()), schema);
    Dataset<Row> spread = spark().createDataFrame(jsc.parallelize(inOrder, 4), schema);
    for (int fanIn : new int[] {32, 2}) {
      List<PairState<ProfileAccumulator, EmbeddingProfile>> pass = PartitionFoldTest.withFanIn(spark(), fanIn,
          () -> ProfileScan.scanDays(wholeDays, profiled, List.of(layout), 30, 9, days));
      List<PairState<ProfileAccumulator, EmbeddingProfile>> spreadPass = PartitionFoldTest.withFanIn(spark(), fanIn,
          () -> ProfileScan.scanDays(spread, profiled, List.of(layout), 30, 9, days));
      assertEquals(days, pass.size());
      for (int d = 0; d < days; d++) {
        Dataset<Row> alone = spark().createDataFrame(jsc.parallelize(byDay.get(d), 1), schema).drop("day");
        PairState<ProfileAccumulator, EmbeddingProfile> expected = ProfileScan.scanWithEmbeddings(alone, profiled,
            List.of(layout), 30, 9);
        String what = "day " + d + ", fan-in " + fanIn;
        for (int g = 0; g < profiled.groupCount(); g++) {
          assertEquals(expected.first().rows(g), pass.get(d).first().rows(g), what);
          assertEquals(expected.first().histogram(g, 0), pass.get(d).first().histogram(g, 0), what + " group " + g);
          assertSameBits(expected.second().sketch(0, g), pass.get(d).second().sketch(0, g), what + " group " + g);
          ProfileAccumulator spreadDay = spreadPass.get(d).first();
          assertEquals(expected.first().rows(g), spreadDay.rows(g), what + " spread");
          assertArrayEquals(expected.first().histogram(g, 0).counts(), spreadDay.histogram(g, 0).counts(),
              what + " spread group " + g);
          assertArrayEquals(expected.second().sketch(0, g).sample(), spreadPass.get(d).second().sketch(0, g).sample(),
              what + " spread group " + g);
        }
      }
      assertEquals(0, pass.get(3).first().rows(0), "a day without rows");
    }
  }

  private static void assertSameBits(EmbeddingSketch expected, EmbeddingSketch actual, String what) {
    assertEquals(expected.rows(), actual.rows(), what);
    assertEquals(expected.invalid(), actual.invalid(), what);
    assertArrayEquals(expected.mean(), actual.mean(), what);
    assertArrayEquals(expected.variance(), actual.variance(), what);
    assertArrayEquals(expected.meanFeatures(), actual.meanFeatures(), what);
    assertArrayEquals(expected.sample(), actual.sample(), what);
    for (int k = 0; k < expected.layout().projections(); k++) {
      assertEquals(expected.projection(k), actual.projection(k), what + " projection " + k);
    }
  }

  private static EmbeddingLayout layout() {
    Random random = new Random(1);
    double[][] sample = new double[100][DIM];
    for (double[] row : sample) {
      for (int d = 0; d < DIM; d++) {
        row[d] = random.nextGaussian();
      }
    }
    return EmbeddingLayout.of(sample, 8, 10, 32, 3);
  }

  /** Gaussian rows over four devices, with a null array, a short one, a NaN and a null element among them. */
  private static List<Row> rows(int n) {
    Random random = new Random(2);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<Double> values = new ArrayList<>();
      for (int d = 0; d < DIM; d++) {
        values.add(random.nextGaussian() + (i % 4 == 2 ? 1 : 0));
      }
      switch (i % 50) {
        case 7 -> values = null;
        case 13 -> values.remove(0);
        case 21 -> values.set(1, Double.NaN);
        case 33 -> values.set(2, null);
        default -> { }
      }
      rows.add(RowFactory.create(DEVICES[i % 4], values));
    }
    return rows;
  }

  private static long invalid(List<Row> rows) {
    return rows.stream().filter(r -> {
      List<?> v = (List<?>) r.get(1);
      return v == null || v.size() != DIM || v.contains(null) || v.stream().anyMatch(x -> ((Double) x).isNaN());
    }).count();
  }
}
