package dev.driftline.tests.performance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performance estimated before the labels, through the real job, on a generated log whose truth is
 * known. Four states of 1,500 predictions a day; outcomes are Bernoulli(sigmoid(-1 + 1.5x)) and the
 * scores are miscalibrated but monotone in it (logit 0.5 + 0.7 times the true one), so the
 * estimate is right only if the reference calibration corrects them. After the reference:
 * <ul>
 *   <li>s3's inputs shrink to a quarter of their spread (covariate shift, relation unchanged), so
 *       its AUC falls from about 0.79 to about 0.6, and its labels have not arrived: the estimate
 *       must show the drop and open an estimated performance incident;
 *   <li>s2's outcomes follow the opposite sign of x while its scores do not (concept drift), its
 *       labels arriving the same day: the estimate must be flagged unreliable there;
 *   <li>s0 and s1 do not change: their estimates must stay reliable.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EstimatedPerformanceEndToEndTest extends SparkTestBase {

  private static final LocalDate REFERENCE_START = LocalDate.of(2026, 6, 1);
  private static final LocalDate FIRST = REFERENCE_START.plusDays(10);
  private static final LocalDate LAST = FIRST.plusDays(2);

  @TempDir
  static Path dir;

  private Dataset<Row> estimated;
  private Dataset<Row> incidents;

  @BeforeAll
  void backfillTheShiftedDays() {
    runBefore();
    String uniform = "((xxhash64(id, %d) & 4503599627370495) + 0.5) / 4503599627370496.0";
    spark().sql("SELECT explode(sequence(DATE'" + REFERENCE_START + "', DATE'" + LAST + "')) AS ds")
        .createOrReplaceTempView("est_days");
    Dataset<Row> rows = spark().sql("""
        SELECT ds, s, datediff(ds, DATE'2026-01-01') * 1000000L + s * 10000L + i AS id
        FROM est_days LATERAL VIEW explode(sequence(0, 3)) AS s LATERAL VIEW explode(sequence(0, 1499)) AS i
        """).selectExpr("id", "ds", "format_string('s%d', s) AS state", "s",
            "sqrt(-2 * ln(" + uniform.formatted(1) + ")) * cos(2 * pi() * " + uniform.formatted(2) + ") AS z",
            uniform.formatted(3) + " AS u")
        .selectExpr("id", "ds", "state", "s", "u",
            "IF(s = 3 AND ds >= DATE'" + FIRST + "', 0.25, 1.0) * z AS x")
        .selectExpr("id", "ds", "state", "x", "u",
            "-1 + 1.5 * IF(s = 2 AND ds >= DATE'" + FIRST + "', -x, x) AS true_logit",
            "1 / (1 + exp(-(0.5 + 0.7 * (-1 + 1.5 * x)))) AS score",
            // s3's labels after the reference come a month late: not there when the job runs.
            "IF(s = 3 AND ds >= DATE'" + FIRST + "', date_add(ds, 30), ds) AS arrived")
        .selectExpr("id", "ds", "state", "x", "score", "IF(u < 1 / (1 + exp(-true_logit)), 1, 0) AS label", "arrived");
    String predictions = dir.resolve("predictions").toString();
    String labels = dir.resolve("labels").toString();
    rows.select("id", "ds", "state", "x", "score").write().format("delta").partitionBy("ds").save(predictions);
    rows.select("id", "label", "arrived").write().parquet(labels);
    String yaml = """
        model: estimated
        input: {format: delta, path: %s, date_column: ds}
        features: {numeric: [x]}
        prediction: {column: score, kind: probability}
        slices: {columns: [state]}
        reference: {from: %s, to: %s}
        labels: {format: parquet, path: %s, request_id_column: id, label_column: label, arrival_column: arrived, window_days: 40}
        output: {warehouse: %s}
        """.formatted(predictions, REFERENCE_START, FIRST.minusDays(1), labels, dir.resolve("warehouse"));
    NightlyJob job = new NightlyJob(spark(), ConfigLoader.parse(yaml, "estimated.yaml"));
    job.run(new DateRange(FIRST, LAST), "backfill", true);
    estimated = spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("metric_kind = 'estimated' AND ds >= DATE'" + FIRST + "'").cache();
    System.out.println("estimated rows of the shifted days:");
    estimated.where("metric IN ('auc', 'actual_positive_rate')").orderBy("ds", "slice_value", "metric")
        .selectExpr("ds", "slice_value", "metric", "round(value, 3) AS estimate", "round(ci_lower, 3) AS lo",
            "round(ci_upper, 3) AS hi", "round(realized_value, 3) AS realized", "round(check_z, 2) AS z",
            "estimate_status", "severity").show(60, false);
    incidents = spark().read().format("delta").load(job.warehouse().path(Table.INCIDENTS)).cache();
  }

  private Row row(LocalDate ds, String state, String metric) {
    return estimated.where(col("ds").equalTo(lit(java.sql.Date.valueOf(ds))).and(col("slice_key").equalTo("state"))
        .and(col("slice_value").equalTo(state)).and(col("metric").equalTo(metric))).first();
  }

  @Test
  void theCovariateShiftedSliceShowsItsAucDropBeforeItsLabels() {
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      Row auc = row(d, "s3", "auc");
      assertNull(auc.getAs("realized_value"), "no label has arrived: " + auc);
      Assertions.assertTrue(auc.<Double>getAs("ref_value") > 0.75, auc::toString);
      Assertions.assertTrue(auc.<Double>getAs("value") < 0.66 && auc.<Double>getAs("ci_upper") < 0.70, auc::toString);
      assertEquals("critical", auc.getAs("severity"), auc::toString);
      assertEquals("outcome_bootstrap", auc.getAs("ci_method"));
    }
    // The drop is a consequence of x's drift in s3, so it joins that incident: cause and effect in one.
    Row opened = incidents.where(col("ds").equalTo(lit(java.sql.Date.valueOf(FIRST)))
        .and(col("status").equalTo("opened")).and(col("column_name").equalTo("x"))).first();
    assertEquals("state=s3", opened.getAs("slice_key") + "=" + opened.getAs("slice_value"), opened::toString);
    Assertions.assertTrue(opened.<String>getAs("summary").contains("; with it, estimated quality degraded (auc) (critical)"),
        opened::toString);
    Assertions.assertTrue(opened.getList(opened.fieldIndex("evidence"))
        .contains("performance_metrics/" + FIRST + "/state=s3/estimated/auc"), opened::toString);
  }

  @Test
  void theConceptDriftedSliceIsFlaggedUnreliableOnItsFirstLabelledDay() {
    Row auc = row(FIRST, "s2", "auc");
    assertEquals("unreliable", auc.getAs("estimate_status"), auc::toString);
    Assertions.assertTrue(auc.<Double>getAs("check_z") < -5, auc::toString);
    assertEquals("none", auc.getAs("severity"), "an unreliable estimate never alerts: " + auc);
    Assertions.assertTrue(auc.<String>getAs("severity_reason").startsWith("estimate unreliable"), auc::toString);
    Assertions.assertTrue(auc.<Double>getAs("realized_value") < 0.3, "the labels show the reversed relation: " + auc);
  }

  @Test
  void theUnchangedSlicesStayReliableAndTheirRealizedValuesFallInsideTheEstimate() {
    List<Row> unchanged = estimated.where("slice_value IN ('s0', 's1')").collectAsList();
    assertEquals(2 * 3 * 7, unchanged.size());
    long inside = 0;
    long compared = 0;
    for (Row r : unchanged) {
      assertEquals("reliable", r.getAs("estimate_status"), r::toString);
      Assertions.assertTrue(r.<String>getAs("calibration").startsWith("isotonic on 15000 reference labels of state="),
          r::toString);
      if (List.of("auc", "accuracy").contains(r.<String>getAs("metric"))) {
        double realized = r.getAs("realized_value");
        inside += realized >= r.<Double>getAs("ci_lower") && realized <= r.<Double>getAs("ci_upper") ? 1 : 0;
        compared++;
      }
    }
    String covered = inside + " of " + compared + " realized values inside the estimate's interval";
    Assertions.assertTrue(inside >= compared - 1, () -> covered + ": " + unchanged);
  }
}
