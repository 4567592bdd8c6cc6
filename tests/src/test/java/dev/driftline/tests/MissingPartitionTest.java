package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day without rows: {@code run} fails on it (the upstream partition has usually not landed),
 * {@code backfill} skips it, records its volume as a critical data-quality finding and incident,
 * and writes the other days.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MissingPartitionTest extends SparkTestBase {

  private static final LocalDate BEFORE_HOLE = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate HOLE = BEFORE_HOLE.plusDays(1);
  private static final LocalDate AFTER_HOLE = HOLE.plusDays(1);
  private static final List<Table> DAY_TABLES = List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY);

  @TempDir
  static Path dir;

  private Path warehouse;
  private Cli.Result run;
  private List<Row> runsAfterRun;
  private Cli.Result backfill;

  @BeforeAll
  void runTheHoleThenBackfillAcrossIt() {
    runBefore();
    Path log = dir.resolve("log-with-hole");
    DemoLog.predictions(spark(), Fixtures.SMALL).where(col("ds").notEqual(lit(java.sql.Date.valueOf(HOLE))))
        .write().format("delta").partitionBy("ds").save(log.toString());
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(log, warehouse).writeTo(dir.resolve("model.yaml"));
    run = Cli.run("run", "-c", config, "--date", HOLE);
    runsAfterRun = Outputs.read(warehouse, Table.RUNS).collectAsList();
    Assertions.assertTrue(DAY_TABLES.stream().noneMatch(t -> Outputs.exists(warehouse, t)),
        "the failed run wrote no day table");
    backfill = Cli.run("backfill", "-c", config, "--from", BEFORE_HOLE, "--to", AFTER_HOLE);
  }

  @Test
  void runOnTheMissingDayFailsNamingTheDate() {
    assertEquals(1, run.exitCode(), run::toString);
    Assertions.assertTrue(run.errorLine().contains(HOLE.toString()), run.errorLine());
    assertEquals(1, runsAfterRun.size());
    Row failed = runsAfterRun.get(0);
    assertEquals("failed", failed.getAs("status"));
    assertEquals(HOLE, failed.<java.sql.Date>getAs("ds").toLocalDate());
    Assertions.assertTrue(failed.<String>getAs("error").contains(HOLE.toString()), failed::toString);
  }

  @Test
  void backfillSkipsTheMissingDayAndWritesTheOthers() {
    assertEquals(0, backfill.exitCode(), backfill::toString);
    Assertions.assertTrue(backfill.out().lines().anyMatch(l -> l.startsWith(HOLE.toString()) && l.contains("skipped")),
        backfill.out());
    for (Table t : List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS)) {
      Set<LocalDate> days = Outputs.read(warehouse, t).select("ds").distinct().collectAsList().stream()
          .map(r -> r.getDate(0).toLocalDate()).collect(Collectors.toSet());
      assertEquals(Set.of(BEFORE_HOLE, AFTER_HOLE), days, t.tableName());
    }
    List<Row> backfillRuns = Outputs.read(warehouse, Table.RUNS).where(col("command").equalTo("backfill"))
        .orderBy("ds").collectAsList();
    assertEquals(List.of("succeeded", "skipped", "succeeded"),
        backfillRuns.stream().map(r -> r.<String>getAs("status")).toList());
  }

  @Test
  void theHoleIsACriticalVolumeFindingAndOneIncident() {
    List<Row> hole = Outputs.day(warehouse, Table.DATA_QUALITY, HOLE).collectAsList();
    Assertions.assertFalse(hole.isEmpty(), "the hole's volume is recorded");
    Assertions.assertTrue(hole.stream().allMatch(r -> r.getAs("check").equals("volume") && r.<Long>getAs("rows") == 0),
        "only volume rows, all without rows: " + hole);
    Row global = hole.stream().filter(r -> r.getAs("slice_key").equals("__all__")).findFirst().orElseThrow();
    assertEquals("critical", global.getAs("severity"), global::toString);
    assertEquals(2000.0, global.<Double>getAs("expected_rows"), 1e-9, "the reference's rows a day");
    List<Row> incidents = Outputs.day(warehouse, Table.INCIDENTS, HOLE).where("column_name = '__rows__'").collectAsList();
    assertEquals(1, incidents.size(), incidents::toString);
    assertEquals("opened", incidents.get(0).getAs("status"));
    assertEquals("critical", incidents.get(0).getAs("severity"));
    Assertions.assertTrue(backfill.out().lines().anyMatch(l -> l.startsWith(HOLE.toString()) && l.contains("__rows__")),
        backfill.out());
    // The day after has rows again: the volume incident resolves.
    assertEquals("resolved", Outputs.day(warehouse, Table.INCIDENTS, AFTER_HOLE).where("column_name = '__rows__'")
        .first().getAs("status"));
  }

  @Test
  void theDayAfterTheHoleHasNothingToCompareWithConsecutively() {
    assertEquals(0, Outputs.day(warehouse, Table.DRIFT_METRICS, AFTER_HOLE)
        .where(col("comparison").equalTo("CONSECUTIVE")).count());
  }
}
