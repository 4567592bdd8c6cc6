package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at twenty points of a run never shows a partial day in the published views, and
 * the next run repairs the warehouse to the tables of a run that was never killed. Each victim is
 * {@code driftline run} of the second day in a JVM of its own (which first repairs what the victim
 * before it left), killed right after or a moment after one of the lines the run logs as it goes:
 * its start, the profile, each table's commit, the decision and trigger, the publishing commit.
 * The first victims add a new day; once one has published it, the next ones rerun it, so both a
 * new day and a replaced day are killed, in Spark work, in Parquet writes and in Delta commits.
 * Tagged {@code crash}: each victim costs 20 to 30 s (its start, its repair of the victim before
 * it, the run up to its kill point, then one read of each view), about 10 minutes in all, so the
 * build runs it only when asked ({@code mvn -B verify -Ddriftline.excludedGroups=none}).
 */
@Tag("crash")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillRecoveryTest extends SparkTestBase {

  private static final LocalDate FIRST = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate DAY = FIRST.plusDays(1);
  /**
   * Kill points: ten of the run's INFO lines spread from its first to its last (Spark logs WARN and
   * above, the repair of earlier runs WARN), each killed at once and this long after the line: into
   * the next step's work, Parquet writes or commit.
   */
  private static final long[] DELAYS_MILLIS = {0, 300};
  private static final int KILL_POINTS = 20;
  /** Where a point falls after the run's end, one more this long after a line, from the last line back. */
  private static final long SPARE_DELAY_MILLIS = 150;
  /**
   * The run's own INFO lines: not the commit of its repair of the victim before it ("... repair)"),
   * which would shift every later point one line earlier, the last one before the publishing commit.
   */
  private static final Pattern STEP_LINE = Pattern.compile("(?m)^\\d\\d:\\d\\d:\\d\\d INFO (?!.* repair\\)$)");
  /** Columns that differ between equal runs. */
  private static final String[] RUN_COLUMNS = {"run_id", "decided_at"};

  @TempDir
  static Path dir;

  private Path warehouse;
  private Path config;
  /** The published rows of each table before the day was run, and after a run that was not killed. */
  private Map<Table, List<String>> before;
  private Map<Table, List<String>> after;
  /** The published rows after each kill, in kill order. */
  private final List<Map<Table, List<String>>> afterKill = new ArrayList<>();
  /** Published run ids of the day after each kill: all tables' rows of the day from one run. */
  private final List<List<String>> runIdsAfterKill = new ArrayList<>();
  private final List<Integer> linesBeforeKill = new ArrayList<>();
  private Map<Table, List<String>> repaired;
  private Map<Table, List<String>> repairedRaw;
  private Map<Table, List<String>> cleanRaw;
  private List<Row> runs;

  @BeforeAll
  void killRunsThenRepair() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    config = JobConfig.write(dir.resolve("model.yaml"),
        JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).yaml()
            + "trigger: {kind: file, path: '" + dir.resolve("retrain-marker") + "'}\n");
    Cli.ok("run", "-c", config, "--date", FIRST);
    Map<Table, Long> versions = new EnumMap<>(Table.class);
    for (Table t : Table.values()) {
      if (Outputs.exists(warehouse, t)) {
        versions.put(t, Outputs.version(warehouse, t));
      }
    }
    before = publishedAndRead();
    JvmProcess clean = JvmProcess.driftline(dir.resolve("clean.log"), Map.of(), "run", "-c", config, "--date", DAY);
    assertEquals(0, clean.waitFor(600), clean.output());
    int lines = (int) STEP_LINE.matcher(clean.output()).results().count();
    after = publishedAndRead();
    cleanRaw = raw();
    // Back to the first day only: every table as it was before the day ran.
    versions.forEach((t, v) -> DeltaTable.forPath(spark(), Outputs.path(warehouse, t).toString()).restoreToVersion(v));
    assertEquals(before, published(new ArrayList<>()), "restored");

    for (long[] point : killPoints(lines)) {
      if (afterKill.size() == KILL_POINTS) {
        break;
      }
      JvmProcess victim = JvmProcess.driftline(dir.resolve("victim-" + point[0] + "-" + point[1] + ".log"), Map.of(),
          "run", "-c", config, "--date", DAY);
      int logged = killAfter(victim, (int) point[0], point[1]);
      if (logged >= 0) {
        linesBeforeKill.add(logged);
        List<String> runIds = new ArrayList<>();
        afterKill.add(published(runIds));
        runIdsAfterKill.add(runIds);
      }
    }
    assertEquals(KILL_POINTS, afterKill.size(), "kills within the run's " + lines + " lines");
    Cli.ok("run", "-c", config, "--date", DAY);
    repaired = publishedAndRead();
    repairedRaw = raw();
    runs = Outputs.read(warehouse, Table.RUNS).collectAsList();
  }

  /** (line, delay) pairs: ten lines spread over 1..lines with each delay, then the spares. */
  private static List<long[]> killPoints(int lines) {
    List<long[]> points = new ArrayList<>();
    for (int i = 0; i < KILL_POINTS / DELAYS_MILLIS.length; i++) {
      long line = Math.round(1 + i * (lines - 1) / (KILL_POINTS / DELAYS_MILLIS.length - 1.0));
      for (long delay : DELAYS_MILLIS) {
        points.add(new long[] {line, delay});
      }
    }
    for (long line = lines; line >= 1; line--) {
      points.add(new long[] {line, SPARE_DELAY_MILLIS});
    }
    return points;
  }

  /**
   * Kills the process {@code delayMillis} after it logged its line {@code line}; returns the lines
   * it had logged, or -1 when it finished first (a point past the run's end).
   */
  private static int killAfter(JvmProcess victim, int line, long delayMillis) {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (victim.isAlive() && System.nanoTime() < deadline) {
      if (STEP_LINE.matcher(victim.output()).results().count() >= line) {
        sleep(delayMillis);
        if (!victim.isAlive()) {
          break;
        }
        victim.kill9();
        return (int) STEP_LINE.matcher(victim.output()).results().count();
      }
      sleep(5);
    }
    int exit = victim.waitFor(60);
    if (exit == 0 && delayMillis > 0) {
      return -1;
    }
    throw new AssertionError("the run ended (exit " + exit + ") before its line " + line + " + " + delayMillis + " ms:\n"
        + victim.output());
  }

  @Test
  void everyKillLeftTheDayWhollyUnpublishedOrWhollyPublished() {
    int unpublished = 0;
    for (int k = 0; k < afterKill.size(); k++) {
      Map<Table, List<String>> seen = afterKill.get(k);
      String where = "after kill " + (k + 1) + " (" + linesBeforeKill.get(k) + " lines logged)";
      if (seen.equals(before)) {
        unpublished++;
      } else {
        for (Table t : Table.PUBLISHED_BY_RUNS) {
          Outputs.assertSameContents(after.get(t), seen.get(t), t.tableName() + " " + where);
        }
      }
      Assertions.assertTrue(runIdsAfterKill.get(k).size() <= 1, "one run's rows in every table " + where + ": "
          + runIdsAfterKill.get(k));
    }
    // Kills both before and after the publishing commit, or the test proves less than it says.
    Assertions.assertTrue(unpublished > 0 && unpublished < afterKill.size(), unpublished + " of " + afterKill.size()
        + " kills left the day unpublished; lines logged at each kill: " + linesBeforeKill);
    System.out.println(afterKill.size() + " kills, none left a partial day in the published views: " + unpublished
        + " left the day unpublished, " + (afterKill.size() - unpublished) + " published; lines logged at each kill: "
        + linesBeforeKill);
  }

  @Test
  void theNextRunRepairsTheWarehouseToTheTablesOfARunNeverKilled() {
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      Outputs.assertSameContents(after.get(t), repaired.get(t), t.tableName() + " published after the repair");
      Outputs.assertSameContents(cleanRaw.get(t), repairedRaw.get(t), t.tableName() + " stored after the repair");
    }
  }

  @Test
  void killedRunsAreRecordedAsInterruptedAndNoneStaysRunning() {
    long interrupted = runs.stream().filter(r -> "interrupted".equals(r.getAs("status"))).count();
    long stillRunning = runs.stream().filter(r -> "running".equals(r.getAs("status"))).count();
    long victimsPublished = runs.stream()
        .filter(r -> "succeeded".equals(r.getAs("status")) && DAY.equals(r.<Date>getAs("ds").toLocalDate())).count() - 1;
    assertEquals(0, stillRunning, "running rows left");
    // A victim killed before its first commit left nothing to repair; each other one was published or repaired.
    assertEquals(KILL_POINTS, interrupted + victimsPublished + victimsWithoutARunsRow(),
        "each victim published, interrupted or never recorded");
    Assertions.assertTrue(interrupted > 0, "some victims were repaired");
    System.out.println("victims: " + interrupted + " repaired by the next run, " + victimsPublished
        + " published before the kill, " + victimsWithoutARunsRow() + " killed before their first commit");
    runs.stream().filter(r -> "interrupted".equals(r.getAs("status"))).forEach(r ->
        Assertions.assertTrue(r.<String>getAs("error").contains("stopped before it finished"), r.<String>getAs("error")));
  }

  private long victimsWithoutARunsRow() {
    return KILL_POINTS - runs.stream().filter(r -> DAY.equals(r.<Date>getAs("ds").toLocalDate()))
        .map(r -> r.<String>getAs("run_id")).distinct().count() + 1;
  }

  /**
   * Each published table's rows of the two days as its {@code <table>_published} view shows them,
   * without the columns that differ between equal runs; the ids of the runs whose rows of the day
   * they show are added to {@code runIds}. One read of each view serves both.
   */
  private Map<Table, List<String>> published(List<String> runIds) {
    Map<Table, List<String>> out = new LinkedHashMap<>();
    boolean runsExist = Outputs.exists(warehouse, Table.RUNS);
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      if (!runsExist || !Outputs.exists(warehouse, t)) {
        out.put(t, List.of());
        continue;
      }
      Dataset<Row> view = spark().sql(Warehouse.publishedSql(t, delta(t), delta(Table.RUNS)));
      List<Row> rows = view.select(to_json(struct(Arrays.stream(view.columns())
              .filter(c -> !List.of(RUN_COLUMNS).contains(c)).map(functions::col).toArray(Column[]::new))),
          col("run_id"), col("ds")).collectAsList();
      out.put(t, rows.stream().map(r -> r.getString(0)).sorted().toList());
      rows.stream().filter(r -> DAY.equals(r.getDate(2).toLocalDate())).map(r -> r.getString(1))
          .filter(id -> !runIds.contains(id)).forEach(runIds::add);
    }
    return out;
  }

  /** {@link #published}, once the reads through {@link Warehouse#read} are checked to show the same rows. */
  private Map<Table, List<String>> publishedAndRead() {
    Outputs.assertReadsMatchTheViews(warehouse);
    return published(new ArrayList<>());
  }

  private String delta(Table t) {
    return Outputs.delta(Outputs.path(warehouse, t));
  }

  private Map<Table, List<String>> raw() {
    Map<Table, List<String>> out = new LinkedHashMap<>();
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      out.put(t, Outputs.exists(warehouse, t) ? Outputs.contents(Outputs.read(warehouse, t), RUN_COLUMNS) : List.of());
    }
    return out;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
