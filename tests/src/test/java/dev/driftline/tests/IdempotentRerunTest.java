package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Running a day twice replaces its rows with equal ones: reruns are safe. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotentRerunTest extends SparkTestBase {

  private static final LocalDate DAY = Fixtures.FIRST_RUN_DAY;
  /** The lineage too: a rerun over the same inputs and config has the same fingerprints. */
  private static final List<Table> DAY_TABLES = List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY,
      Table.LINEAGE);

  @TempDir
  static Path dir;

  private Path warehouse;
  /** Delta version of each table after the first run. */
  private final Map<Table, Long> afterFirstRun = new EnumMap<>(Table.class);

  @BeforeAll
  void runTheDayTwice() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml"));
    Cli.ok("run", "-c", config, "--date", DAY);
    for (Table t : List.of(Table.REFERENCE_PROFILES, Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY,
        Table.LINEAGE)) {
      afterFirstRun.put(t, Outputs.version(warehouse, t));
    }
    Cli.ok("run", "-c", config, "--date", DAY);
  }

  @Test
  void rerunReplacesTheDayWithRowsEqualToTheFirstRunsButForTheRunId() {
    for (Table t : DAY_TABLES) {
      List<String> first = Outputs.contents(Outputs.readAt(warehouse, t, afterFirstRun.get(t)), "run_id");
      List<String> now = Outputs.contents(Outputs.read(warehouse, t), "run_id");
      Assertions.assertFalse(first.isEmpty(), t + " has rows");
      Outputs.assertSameContents(first, now, t.tableName());
    }
  }

  @Test
  void eachTableHoldsOneSetOfRowsWrittenByTheSecondRun() {
    List<String> runIds = runs().stream().map(r -> r.<String>getAs("run_id")).toList();
    for (Table t : DAY_TABLES) {
      List<String> writers = Outputs.day(warehouse, t, DAY).select("run_id").distinct().collectAsList().stream()
          .map(r -> r.getString(0)).toList();
      assertEquals(List.of(runIds.get(1)), writers, t.tableName());
    }
    long rows = Outputs.day(warehouse, Table.DRIFT_METRICS, DAY).count();
    long keys = Outputs.day(warehouse, Table.DRIFT_METRICS, DAY)
        .select("slice_key", "slice_value", "column_name", "comparison").distinct().count();
    assertEquals(keys, rows, "one drift row per slice, column and comparison");
  }

  @Test
  void secondRunReusesTheStoredReference() {
    Table t = Table.REFERENCE_PROFILES;
    Outputs.assertSameContents(Outputs.contents(Outputs.readAt(warehouse, t, afterFirstRun.get(t))),
        Outputs.contents(Outputs.read(warehouse, t)), t.tableName());
  }

  @Test
  void runsTableRecordsBothRuns() {
    List<Row> runs = runs();
    assertEquals(2, runs.size());
    for (Row r : runs) {
      assertEquals("succeeded", r.getAs("status"));
      assertEquals("run", r.getAs("command"));
    }
    assertNotEquals(runs.get(0).<String>getAs("run_id"), runs.get(1).<String>getAs("run_id"));
  }

  private List<Row> runs() {
    return Outputs.day(warehouse, Table.RUNS, DAY).orderBy("started_at").collectAsList();
  }
}
