package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
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

/**
 * The input's schema changes after the reference: a monitored feature is dropped, another turns
 * from int to string, a column is added. The next run still processes the day: the schema rows
 * say what changed (critical for the monitored columns, info for the added one), the dropped
 * feature is read as nulls and the retyped one cast back, and each is one incident. Without a
 * stored reference that had the column, a missing column stays a config error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaChangeTest extends SparkTestBase {

  private static final LocalDate BEFORE = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate AFTER = BEFORE.plusDays(1);

  @TempDir
  static Path dir;

  private Path warehouse;
  private Cli.Result changed;
  private Cli.Result withoutReference;

  @BeforeAll
  void runBeforeAndAfterTheChange() {
    Path log = dir.resolve("log");
    spark().read().format("delta").load(Fixtures.smallDemoLog(spark()).toString())
        .write().format("delta").partitionBy("ds").save(log.toString());
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(log, warehouse).writeTo(dir.resolve("model.yaml"));
    Cli.ok("run", "-c", config, "--date", BEFORE);

    spark().read().format("delta").load(log.toString())
        .drop("merchant_risk")
        .withColumn("txn_per_day", col("txn_per_day").cast("string"))
        .withColumn("campaign", lit("spring"))
        .write().format("delta").mode("overwrite").option("overwriteSchema", "true").partitionBy("ds")
        .save(log.toString());
    changed = Cli.run("run", "-c", config, "--date", AFTER);
    withoutReference = Cli.run("run", "-c",
        JobConfig.demo(log, dir.resolve("fresh-warehouse")).writeTo(dir.resolve("fresh.yaml")), "--date", AFTER);
  }

  @Test
  void theDayIsProcessedAndTheSchemaRowsSayWhatChanged() {
    assertEquals(0, changed.exitCode(), changed::toString);
    Map<String, Row> schema = day(Table.DATA_QUALITY).where("check = 'schema'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("column_name"), r -> r));
    assertEquals(List.of("campaign", "merchant_risk", "txn_per_day"), schema.keySet().stream().sorted().toList());
    Row dropped = schema.get("merchant_risk");
    assertEquals("critical", dropped.getAs("severity"), dropped::toString);
    assertEquals("double", dropped.getAs("ref_type"));
    assertNull(dropped.getAs("input_type"));
    Row retyped = schema.get("txn_per_day");
    assertEquals("critical", retyped.getAs("severity"), retyped::toString);
    assertEquals("int", retyped.getAs("ref_type"));
    assertEquals("string", retyped.getAs("input_type"));
    Row added = schema.get("campaign");
    assertEquals("info", added.getAs("severity"), added::toString);
    assertNull(added.getAs("ref_type"));
    Assertions.assertTrue(changed.out().contains("merchant_risk"), changed.out());
  }

  @Test
  void theDroppedFeatureReadsAsNullsAndTheRetypedOneIsCastBack() {
    Dataset<Row> values = day(Table.DATA_QUALITY).where("check = 'values' AND slice_key = '__all__'");
    Row dropped = values.where("column_name = 'merchant_risk'").first();
    assertEquals(1.0, dropped.<Double>getAs("null_rate"), 0.0);
    assertEquals("critical", dropped.getAs("severity"));
    Row retyped = values.where("column_name = 'txn_per_day'").first();
    assertEquals(0.0, retyped.<Double>getAs("null_rate"), 0.0, "every string parses back as a number");
    Row stable = day(Table.DRIFT_METRICS).where("column_name = 'txn_per_day' AND slice_key = '__all__'"
        + " AND comparison = 'BASELINE'").first();
    Assertions.assertTrue(stable.<Double>getAs("psi") < 0.1, "the same values as before: " + stable);
    Assertions.assertTrue(day(Table.DRIFT_METRICS).where("column_name = 'amount'").count() > 0, "the other columns are compared");
  }

  @Test
  void eachChangedColumnIsOneCriticalDataQualityIncident() {
    List<Row> incidents = day(Table.INCIDENTS).where("kind = 'data_quality'").orderBy("column_name").collectAsList();
    assertEquals(List.of("merchant_risk", "txn_per_day"), incidents.stream().map(r -> r.<String>getAs("column_name"))
        .toList(), incidents::toString);
    for (Row r : incidents) {
      assertEquals("critical", r.getAs("severity"), r::toString);
      assertEquals("__all__", r.getAs("slice_value"), r::toString);
    }
  }

  @Test
  void withoutAReferenceThatHadTheColumnItIsAConfigError() {
    assertEquals(2, withoutReference.exitCode(), withoutReference::toString);
    Assertions.assertTrue(withoutReference.errorLine().contains("merchant_risk"), withoutReference.errorLine());
  }

  private Dataset<Row> day(Table table) {
    return Outputs.read(warehouse, table).where(col("ds").equalTo(lit(java.sql.Date.valueOf(AFTER))));
  }
}
