package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;


import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedding whose topics shift on one day, through the real job. The log: 1,200 rows a day on
 * two devices, an {@code amount} that never changes, and an 8-dimension {@code embedding} drawn
 * around one of four topic centres (noise sd 1, centres about 2 apart). Topic shares are 40/30/20/10%
 * on every day but {@link #SHIFT}, where they turn to 10/20/30/40%: the mean and spread of every
 * coordinate move little, the mix of directions a lot. The last day also has 60 invalid embeddings
 * (null, short, NaN), 5% of its rows. A 14-day reference, then a 3-day backfill. Every tenth row's first value is
 * 0. Column {@code vector} holds the same values as ML vectors, every fifth row sparse (its zero
 * left out).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingDriftEndToEndTest extends SparkTestBase {

  private static final LocalDate START = LocalDate.of(2026, 10, 1);
  private static final LocalDate FIRST = LocalDate.of(2026, 10, 15);
  private static final LocalDate SHIFT = FIRST.plusDays(1);
  private static final LocalDate LAST = FIRST.plusDays(2);
  private static final int ROWS_PER_DAY = 1_200;
  private static final int DIM = 8;
  private static final int INVALID_ON_LAST_DAY = 60;
  private static final double[] USUAL = {0.4, 0.3, 0.2, 0.1};
  private static final double[] SHIFTED = {0.1, 0.2, 0.3, 0.4};
  private static final StructType SCHEMA = new StructType().add("ds", DataTypes.DateType)
      .add("device", DataTypes.StringType).add("amount", DataTypes.DoubleType)
      .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, true))
      .add("vector", SQLDataTypes.VectorType());

  @TempDir
  static Path dir;

  private Path warehouse;
  private Cli.Result wrongType;

  @BeforeAll
  void backfillThreeDays() {
    runBefore();
    Path log = dir.resolve("log");
    spark().createDataFrame(rows(), SCHEMA).write().format("delta").partitionBy("ds").save(log.toString());
    warehouse = dir.resolve("warehouse");
    Cli.ok("backfill", "-c", config(log, "embedding: [embedding, vector]"), "--from", FIRST, "--to", LAST);
    wrongType = Cli.run("run", "-c", config(log, "embedding: [device]"), "--date", FIRST);
  }

  private Path config(Path log, String embedding) {
    return JobConfig.write(dir.resolve("model-" + embedding.hashCode() + ".yaml"), String.join("\n",
        "model: embedder",
        "input: {format: delta, path: '" + log + "', date_column: ds}",
        "features: {numeric: [amount], " + embedding + "}",
        "slices: {columns: [device]}",
        "reference: {from: " + START + ", to: " + FIRST.minusDays(1) + "}",
        "output: {warehouse: '" + warehouse + "'}",
        ""));
  }

  @Test
  void everyDayAndSliceHasARowAndTheContractHolds() {
    TableContract.check(warehouse, Table.EMBEDDING_DRIFT);
    for (LocalDate ds : List.of(FIRST, SHIFT, LAST)) {
      List<Row> rows = embeddingRows(ds).collectAsList();
      assertEquals(List.of("__all__=__all__", "device=ios", "device=web"), rows.stream()
          .map(r -> r.getAs("slice_key") + "=" + r.getAs("slice_value")).sorted().toList(), ds.toString());
      for (Row r : rows) {
        assertEquals(DIM, r.<Integer>getAs("dimensions"));
        assertEquals("embedding", r.getAs("column_name"));
      }
    }
  }

  @Test
  void theTopicShiftIsCriticalOnItsDayAndAnIncidentNamesTheColumn() {
    Row global = embeddingRows(SHIFT).where(col("slice_key").equalTo(lit("__all__"))).first();
    assertEquals("critical", global.getAs("severity"), global::toString);
    Assertions.assertTrue(global.<Double>getAs("p_adjusted") <= 0.01, global::toString);
    Assertions.assertTrue(global.<Double>getAs("max_psi") >= 0.25, global::toString);
    Assertions.assertTrue(global.<Double>getAs("mmd2_p_value") <= 0.01, global::toString);
    Assertions.assertTrue(global.<Double>getAs("classifier_auc_sampled") >= 0.6, global::toString);
    List<Row> incidents = Outputs.day(warehouse, Table.INCIDENTS, SHIFT)
        .where(col("column_name").equalTo(lit("embedding"))).collectAsList();
    assertEquals(1, incidents.size(), () -> "one incident on the embedding: " + incidents);
    assertEquals("feature_drift", incidents.get(0).getAs("kind"));
    assertEquals("opened", incidents.get(0).getAs("status"));
  }

  @Test
  void noOtherDayAndNoScalarColumnAlerts() {
    for (LocalDate ds : List.of(FIRST, LAST)) {
      List<Row> alerting = embeddingRows(ds).where(col("severity").isin("warn", "critical")).collectAsList();
      assertEquals(List.of(), alerting, ds.toString());
      Row global = embeddingRows(ds).where(col("slice_key").equalTo(lit("__all__"))).first();
      Assertions.assertTrue(global.<Double>getAs("mmd2_p_value") > 0.01, global::toString);
      Assertions.assertTrue(global.<Double>getAs("classifier_auc_sampled") < 0.6, global::toString);
      List<Object> kinds = Outputs.day(warehouse, Table.INCIDENTS, ds).where(col("column_name").equalTo(
          lit("embedding")).and(col("status").isin("opened", "ongoing"))).select("kind").distinct().collectAsList()
          .stream().map(r -> r.get(0)).toList();
      assertEquals(ds.equals(LAST) ? List.of("data_quality") : List.of(), kinds,
          ds + ": no drift incident on the embedding; its invalid values on the last day are a data-quality one");
    }
    assertEquals(0, Outputs.read(warehouse, Table.DRIFT_METRICS).where(col("severity").isin("warn", "critical"))
        .count(), "amount never moves");
  }

  @Test
  void invalidEmbeddingsAreCountedNotFatal() {
    List<Row> last = embeddingRows(LAST).collectAsList();
    long global = last.stream().filter(r -> r.getAs("slice_key").equals("__all__"))
        .mapToLong(r -> r.<Long>getAs("invalid_cur")).sum();
    long bySlice = last.stream().filter(r -> r.getAs("slice_key").equals("device"))
        .mapToLong(r -> r.<Long>getAs("invalid_cur")).sum();
    assertEquals(INVALID_ON_LAST_DAY, global);
    assertEquals(INVALID_ON_LAST_DAY, bySlice);
    Row first = embeddingRows(FIRST).where(col("slice_key").equalTo(lit("__all__"))).first();
    assertEquals(0L, first.<Long>getAs("invalid_cur"));
    assertEquals(ROWS_PER_DAY, first.<Long>getAs("n_cur"));
    // The same count is the embedding's null rate in data_quality, a warning (5% against none).
    for (String column : List.of("embedding", "vector")) {
      Row quality = Outputs.day(warehouse, Table.DATA_QUALITY, LAST).where(col("check").equalTo(lit("values"))
          .and(col("column_name").equalTo(lit(column))).and(col("slice_key").equalTo(lit("__all__")))).first();
      assertEquals("embedding", quality.getAs("column_kind"));
      assertEquals((double) INVALID_ON_LAST_DAY / ROWS_PER_DAY, quality.<Double>getAs("null_rate"), 1e-12);
      assertEquals(0.0, quality.<Double>getAs("ref_null_rate"));
      assertEquals("warn", quality.getAs("severity"), quality::toString);
      Row quiet = Outputs.day(warehouse, Table.DATA_QUALITY, FIRST).where(col("check").equalTo(lit("values"))
          .and(col("column_name").equalTo(lit(column))).and(col("slice_key").equalTo(lit("__all__")))).first();
      assertEquals(0.0, quiet.<Double>getAs("null_rate"));
      assertEquals("none", quiet.getAs("severity"));
    }
  }

  @Test
  void anEmbeddingThatIsNotAnArrayIsAConfigError() {
    assertEquals(2, wrongType.exitCode(), wrongType::toString);
    assertEquals("driftline: config error: features.embedding[0]: embedding 'device' is string, expected"
        + " array<float>, array<double> or an ML vector", wrongType.errorLine());
  }

  /**
   * ML vectors are read as the same values: the measures of the mean vectors, which no layout
   * changes, are the array column's exactly (each column has projections of its own), and the
   * shift is caught in both.
   */
  @Test
  void mlVectorsReadAsTheSameValues() {
    for (LocalDate ds : List.of(FIRST, SHIFT, LAST)) {
      List<Row> arrays = embeddingRows(ds).orderBy("slice_key", "slice_value").collectAsList();
      List<Row> vectors = Outputs.day(warehouse, Table.EMBEDDING_DRIFT, ds).where(col("column_name").equalTo(
          lit("vector"))).orderBy("slice_key", "slice_value").collectAsList();
      assertEquals(arrays.size(), vectors.size(), ds.toString());
      for (int i = 0; i < arrays.size(); i++) {
        for (String c : List.of("slice_value", "dimensions", "n_ref", "n_cur", "invalid_cur", "cosine_distance",
            "normalized_euclidean")) {
          assertEquals((Object) arrays.get(i).getAs(c), vectors.get(i).getAs(c), ds + " " + c + " of " + vectors.get(i));
        }
        assertEquals(ds.equals(SHIFT), List.of("warn", "critical").contains(vectors.get(i).<String>getAs("severity")),
            () -> ds + ": " + vectors);
      }
    }
  }

  /**
   * A rerun reads the reference's sketches the backfill stored instead of sketching the window
   * again, and writes the same rows.
   */
  @Test
  void aRerunReadsTheStoredReferenceAndWritesTheSameRows() throws java.io.IOException {
    Path stored = warehouse.resolve("_embedding_references");
    List<Path> files;
    try (var list = java.nio.file.Files.list(stored)) {
      files = list.filter(p -> p.toString().endsWith(".ser")).toList();
    }
    assertEquals(1, files.size(), () -> "one reference stored: " + files);
    long written = java.nio.file.Files.getLastModifiedTime(files.get(0)).toMillis();
    List<String> before = measures(SHIFT);
    Cli.Result rerun = Cli.run("run", "-c", dir.resolve("model-" + "embedding: [embedding, vector]".hashCode() + ".yaml"),
        "--date", SHIFT);
    assertEquals(0, rerun.exitCode(), rerun::toString);
    assertEquals(before, measures(SHIFT));
    assertEquals(written, java.nio.file.Files.getLastModifiedTime(files.get(0)).toMillis(), "read, not written again");
  }

  private List<String> measures(LocalDate ds) {
    return Outputs.day(warehouse, Table.EMBEDDING_DRIFT, ds).drop("run_id").collectAsList().stream()
        .map(Row::toString).sorted().toList();
  }

  private org.apache.spark.sql.Dataset<Row> embeddingRows(LocalDate ds) {
    return Outputs.day(warehouse, Table.EMBEDDING_DRIFT, ds).where(col("column_name").equalTo(lit("embedding")));
  }

  private static List<Row> rows() {
    Random random = new Random(20261203);
    double[][] centres = new double[4][DIM];
    for (double[] c : centres) {
      for (int d = 0; d < DIM; d++) {
        c[d] = 1.5 * random.nextGaussian();
      }
    }
    List<Row> rows = new ArrayList<>();
    for (LocalDate ds = START; !ds.isAfter(LAST); ds = ds.plusDays(1)) {
      double[] shares = ds.equals(SHIFT) ? SHIFTED : USUAL;
      for (int i = 0; i < ROWS_PER_DAY; i++) {
        int topic = pick(random.nextDouble(), shares);
        List<Float> embedding = new ArrayList<>();
        for (int d = 0; d < DIM; d++) {
          embedding.add(d == 0 && i % 10 == 0 ? 0f : (float) (centres[topic][d] + random.nextGaussian()));
        }
        if (ds.equals(LAST) && i < INVALID_ON_LAST_DAY) {
          switch (i % 3) {
            case 0 -> embedding = null;
            case 1 -> embedding.remove(0);
            default -> embedding.set(2, Float.NaN);
          }
        }
        rows.add(RowFactory.create(Date.valueOf(ds), i % 2 == 0 ? "web" : "ios",
            Math.exp(3 + 0.8 * random.nextGaussian()), embedding, vector(embedding, i % 5 == 0)));
      }
    }
    return rows;
  }

  private static Vector vector(List<Float> values, boolean sparse) {
    if (values == null) {
      return null;
    }
    Vector dense = Vectors.dense(values.stream().mapToDouble(Float::doubleValue).toArray());
    return sparse ? dense.toSparse() : dense;
  }

  private static int pick(double u, double[] shares) {
    double running = 0;
    for (int i = 0; i < shares.length; i++) {
      running += shares[i];
      if (u < running) {
        return i;
      }
    }
    return shares.length - 1;
  }
}
