package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Inputs other than the demo's Delta log by date: Parquet by event time, a rolling reference, an expression slice. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputVariantsTest extends SparkTestBase {

  private static final LocalDate DAY = Fixtures.FIRST_RUN_DAY;
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  @TempDir
  static Path dir;

  private Path log;

  @BeforeAll
  void input() {
    runBefore();
    log = Fixtures.smallDemoLog(spark());
  }

  @Test
  void parquetDaysAreLocalDaysOfTheEventTimeInTheConfiguredZone() {
    // 23:30 UTC on DAY is 08:30 the next morning in Tokyo. JP never occurs in the demo log, so
    // the marker is the only row counted in the country __OTHER__ bin.
    Instant lateEvening = DAY.atTime(23, 30).atZone(ZoneId.of("UTC")).toInstant();
    Dataset<Row> demo = DemoLog.predictions(spark(), Fixtures.SMALL).drop("ds");
    Dataset<Row> marker = demo.limit(1).withColumn("request_id", lit("marker"))
        .withColumn("event_time", lit(Timestamp.from(lateEvening))).withColumn("country", lit("JP"));
    Path parquet = dir.resolve("parquet-log");
    demo.union(marker).write().parquet(parquet.toString());
    Path warehouse = dir.resolve("parquet-warehouse");
    JobConfig config = JobConfig.demo(parquet, warehouse).withInput(
        "{format: parquet, path: '" + parquet + "', timestamp_column: event_time, time_zone: " + TOKYO + "}");
    Cli.ok("backfill", "-c", config.writeTo(dir.resolve("parquet.yaml")), "--from", DAY, "--to", DAY.plusDays(1));

    Row countryRef = Outputs.read(warehouse, Table.REFERENCE_PROFILES)
        .where(col("slice_key").equalTo("__all__").and(col("column_name").equalTo("country"))).first();
    int otherBin = countryRef.<String>getList(countryRef.fieldIndex("bin_labels")).indexOf("__OTHER__");
    Assertions.assertTrue(otherBin >= 0, "country has an __OTHER__ bin");
    for (LocalDate ds : List.of(DAY, DAY.plusDays(1))) {
      Row country = Outputs.day(warehouse, Table.FEATURE_PROFILES, ds)
          .where(col("slice_key").equalTo("__all__").and(col("column_name").equalTo("country"))).first();
      Instant start = ds.atStartOfDay(TOKYO).toInstant();
      Instant end = ds.plusDays(1).atStartOfDay(TOKYO).toInstant();
      long expectedRows = spark().read().parquet(parquet.toString())
          .where(col("event_time").geq(lit(Timestamp.from(start))).and(col("event_time").lt(lit(Timestamp.from(end)))))
          .count();
      assertEquals(expectedRows, country.<Long>getAs("rows"), "rows of the Tokyo day " + ds);
      long others = country.<Long>getList(country.fieldIndex("counts")).get(otherBin);
      assertEquals(ds.equals(DAY) ? 0 : 1, others, "the 23:30 UTC marker on the Tokyo day " + ds);
    }
  }

  @Test
  void rollingReferenceMovesWithTheRunDate() {
    Path warehouse = dir.resolve("rolling-warehouse");
    Path config = JobConfig.demo(log, warehouse).withReference("{rolling_days: 3, lag_days: 1}")
        .writeTo(dir.resolve("rolling.yaml"));
    LocalDate next = DAY.plusDays(1);
    Cli.ok("run", "-c", config, "--date", DAY);
    Cli.ok("run", "-c", config, "--date", next);

    Map<LocalDate, String> referenceByDay = Outputs.read(warehouse, Table.DRIFT_METRICS)
        .select("ds", "reference_id").distinct().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getDate(0).toLocalDate(), r -> r.getString(1)));
    assertEquals(2, referenceByDay.size(), "one reference per day: " + referenceByDay);
    assertNotEquals(referenceByDay.get(DAY), referenceByDay.get(next));
    for (Map.Entry<LocalDate, String> e : referenceByDay.entrySet()) {
      List<Row> windows = Outputs.read(warehouse, Table.REFERENCE_PROFILES)
          .where(col("reference_id").equalTo(e.getValue())).select("window_start", "window_end").distinct().collectAsList();
      assertEquals(1, windows.size());
      assertEquals(e.getKey().minusDays(3), windows.get(0).getDate(0).toLocalDate(), "window start for " + e.getKey());
      assertEquals(e.getKey().minusDays(1), windows.get(0).getDate(1).toLocalDate(), "window end for " + e.getKey());
    }

    // The previous day was profiled on the other reference's bins; it is compared all the same.
    long previousRows = Outputs.day(warehouse, Table.FEATURE_PROFILES, DAY)
        .where(col("slice_key").equalTo("__all__").and(col("column_name").equalTo("country"))).first().getAs("rows");
    Row consecutive = Outputs.day(warehouse, Table.DRIFT_METRICS, next)
        .where(col("comparison").equalTo("CONSECUTIVE").and(col("slice_key").equalTo("__all__"))
            .and(col("column_name").equalTo("country"))).first();
    assertEquals(previousRows, consecutive.<Long>getAs("n_ref"));
    assertEquals(referenceByDay.get(next), consecutive.getAs("reference_id"));
  }

  @Test
  void sliceDefinedByASqlExpression() {
    Path warehouse = dir.resolve("expression-warehouse");
    Path config = JobConfig.demo(log, warehouse)
        .withSlices("{columns: [\"CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS amount_band\"]}")
        .writeTo(dir.resolve("expression.yaml"));
    Cli.ok("run", "-c", config, "--date", DAY);

    Dataset<Row> input = spark().read().format("delta").load(log.toString());
    Dataset<Row> day = input.where(col("ds").equalTo(lit(java.sql.Date.valueOf(DAY))));
    Dataset<Row> reference = input.where(col("ds").between(lit("2026-10-01"), lit("2026-10-14")));
    Map<String, Long> expectedDay = Map.of("big", day.where("amount > 100").count(), "small", day.where("amount <= 100").count());
    Map<String, Long> expectedReference = Map.of("big", reference.where("amount > 100").count(),
        "small", reference.where("amount <= 100").count());

    List<Row> drift = Outputs.day(warehouse, Table.DRIFT_METRICS, DAY)
        .where(col("slice_key").equalTo("amount_band").and(col("column_name").equalTo("country"))
            .and(col("comparison").equalTo("BASELINE"))).collectAsList();
    assertEquals(expectedDay, drift.stream().collect(Collectors.toMap(r -> r.getAs("slice_value"), r -> r.<Long>getAs("n_cur"))));
    assertEquals(expectedReference, drift.stream().collect(Collectors.toMap(r -> r.getAs("slice_value"), r -> r.<Long>getAs("n_ref"))));
  }
}
