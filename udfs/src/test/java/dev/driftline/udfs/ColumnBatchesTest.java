package dev.driftline.udfs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.SameBits;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile read from a vectorized scan's column batches is the profile read from rows, bit for
 * bit: the oracle is the same files read with Spark's vectorized Parquet reader off, which gives
 * the same partitions and row order through Spark's rows. The files hold every numeric type the
 * batches read (double, float, long, int, short, byte), nulls, NaN, infinities, values outside the
 * vocabularies, several files and column batches per day, and files whose rows' days alternate.
 */
class ColumnBatchesTest extends SparkTestBase {

  private static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
  private static final int DAYS = 3;
  private static final StructType SCHEMA = new StructType()
      .add("country", DataTypes.StringType)
      .add("amount", DataTypes.DoubleType)
      .add("ratio", DataTypes.FloatType)
      .add("clicks", DataTypes.LongType)
      .add("age", DataTypes.IntegerType)
      .add("rank", DataTypes.ShortType)
      .add("level", DataTypes.ByteType)
      .add("device", DataTypes.StringType)
      .add("ds", DataTypes.DateType);
  private static final ProfileLayout LAYOUT = new ProfileLayout(
      List.of(new NumericBins(new double[] {-1, 0, 0.5, 2}), new NumericBins(new double[] {0.25, 0.75}),
          new NumericBins(new double[] {10, 1000}), new NumericBins(new double[] {30, 60}),
          new NumericBins(new double[] {-5, 5}), new NumericBins(new double[] {1, 2})),
      List.of(new CategoricalBins(List.of("ios", "web", "a device name longer than eight bytes"))),
      List.of("country"), List.of(List.of("US", "BR", "a country name longer than eight bytes")));

  @TempDir
  static Path dir;

  /** Batches of 1,000 rows: several per file, their ends off the profile's 256-row batches. */
  @BeforeEach
  void smallColumnBatches() {
    spark().conf().set("spark.sql.parquet.columnarReaderBatchSize", "1000");
  }

  @AfterEach
  void defaultColumnBatches() {
    spark().conf().unset("spark.sql.parquet.columnarReaderBatchSize");
  }

  @Test
  void aDayRangeOfAPartitionedTableGivesTheRowsProfileBitForBit() {
    String path = write("partitioned", true);
    Supplier<Dataset<Row>> prepared = () -> profileInput(spark().read().parquet(path)
        .where(col("ds").between(lit(Date.valueOf(FIRST)), lit(Date.valueOf(FIRST.plusDays(DAYS - 1))))));
    Assertions.assertTrue(ColumnBatches.of(prepared.get()).isPresent(), "a pruned partitioned scan has batches");
    ProfileAccumulator fromRows = withoutVectorizedReader(() -> {
      assertFalse(ColumnBatches.of(prepared.get()).isPresent(), "without the vectorized reader, rows");
      return ProfileScan.scan(prepared.get(), LAYOUT);
    });
    ProfileAccumulator fromBatches = ProfileScan.scan(prepared.get(), LAYOUT);
    SameBits.assertSameBits(fromRows, fromBatches, "the profile of 3 days");
    SameBits.assertSameBits(fromRows, ProfileScan.scanRows(prepared.get(), LAYOUT), "rows of the vectorized reader");
    assertEquals(3 * rowsPerDay(), fromBatches.rows(0));
    SameBits.assertSameBits(fromBatches, PartitionFoldTest.withFanIn(spark(), 2,
        () -> ProfileScan.scan(prepared.get(), LAYOUT)), "merged in sections");
  }

  @Test
  void eachDayOfAOnePassScanIsTheRowsDayBitForBit() {
    for (boolean partitioned : new boolean[] {true, false}) {
      String path = write(partitioned ? "days-partitioned" : "days-interleaved", partitioned);
      Supplier<Dataset<Row>> prepared = () -> {
        Dataset<Row> raw = spark().read().parquet(path);
        return profileInput(raw, datediff(col("ds"), lit(Date.valueOf(FIRST))).as("d"));
      };
      Assertions.assertTrue(ColumnBatches.of(prepared.get()).isPresent(), "datediff from a fixed day is read from batches");
      List<PairState<ProfileAccumulator, EmbeddingProfile>> fromRows = withoutVectorizedReader(
          () -> ProfileScan.scanDays(prepared.get(), LAYOUT, List.of(), 10, 1, DAYS));
      List<PairState<ProfileAccumulator, EmbeddingProfile>> fromBatches =
          ProfileScan.scanDays(prepared.get(), LAYOUT, List.of(), 10, 1, DAYS);
      for (int d = 0; d < DAYS; d++) {
        String what = (partitioned ? "partitioned" : "interleaved") + " day " + d;
        SameBits.assertSameBits(fromRows.get(d).first(), fromBatches.get(d).first(), what);
        assertEquals(rowsPerDay(), fromBatches.get(d).first().rows(0), what);
      }
    }
  }

  @Test
  void expressionsDataFiltersAndNonNumericCastsReadRows() {
    String path = write("fallback", true);
    Dataset<Row> raw = spark().read().parquet(path);
    assertFalse(ColumnBatches.of(raw.select(expr("amount * 2"))).isPresent(), "an expression");
    assertFalse(ColumnBatches.of(raw.where(col("amount").gt(0)).select(col("amount"))).isPresent(), "a data filter");
    assertFalse(ColumnBatches.of(raw.select(col("age").cast("string"))).isPresent(), "a number cast to a string");
    assertFalse(ColumnBatches.of(raw.select(col("ds").cast("string"))).isPresent(), "a date cast to a string");
    assertFalse(ColumnBatches.of(raw.select(datediff(col("ds"), col("ds")))).isPresent(), "datediff of two columns");
    assertFalse(ColumnBatches.of(spark().createDataFrame(rows(), SCHEMA).select(col("amount"))).isPresent(),
        "a local relation");
    Assertions.assertTrue(ColumnBatches.of(raw.select(col("amount"), col("level").cast("double"))).isPresent(), "plain columns");
  }

  private static int rowsPerDay() {
    return 5_000;
  }

  /** The profile scan's input: the slice, the numbers cast to double, the category, then {@code more}. */
  private static Dataset<Row> profileInput(Dataset<Row> raw, Column... more) {
    List<Column> columns = new ArrayList<>(List.of(col("country").as("s0"), col("amount").cast("double").as("c0"),
        col("ratio").cast("double").as("c1"), col("clicks").cast("double").as("c2"), col("age").cast("double").as("c3"),
        col("rank").cast("double").as("c4"), col("level").cast("double").as("c5"), col("device").as("c6")));
    columns.addAll(List.of(more));
    return raw.select(columns.toArray(new Column[0]));
  }

  /**
   * The rows as Parquet, in 2 files a day when partitioned by ds; otherwise in 2 files whose rows'
   * days alternate, so a column batch holds runs of one row per day.
   */
  private String write(String name, boolean partitioned) {
    String path = dir.resolve(name).toString();
    Dataset<Row> frame = spark().createDataFrame(rows(), SCHEMA);
    if (partitioned) {
      frame.repartition(2).write().partitionBy("ds").parquet(path);
    } else {
      frame.coalesce(2).write().parquet(path);
    }
    return path;
  }

  private static List<Row> rows() {
    Random random = new Random(11);
    String[] countries = {"US", "BR", "MX", "a country name longer than eight bytes", null};
    String[] devices = {"ios", "web", "android", "a device name longer than eight bytes", null};
    double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.5, -1};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < DAYS * rowsPerDay(); i++) {
      Double amount = random.nextInt(10) == 0 ? null
          : random.nextInt(8) == 0 ? specials[random.nextInt(specials.length)] : random.nextGaussian();
      rows.add(RowFactory.create(countries[random.nextInt(countries.length)], amount,
          random.nextInt(10) == 0 ? null : random.nextFloat(),
          random.nextInt(10) == 0 ? null : (long) random.nextInt(2000),
          random.nextInt(10) == 0 ? null : random.nextInt(90),
          random.nextInt(10) == 0 ? null : (short) (random.nextInt(20) - 10),
          random.nextInt(10) == 0 ? null : (byte) random.nextInt(3),
          devices[random.nextInt(devices.length)], Date.valueOf(FIRST.plusDays(i % DAYS))));
    }
    return rows;
  }

  private <T> T withoutVectorizedReader(Supplier<T> body) {
    spark().conf().set("spark.sql.parquet.enableVectorizedReader", "false");
    try {
      return body.get();
    } finally {
      spark().conf().unset("spark.sql.parquet.enableVectorizedReader");
    }
  }
}
