package dev.driftline.tests.performance;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A calibrated model's log (labels drawn as Bernoulli(score), every label arriving on its
 * prediction's day) in 30 state slices of 40 to 2,500 predictions a day (log-uniform, about 18,600
 * a day), with a 14-day reference from {@link #REFERENCE_START}. Uniforms come from hashes of the
 * row id, so the log is the same whatever the partitioning.
 */
final class CalibratedLog {

  static final LocalDate REFERENCE_START = LocalDate.of(2026, 5, 1);
  /** The first day after the reference. */
  static final LocalDate FIRST = REFERENCE_START.plusDays(14);
  static final int SLICES = 30;
  static final int SMALLEST = 40;
  static final int LARGEST = 2_500;

  private CalibratedLog() {}

  /**
   * Writes predictions (Delta, by ds) and labels (Parquet) under {@code dir} from the reference's
   * first day to {@code last} and returns the config's YAML (without an output section).
   *
   * @param shifted SQL over {@code ds}: the days whose scores are shifted by +0.6 on the logit
   *     scale (outcomes unchanged), e.g. {@code "false"}
   * @param nulls SQL over {@code ds}: the days on which 20% of feature x is null
   */
  static String write(SparkSession spark, Path dir, LocalDate last, String shifted, String nulls) {
    List<String> sizes = new ArrayList<>();
    for (int s = 0; s < SLICES; s++) {
      long size = Math.round(SMALLEST * Math.pow((double) LARGEST / SMALLEST, s / (SLICES - 1.0)));
      sizes.add(String.format(Locale.ROOT, "(%d, %d)", s, size));
    }
    String uniform = "((xxhash64(id, %d) & 4503599627370495) + 0.5) / 4503599627370496.0";
    spark.sql("SELECT explode(sequence(DATE'" + REFERENCE_START + "', DATE'" + last + "')) AS ds")
        .createOrReplaceTempView("sim_days");
    spark.sql("SELECT * FROM VALUES " + String.join(", ", sizes) + " AS t(s, size)")
        .createOrReplaceTempView("sim_slices");
    Dataset<Row> rows = spark.sql("""
        SELECT ds, s, i, datediff(ds, DATE'2026-01-01') * 10000000L + s * 100000L + i AS id
        FROM sim_days CROSS JOIN sim_slices LATERAL VIEW explode(sequence(0, size - 1)) AS i
        """).selectExpr("id", "ds", "format_string('s%02d', s) AS state",
            "sqrt(-2 * ln(" + uniform.formatted(1) + ")) * cos(2 * pi() * " + uniform.formatted(2) + ") AS x",
            uniform.formatted(3) + " AS u", uniform.formatted(4) + " AS v")
        .selectExpr("id", "ds", "state", "x", "u", "v", "1 / (1 + exp(-(-1 + 1.5 * x))) AS p",
            "-1 + 1.5 * x + IF(" + shifted + ", 0.6, 0) AS logit")
        .selectExpr("id", "ds", "state", "IF((" + nulls + ") AND v < 0.2, NULL, x) AS x",
            "1 / (1 + exp(-logit)) AS score", "IF(u < p, 1, 0) AS label");
    String predictions = dir.resolve("predictions").toString();
    String labels = dir.resolve("labels").toString();
    rows.select("id", "ds", "state", "x", "score").write().format("delta").partitionBy("ds").save(predictions);
    rows.selectExpr("id", "label", "ds AS arrived").write().parquet(labels);
    return """
        model: calibrated
        input: {format: delta, path: %s, date_column: ds}
        features: {numeric: [x]}
        prediction: {column: score, kind: probability}
        slices: {columns: [state]}
        reference: {from: %s, to: %s}
        labels: {format: parquet, path: %s, request_id_column: id, label_column: label, arrival_column: arrived, window_days: 3}
        """.formatted(predictions, REFERENCE_START, FIRST.minusDays(1), labels);
  }
}
