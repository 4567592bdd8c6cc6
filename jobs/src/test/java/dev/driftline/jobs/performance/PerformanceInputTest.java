package dev.driftline.jobs.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.io.LabelLog;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Predictions joined with their labels, against a plain search over the label list: a label counts
 * for a prediction of day d when it arrived by d + window_days and by the run's last day; the latest
 * arrival gives the label, equal arrival times the larger label. The data is drawn so that ids
 * repeat across days and within a day, labels repeat and tie, arrive late or never match.
 */
class PerformanceInputTest extends SparkTestBase {

  private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);
  private static final int DAYS = 10;
  private static final int WINDOW = 3;
  private static final LocalDate AS_OF = FIRST.plusDays(DAYS + 1);

  @TempDir
  Path dir;

  private record Prediction(String id, LocalDate ds, double score) {}

  private record Label(String id, int label, LocalDateTime arrived) {}

  @Test
  void eachPredictionGetsTheLatestLabelArrivedWithinItsWindow() {
    Random random = new Random(17);
    List<Prediction> predictions = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String id = random.nextInt(20) == 0 ? null : "r" + random.nextInt(60);
      predictions.add(new Prediction(id, FIRST.plusDays(random.nextInt(DAYS)), random.nextInt(100) / 100.0));
    }
    List<Label> labels = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      // Arrivals on whole half days, so equal arrival times are common; some after the last day.
      LocalDateTime arrived = FIRST.atStartOfDay().plusHours(12L * random.nextInt(2 * (DAYS + 5)));
      labels.add(new Label("r" + random.nextInt(70), random.nextInt(2), arrived));
    }
    JobSpec spec = spec(write(predictions, labels));

    List<String> actual = new ArrayList<>();
    PerformanceInput input = new PerformanceInput(spec, PredictionLog.open(spark(), spec),
        LabelLog.open(spark(), spec), AS_OF, null);
    for (Row r : input.rows(new DateRange(FIRST, FIRST.plusDays(DAYS - 1))).collectAsList()) {
      Timestamp arrived = r.getAs(LabelLog.ARRIVED_AT);
      actual.add(line(r.getAs(LabelLog.REQUEST_ID), ((Date) r.getAs(PerformanceInput.DS)).toLocalDate(),
          r.getAs(PerformanceInput.PREDICTION), r.getAs(LabelLog.LABEL),
          arrived == null ? null : arrived.toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime(),
          r.getAs(PerformanceInput.LABEL_COUNT)));
    }

    List<String> expected = new ArrayList<>();
    int labelled = 0;
    int withDuplicates = 0;
    for (Prediction p : predictions) {
      List<Label> counted = labels.stream().filter(l -> l.id().equals(p.id()))
          .filter(l -> !l.arrived().toLocalDate().isAfter(p.ds().plusDays(WINDOW)))
          .filter(l -> !l.arrived().toLocalDate().isAfter(AS_OF)).toList();
      Label latest = counted.stream().max(Comparator.comparing(Label::arrived).thenComparing(Label::label))
          .orElse(null);
      labelled += latest == null ? 0 : 1;
      withDuplicates += counted.size() > 1 ? 1 : 0;
      expected.add(line(p.id(), p.ds(), p.score(), latest == null ? null : (double) latest.label(),
          latest == null ? null : latest.arrived(), (long) counted.size()));
    }
    org.junit.jupiter.api.Assertions.assertTrue(labelled > 50 && withDuplicates > 10, "the draw covers labels and duplicates: " + labelled
        + " labelled, " + withDuplicates + " with more than one label");
    List<String> missing = new ArrayList<>(expected);
    actual.forEach(missing::remove);
    List<String> unexpected = new ArrayList<>(actual);
    expected.forEach(unexpected::remove);
    assertEquals(List.of(), missing, "rows expected but not joined");
    assertEquals(List.of(), unexpected, "rows joined but not expected");
  }

  private static String line(String id, LocalDate ds, double score, Double label, LocalDateTime arrived,
      long count) {
    return id + " " + ds + " " + score + " -> " + label + " " + arrived + " x" + count;
  }

  private Path write(List<Prediction> predictions, List<Label> labels) {
    StructType predictionSchema = new StructType().add("request_id", DataTypes.StringType)
        .add("ds", DataTypes.DateType).add("score", DataTypes.DoubleType).add("amount", DataTypes.DoubleType)
        .add("device", DataTypes.StringType);
    List<Row> predictionRows = predictions.stream()
        .map(p -> RowFactory.create(p.id(), Date.valueOf(p.ds()), p.score(), p.score() * 100, "web")).toList();
    spark().createDataFrame(predictionRows, predictionSchema).write().parquet(dir.resolve("p").toString());
    StructType labelSchema = new StructType().add("request_id", DataTypes.StringType)
        .add("is_fraud", DataTypes.IntegerType).add("label_time", DataTypes.TimestampType);
    List<Row> labelRows = labels.stream().map(l -> RowFactory.create(l.id(), l.label(),
        Timestamp.from(l.arrived().toInstant(ZoneOffset.UTC)))).toList();
    spark().createDataFrame(labelRows, labelSchema).write().parquet(dir.resolve("l").toString());
    return dir;
  }

  private static JobSpec spec(Path dir) {
    return ConfigLoader.parse("""
        model: fraud
        input: {format: parquet, path: %s, date_column: ds}
        features:
          numeric: [amount]
          categorical: [device]
        prediction: {column: score, kind: probability}
        reference: {from: %s, to: %s}
        labels:
          format: parquet
          path: %s
          request_id_column: request_id
          label_column: is_fraud
          arrival_column: label_time
          window_days: %d
        output: {warehouse: %s}
        """.formatted(dir.resolve("p"), FIRST, FIRST.plusDays(2), dir.resolve("l"), WINDOW, dir.resolve("w")),
        "test.yaml");
  }
}
