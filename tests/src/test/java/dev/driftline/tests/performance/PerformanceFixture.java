package dev.driftline.tests.performance;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.JobSpec;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small scored log with labels whose arrival is known exactly: each prediction of day d is
 * labelled at noon on d + 1, except the cases the tests are about (a duplicate, an orphan, a
 * missing label that arrives late, a label without a request id, one prediction in slice NZ on the
 * reference's first day and on {@link #ONE_LABEL_DAY}).
 */
final class PerformanceFixture {

  static final LocalDate FIRST = LocalDate.of(2026, 3, 1);
  static final LocalDate LAST = LocalDate.of(2026, 3, 16);
  static final int ROWS_PER_DAY = 120;
  static final int WINDOW_DAYS = 5;
  static final LocalDate LATE_DAY = LocalDate.of(2026, 3, 10);
  /** The request of LATE_DAY whose label only arrives on LATE_DAY + WINDOW_DAYS. */
  static final String LATE_REQUEST = id(LATE_DAY, 7);
  static final LocalDate DUPLICATE_DAY = LocalDate.of(2026, 3, 12);
  /** Labelled twice: first wrongly on DUPLICATE_DAY + 1, then correctly on DUPLICATE_DAY + 2. */
  static final String DUPLICATE_REQUEST = id(DUPLICATE_DAY, 5);
  static final LocalDate ONE_LABEL_DAY = LocalDate.of(2026, 3, 12);
  static final LocalDate ORPHAN_ARRIVAL = LocalDate.of(2026, 3, 13);
  /** A label without a request id arrives with the orphan: it cannot be joined, only counted. */
  static final LocalDate NULL_ID_ARRIVAL = ORPHAN_ARRIVAL;

  static final StructType PREDICTIONS = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("ds", DataTypes.DateType, false)
      .add("x", DataTypes.DoubleType, false)
      .add("country", DataTypes.StringType, false)
      .add("score", DataTypes.DoubleType, false)
      .add("latency_ms", DataTypes.DoubleType, false);
  static final StructType LABELS = new StructType()
      .add("request_id", DataTypes.StringType, true)
      .add("is_fraud", DataTypes.IntegerType, false)
      .add("label_time", DataTypes.TimestampType, false);

  final List<Row> predictions = new ArrayList<>();
  final List<Row> labels = new ArrayList<>();
  /** The true label of every request. */
  final java.util.Map<String, Integer> truth = new java.util.HashMap<>();
  final Path dir;

  PerformanceFixture(Path dir) {
    this.dir = dir;
    Random random = new Random(4);
    for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
      int rows = ROWS_PER_DAY + (d.equals(FIRST) || d.equals(ONE_LABEL_DAY) ? 1 : 0);
      for (int i = 0; i < rows; i++) {
        String id = id(d, i);
        double x = random.nextGaussian();
        double score = 1 / (1 + Math.exp(-1.5 * x));
        int label = random.nextDouble() < score ? 1 : 0;
        String country = i == ROWS_PER_DAY ? "NZ" : random.nextDouble() < 0.6 ? "US" : "BR";
        predictions.add(RowFactory.create(id, Date.valueOf(d), x, country, score, 30 + 10 * random.nextDouble()));
        truth.put(id, label);
        if (id.equals(LATE_REQUEST)) {
          continue;
        }
        if (id.equals(DUPLICATE_REQUEST)) {
          labels.add(label(id, 1 - label, d.plusDays(1)));
          labels.add(label(id, label, d.plusDays(2)));
          continue;
        }
        labels.add(label(id, label, d.plusDays(1)));
      }
    }
    labels.add(label("ghost", 1, ORPHAN_ARRIVAL));
    labels.add(label(null, 0, NULL_ID_ARRIVAL));
  }

  static String id(LocalDate day, int i) {
    return "r-" + day + "-" + i;
  }

  static Row label(String id, int label, LocalDate arrival) {
    return RowFactory.create(id, label, Timestamp.valueOf(LocalDateTime.of(arrival, java.time.LocalTime.NOON)));
  }

  Row lateLabel() {
    return label(LATE_REQUEST, truth.get(LATE_REQUEST), LATE_DAY.plusDays(WINDOW_DAYS));
  }

  String predictionsPath() {
    return dir.resolve("predictions").toString();
  }

  String labelsPath() {
    return dir.resolve("labels").toString();
  }

  void write(SparkSession spark) {
    spark.createDataFrame(predictions, PREDICTIONS).write().format("delta").mode("overwrite").partitionBy("ds")
        .save(predictionsPath());
    spark.createDataFrame(labels, LABELS).write().format("delta").mode("overwrite").save(labelsPath());
  }

  void appendLabels(SparkSession spark, List<Row> rows) {
    spark.createDataFrame(rows, LABELS).write().format("delta").mode("append").save(labelsPath());
  }

  String yaml() {
    return """
        model: fixture
        input: {format: delta, path: %s, date_column: ds}
        features: {numeric: [x]}
        prediction: {column: score, kind: probability}
        slices: {columns: [country]}
        reference: {from: 2026-03-01, to: 2026-03-07}
        labels:
          format: delta
          path: %s
          request_id_column: request_id
          label_column: is_fraud
          arrival_column: label_time
          window_days: %d
        performance: {bootstrap_replicates: 50, min_labels: 30}
        latency: {column: latency_ms, slo: {warn: 39.5}, cost_per_1000: 2.0}
        output: {warehouse: %s}
        """.formatted(predictionsPath(), labelsPath(), WINDOW_DAYS, dir.resolve("warehouse"));
  }

  JobSpec spec() {
    return ConfigLoader.parse(yaml(), "fixture.yaml");
  }
}
