package dev.driftline.tests.performance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.performance.ReleaseCompare;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release comparison of the requirement: baseline AUCs [0.72, 0.73, 0.71, 0.74, 0.72] and
 * candidate AUCs [0.74, 0.75, 0.73, 0.76, 0.75] on five days give a mean delta of 0.022 with a
 * standard error of 0.002. Each day has 10 positive and 10 negative requests scored by both
 * versions, placed so that AUC = U / 100 is exactly the wanted value, plus candidate-only requests
 * that would lower its AUC if the comparison did not keep to the requests both scored.
 */
class ReleaseComparisonEndToEndTest extends SparkTestBase {

  private static final LocalDate FIRST = LocalDate.of(2026, 5, 1);
  private static final int[] BASELINE_U = {72, 73, 71, 74, 72};
  private static final int[] CANDIDATE_U = {74, 75, 73, 76, 75};
  private static final StructType PREDICTIONS = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("ds", DataTypes.DateType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("x", DataTypes.DoubleType, false)
      .add("score", DataTypes.DoubleType, false);
  private static final StructType LABELS = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("is_fraud", DataTypes.IntegerType, false)
      .add("label_time", DataTypes.TimestampType, false);

  @TempDir
  Path dir;

  @Test
  void theRequirementsExampleGivesMeanDeltaAndStandardErrorAndIsWritten() {
    writeLogs();
    JobSpec spec = ConfigLoader.parse(yaml(), "compare.yaml");
    DateRange range = new DateRange(FIRST, FIRST.plusDays(4));
    ReleaseCompare compare = new ReleaseCompare(spark(), spec);
    ReleaseCompare.Result result = compare.compare("v1", "v2", range, "auc");

    assertArrayEquals(new double[] {0.72, 0.73, 0.71, 0.74, 0.72}, result.baselineValues(), 1e-15);
    assertArrayEquals(new double[] {0.74, 0.75, 0.73, 0.76, 0.75}, result.candidateValues(), 1e-15,
        "candidate-only requests are left out");
    assertEquals(0.022, result.comparison().meanDelta(), 1e-12);
    assertEquals(0.002, result.comparison().standardError(), 1e-12);
    assertEquals("promote", result.comparison().verdict().key(), result.comparison().reason());
    assertArrayEquals(new long[] {20, 20, 20, 20, 20}, result.labelledRequests());

    Warehouse warehouse = new Warehouse(spark(), spec.warehouse(), null);
    compare.write(warehouse, result);
    compare.write(warehouse, compare.compare("v1", "v2", range, "auc"));
    dev.driftline.tests.TableContract.check(dir.resolve("warehouse"), Table.RELEASE_COMPARISONS);
    List<Row> rows = warehouse.read(Table.RELEASE_COMPARISONS).orElseThrow().collectAsList();
    assertEquals(1, rows.size(), "a rerun replaces the comparison");
    Row row = rows.get(0);
    assertEquals(0.022, row.<Double>getAs("mean_delta"), 1e-12);
    assertEquals(0.002, row.<Double>getAs("standard_error"), 1e-12);
    assertEquals(Date.valueOf(FIRST.plusDays(4)), row.getAs("ds"));
    assertEquals(5, row.<Integer>getAs("days"));
    assertEquals("promote", row.getAs("verdict"));

    ReleaseCompare.Result reversed = compare.compare("v2", "v1", range, "auc");
    assertEquals("reject", reversed.comparison().verdict().key());
    ConfigException neutral = assertThrows(ConfigException.class,
        () -> compare.compare("v1", "v2", range, "predicted_positive_rate"));
    org.junit.jupiter.api.Assertions.assertTrue(neutral.getMessage().startsWith("--metric: predicted_positive_rate cannot rank"), neutral.getMessage());
  }

  /** Two models, each with its own log (no version column needed), joined on request id. */
  @Test
  void twoModelsLogsJoinedOnRequestIdGiveTheSameComparison() throws Exception {
    writeLogs();
    for (String version : List.of("v1", "v2")) {
      spark().read().format("delta").load(dir.resolve("predictions").toString()).where("model_version = '" + version + "'")
          .drop("model_version").write().format("delta").mode("overwrite").partitionBy("ds")
          .save(dir.resolve("log-" + version).toString());
      java.nio.file.Files.writeString(dir.resolve(version + ".yaml"), yaml()
          .replace(dir.resolve("predictions").toString(), dir.resolve("log-" + version).toString())
          .replace(", model_version_column: model_version", ""));
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(out, true));
    int exit;
    try {
      exit = dev.driftline.jobs.Main.execute("compare", "-c", dir.resolve("v1.yaml").toString(),
          "--candidate-config", dir.resolve("v2.yaml").toString(), "--baseline", "prod", "--candidate", "challenger",
          "--from", FIRST.toString(), "--to", FIRST.plusDays(4).toString(), "--metric", "auc");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, exit, out.toString());
    Row row = new Warehouse(spark(), dir.resolve("warehouse").toString(), null).read(Table.RELEASE_COMPARISONS)
        .orElseThrow().first();
    assertEquals("prod", row.getAs("baseline"));
    assertEquals("challenger", row.getAs("candidate"));
    assertEquals(0.022, row.<Double>getAs("mean_delta"), 1e-12);
    assertEquals(0.002, row.<Double>getAs("standard_error"), 1e-12);
    assertEquals("promote", row.getAs("verdict"));
    org.junit.jupiter.api.Assertions.assertTrue(out.toString().contains("verdict: promote"), out.toString());
  }

  private void writeLogs() {
    List<Row> predictions = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    for (int d = 0; d < BASELINE_U.length; d++) {
      LocalDate day = FIRST.plusDays(d);
      Timestamp arrival = Timestamp.valueOf(day.plusDays(1).atTime(9, 0));
      for (int i = 0; i < 10; i++) {
        String negative = day + "-n" + i;
        // Negatives at 0.01 .. 0.10; a positive above exactly k of them sits at k/100 + 0.005.
        predictions.add(RowFactory.create(negative, Date.valueOf(day), "v1", 0.0, (i + 1) / 100.0));
        predictions.add(RowFactory.create(negative, Date.valueOf(day), "v2", 0.0, (i + 1) / 100.0));
        labels.add(RowFactory.create(negative, 0, arrival));
        String positive = day + "-p" + i;
        predictions.add(RowFactory.create(positive, Date.valueOf(day), "v1", 0.0, beaten(BASELINE_U[d], i) / 100.0 + 0.005));
        predictions.add(RowFactory.create(positive, Date.valueOf(day), "v2", 0.0, beaten(CANDIDATE_U[d], i) / 100.0 + 0.005));
        labels.add(RowFactory.create(positive, 1, arrival));
        String candidateOnly = day + "-c" + i;
        predictions.add(RowFactory.create(candidateOnly, Date.valueOf(day), "v2", 0.0, 0.001));
        labels.add(RowFactory.create(candidateOnly, 1, arrival));
      }
    }
    spark().createDataFrame(predictions, PREDICTIONS).write().format("delta").mode("overwrite").partitionBy("ds")
        .save(dir.resolve("predictions").toString());
    spark().createDataFrame(labels, LABELS).write().format("delta").mode("overwrite").save(dir.resolve("labels").toString());
  }

  /** Negatives the i-th of 10 positives beats so that the ten add up to u. */
  private static int beaten(int u, int i) {
    return u / 10 + (i < u % 10 ? 1 : 0);
  }

  private String yaml() {
    return """
        model: shadow
        input: {format: delta, path: %s, date_column: ds, model_version_column: model_version}
        features: {numeric: [x]}
        prediction: {column: score, kind: probability}
        reference: {from: 2026-04-01, to: 2026-04-07}
        labels: {format: delta, path: %s, request_id_column: request_id, label_column: is_fraud, arrival_column: label_time}
        release: {min_improvement: 0.005}
        output: {warehouse: %s}
        """.formatted(dir.resolve("predictions"), dir.resolve("labels"), dir.resolve("warehouse"));
  }
}
