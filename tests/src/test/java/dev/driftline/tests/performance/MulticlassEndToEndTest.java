package dev.driftline.tests.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
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
 * Class predictions end to end: accuracy, per-class recall and predicted shares against a direct
 * count over the same rows; a label outside the reference's classes counts as a miss.
 */
class MulticlassEndToEndTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 6, 10);
  private static final String[] CLASSES = {"cat", "dog", "bird"};

  @TempDir
  Path dir;

  @Test
  void classMetricsMatchADirectCount() {
    StructType predictionSchema = new StructType().add("id", DataTypes.StringType, false)
        .add("ds", DataTypes.DateType, false).add("x", DataTypes.DoubleType, false)
        .add("animal", DataTypes.StringType, false);
    StructType labelSchema = new StructType().add("id", DataTypes.StringType, false)
        .add("truth", DataTypes.StringType, false).add("at", DataTypes.TimestampType, false);
    Random random = new Random(12);
    List<Row> predictions = new ArrayList<>();
    List<Row> labels = new ArrayList<>();
    int n = 0;
    int correct = 0;
    int dogs = 0;
    int dogsFound = 0;
    int predictedBird = 0;
    for (LocalDate d = DAY.minusDays(9); !d.isAfter(DAY); d = d.plusDays(1)) {
      for (int i = 0; i < 150; i++) {
        String truth = i % 50 == 0 ? "fish" : CLASSES[random.nextInt(3)];
        String predicted = random.nextDouble() < 0.7 && !truth.equals("fish") ? truth : CLASSES[random.nextInt(3)];
        String id = d + "-" + i;
        predictions.add(RowFactory.create(id, Date.valueOf(d), random.nextDouble(), predicted));
        labels.add(RowFactory.create(id, truth, Timestamp.valueOf(d.atTime(23, 0))));
        if (d.equals(DAY)) {
          n++;
          correct += truth.equals(predicted) ? 1 : 0;
          dogs += truth.equals("dog") ? 1 : 0;
          dogsFound += truth.equals("dog") && predicted.equals("dog") ? 1 : 0;
          predictedBird += predicted.equals("bird") ? 1 : 0;
        }
      }
    }
    spark().createDataFrame(predictions, predictionSchema).write().format("delta").partitionBy("ds")
        .save(dir.resolve("predictions").toString());
    spark().createDataFrame(labels, labelSchema).write().format("delta").save(dir.resolve("labels").toString());
    String yaml = """
        model: animals
        input: {format: delta, path: %s, date_column: ds}
        features: {numeric: [x]}
        prediction: {column: animal, kind: class}
        reference: {from: 2026-06-01, to: 2026-06-07}
        labels: {format: delta, path: %s, request_id_column: id, label_column: truth, arrival_column: at}
        output: {warehouse: %s}
        """.formatted(dir.resolve("predictions"), dir.resolve("labels"), dir.resolve("warehouse"));
    NightlyJob job = new NightlyJob(spark(), ConfigLoader.parse(yaml, "animals.yaml"));
    job.run(new DateRange(DAY, DAY), "run", false);

    Map<String, Row> rows = spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("ds = DATE'" + DAY + "' AND slice_key = '__all__'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("metric"), r -> r));
    assertEquals(correct / (double) n, rows.get("accuracy").<Double>getAs("value"), 1e-12);
    assertEquals("wilson", rows.get("accuracy").getAs("ci_method"));
    assertEquals(dogsFound / (double) dogs, rows.get("class_recall:dog").<Double>getAs("value"), 1e-12);
    assertEquals((long) dogs, rows.get("class_recall:dog").<Long>getAs("n"));
    assertEquals(predictedBird / (double) n, rows.get("predicted_class_share:bird").<Double>getAs("value"), 1e-12);
    assertEquals("bootstrap", rows.get("macro_f1").getAs("ci_method"));
    assertEquals(2 + 2 * CLASSES.length, rows.values().stream().filter(r -> "quality".equals(r.getAs("metric_kind")))
        .count(), "accuracy, macro_f1, and recall and share per class: " + rows.keySet());
  }
}
