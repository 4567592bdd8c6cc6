package dev.driftline.tests.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regression model end to end: the day's MAE, RMSE and bias against a direct computation over
 * the same rows, and MAPE leaving out (and counting) the zero labels; labels here are dated, not
 * timestamped, and the label table is Parquet.
 */
class RegressionEndToEndTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 6, 10);

  @TempDir
  Path dir;

  @Test
  void regressionMetricsMatchADirectComputation() {
    StructType predictionSchema = new StructType().add("id", DataTypes.LongType, false).add("ds", DataTypes.DateType, false)
        .add("x", DataTypes.DoubleType, false).add("eta", DataTypes.DoubleType, false);
    StructType labelSchema = new StructType().add("id", DataTypes.LongType, false)
        .add("minutes", DataTypes.DoubleType, false).add("arrived", DataTypes.DateType, false);
    Random random = new Random(9);
    List<Row> predictions = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    double absolute = 0;
    double squared = 0;
    double error = 0;
    double percent = 0;
    int zeros = 0;
    long id = 0;
    int today = 0;
    for (LocalDate d = DAY.minusDays(9); !d.isAfter(DAY); d = d.plusDays(1)) {
      for (int i = 0; i < 80; i++, id++) {
        double actual = i % 10 == 0 ? 0 : Math.round(20 + 8 * random.nextGaussian());
        double eta = actual + 1.5 + 3 * random.nextGaussian();
        predictions.add(RowFactory.create(id, Date.valueOf(d), random.nextDouble(), eta));
        labels.add(RowFactory.create(id, actual, Date.valueOf(d)));
        if (d.equals(DAY)) {
          today++;
          double e = eta - actual;
          absolute += Math.abs(e);
          squared += e * e;
          error += e;
          if (actual == 0) {
            zeros++;
          } else {
            percent += Math.abs(e / actual);
          }
        }
      }
    }
    spark().createDataFrame(predictions, predictionSchema).write().format("delta").partitionBy("ds")
        .save(dir.resolve("predictions").toString());
    spark().createDataFrame(labels, labelSchema).write().parquet(dir.resolve("labels").toString());
    String yaml = """
        model: eta
        input: {format: delta, path: %s, date_column: ds}
        features: {numeric: [x]}
        prediction: {column: eta, kind: regression}
        reference: {from: 2026-06-01, to: 2026-06-07}
        labels: {format: parquet, path: %s, request_id_column: id, label_column: minutes, arrival_column: arrived, window_days: 3}
        performance: {thresholds: {mae: {warn: 0.5}}}
        output: {warehouse: %s}
        """.formatted(dir.resolve("predictions"), dir.resolve("labels"), dir.resolve("warehouse"));
    NightlyJob job = new NightlyJob(spark(), ConfigLoader.parse(yaml, "eta.yaml"));
    job.run(new DateRange(DAY, DAY), "run", false);

    Map<String, Row> rows = spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("ds = DATE'" + DAY + "'").collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("metric"), r -> r));
    assertEquals(absolute / today, rows.get("mae").<Double>getAs("value"), 1e-9);
    assertEquals(Math.sqrt(squared / today), rows.get("rmse").<Double>getAs("value"), 1e-9);
    assertEquals(error / today, rows.get("mean_error").<Double>getAs("value"), 1e-9);
    assertEquals(percent / (today - zeros), rows.get("mape").<Double>getAs("value"), 1e-9);
    assertEquals((long) zeros, rows.get("mape").<Long>getAs("excluded"));
    assertEquals((long) (today - zeros), rows.get("mape").<Long>getAs("n"));
    assertEquals("bootstrap", rows.get("r2").getAs("ci_method"));
    assertEquals((long) today, rows.get("mae").<Long>getAs("labelled"));
    assertEquals("none", rows.get("rmse").getAs("severity"), "no threshold for rmse");
    org.junit.jupiter.api.Assertions.assertTrue(rows.get("mae").<String>getAs("severity_reason").startsWith("mae degraded by"),
        rows.get("mae").<String>getAs("severity_reason"));
  }
}
