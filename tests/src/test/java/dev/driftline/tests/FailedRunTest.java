package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Files;
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

/**
 * A write that fails part-way (data_quality cannot be written after feature_profiles and
 * drift_metrics were) leaves the tables as they were: no partial day, old rows restored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedRunTest extends SparkTestBase {

  private static final LocalDate EARLIER_DAY = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate NEW_DAY = EARLIER_DAY.plusDays(1);
  private static final List<Table> WRITTEN_FIRST = List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS);

  @TempDir
  static Path dir;

  private Path warehouse;
  private final Map<Table, List<String>> before = new EnumMap<>(Table.class);
  private Cli.Result failed;

  @BeforeAll
  void failAfterTheFirstTablesAreWritten() throws Exception {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml"));
    Cli.ok("run", "-c", config, "--date", EARLIER_DAY);
    for (Table t : WRITTEN_FIRST) {
      before.put(t, Outputs.contents(Outputs.read(warehouse, t)));
    }
    // A regular file where the data_quality table belongs: the job writes it after the other two.
    Path dataQuality = Outputs.path(warehouse, Table.DATA_QUALITY);
    Fixtures.deleteRecursively(dataQuality);
    Files.writeString(dataQuality, "not a table");
    // Rewrites the earlier day and adds a new one, so both restoring and removing are checked.
    failed = Cli.run("backfill", "-c", config, "--from", EARLIER_DAY, "--to", NEW_DAY);
  }

  @Test
  void exitsOneWithOneLine() {
    assertEquals(1, failed.exitCode(), failed::toString);
    Assertions.assertTrue(failed.errorLine().startsWith("driftline: failed: "), failed.errorLine());
  }

  @Test
  void tablesWrittenBeforeTheFailureHoldExactlyTheirOldRows() {
    for (Table t : WRITTEN_FIRST) {
      List<String> now = Outputs.contents(Outputs.read(warehouse, t));
      Outputs.assertSameContents(before.get(t), now, t.tableName() + " after the failed run");
      Assertions.assertFalse(now.isEmpty());
    }
  }

  @Test
  void runsTableRecordsTheFailureWithItsError() {
    List<Row> runs = Outputs.read(warehouse, Table.RUNS).where(col("status").equalTo("failed")).collectAsList();
    assertEquals(1, runs.size(), "one failed run");
    Row run = runs.get(0);
    assertEquals("backfill", run.getAs("command"));
    assertEquals("driftline: failed: " + run.getAs("error"), failed.errorLine(), "the runs table keeps the printed error");
    long rowsOfTheFailedRun = 0;
    for (Table t : WRITTEN_FIRST) {
      rowsOfTheFailedRun += Outputs.read(warehouse, t).where(col("run_id").equalTo(run.<String>getAs("run_id"))).count();
    }
    assertEquals(0, rowsOfTheFailedRun, "no row of the failed run survives");
  }
}
