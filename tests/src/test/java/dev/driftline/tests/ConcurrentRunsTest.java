package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of one model at the same time, each in a JVM of its own: on different days both succeed
 * with their days complete; on the same day both succeed and the tables end with one run's rows
 * of the day, never both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentRunsTest extends SparkTestBase {

  private static final LocalDate FIRST = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate SECOND = FIRST.plusDays(1);
  private static final LocalDate THIRD = FIRST.plusDays(2);
  private static final LocalDate SAME = FIRST.plusDays(3);
  private static final long TIMEOUT_SECONDS = 600;

  @TempDir
  static Path dir;

  private Path warehouse;
  private int[] differentDays;
  private int[] sameDay;
  private String lastOutput;

  @BeforeAll
  void runConcurrently() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml"));
    // The reference exists before the concurrent runs, as it does for any nightly run but the first.
    Cli.ok("run", "-c", config, "--date", FIRST);
    differentDays = together(config, SECOND, THIRD);
    sameDay = together(config, SAME, SAME);
  }

  private int[] together(Path config, LocalDate a, LocalDate b) {
    JvmProcess first = JvmProcess.driftline(dir.resolve("run-" + a + "-a.log"), Map.of(), "run", "-c", config, "--date", a);
    JvmProcess second = JvmProcess.driftline(dir.resolve("run-" + b + "-b.log"), Map.of(), "run", "-c", config, "--date", b);
    int[] exits = {first.waitFor(TIMEOUT_SECONDS), second.waitFor(TIMEOUT_SECONDS)};
    lastOutput = first.output() + "\n" + second.output();
    return exits;
  }

  @Test
  void runsOnDifferentDaysBothSucceedWithTheirDaysComplete() {
    assertEquals(0, differentDays[0], "run of " + SECOND);
    assertEquals(0, differentDays[1], "run of " + THIRD);
    for (LocalDate ds : List.of(SECOND, THIRD)) {
      assertOneCompleteDay(ds);
    }
  }

  @Test
  void runsOfTheSameDayBothSucceedAndTheDayHoldsOneRunsRows() {
    Assertions.assertArrayEquals(new int[] {0, 0}, sameDay, lastOutput);
    String winner = assertOneCompleteDay(SAME);
    Row latest = Outputs.day(warehouse, Table.RUNS, SAME).where(col("status").equalTo(lit("succeeded")))
        .orderBy(col("finished_at").desc()).first();
    assertEquals(latest.<String>getAs("run_id"), winner, "the run that finished last is the published one");
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      if (Outputs.exists(warehouse, t)) {
        List<Row> writers = Outputs.day(warehouse, t, SAME).select("run_id").distinct().collectAsList();
        Assertions.assertTrue(writers.size() <= 1, t.tableName() + " stores one run's rows of the day: " + writers);
      }
    }
  }

  /** Asserts every published table's rows of the day come from one run, without duplicates; returns that run. */
  private String assertOneCompleteDay(LocalDate ds) {
    Outputs.assertReadsMatchTheViews(warehouse);
    Warehouse w = new Warehouse(spark(), warehouse.toString(), null);
    List<Row> runs = Outputs.day(warehouse, Table.RUNS, ds).collectAsList();
    Assertions.assertTrue(runs.stream().allMatch(r -> "succeeded".equals(r.getAs("status"))), ds + ": " + runs);
    Dataset<Row> drift = w.read(Table.DRIFT_METRICS).orElseThrow().where(col("ds").equalTo(lit(Date.valueOf(ds))));
    long keys = drift.select("slice_key", "slice_value", "column_name", "comparison").distinct().count();
    Assertions.assertTrue(keys > 0, ds + " has drift rows");
    assertEquals(keys, drift.count(), ds + ": one drift row per slice, column and comparison");
    String writer = null;
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      List<Row> writers = w.read(t).map(rows -> rows.where(col("ds").equalTo(lit(Date.valueOf(ds))))
          .select("run_id").distinct().collectAsList()).orElse(List.of());
      Assertions.assertTrue(writers.size() <= 1, t.tableName() + " of " + ds + " from one run: " + writers);
      if (!writers.isEmpty()) {
        writer = writer == null ? writers.get(0).getString(0) : writer;
        assertEquals(writer, writers.get(0).getString(0), t.tableName() + " of " + ds + " from the same run");
      }
    }
    return writer;
  }
}
