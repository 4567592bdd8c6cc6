package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
  private Path corrupted;
  private long truncatedVersion;
  private Cli.Result onCorruptLog;
  private Cli.Result reportOnCorruptLog;
  private Cli.Result sqlOnCorruptLog;
  private String runId;
  private Path emptied;
  private Cli.Result validSound;
  private Cli.Result validEmptied;
  private Cli.Result validUnrecorded;

  @BeforeAll
  void failAfterTheFirstTablesAreWritten() throws Exception {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Path config = JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml"));
    Cli.ok("run", "-c", config, "--date", EARLIER_DAY);
    runOnACopyWithATruncatedCommit(config);
    validateCopiesMissingTheRunsRow(config);
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

  /**
   * A copy of the warehouse (its paths new to this JVM's Delta cache) whose drift_metrics log ends
   * in a truncated commit, as a copy cut short leaves it on a store without checksum files; then a
   * run of the next day on it.
   */
  private void runOnACopyWithATruncatedCommit(Path config) throws IOException {
    corrupted = copyOfWarehouse("corrupted");
    Path last = lastCommit(corrupted, Table.DRIFT_METRICS);
    truncatedVersion = Long.parseLong(last.getFileName().toString().substring(0, 20));
    byte[] commit = Files.readAllBytes(last);
    Files.write(last, Arrays.copyOf(commit, commit.length / 2));
    Files.delete(last.resolveSibling("." + last.getFileName() + ".crc"));
    onCorruptLog = Cli.run("run", "-c", config, "--warehouse", corrupted, "--date", NEW_DAY);
    reportOnCorruptLog = Cli.run("report", "-c", config, "--warehouse", corrupted, "--date", EARLIER_DAY,
        "--out", dir.resolve("report.html"));
    sqlOnCorruptLog = Cli.run("sql", "--warehouse", corrupted, "SELECT count(*) FROM drift_metrics");
  }

  /**
   * {@code validate} on the sound warehouse, and on two copies that lost the run's {@code runs} row:
   * one whose publishing commit of {@code runs} was emptied (Delta reads it as a commit that changed
   * nothing), one whose {@code runs} rows were deleted.
   */
  private void validateCopiesMissingTheRunsRow(Path config) throws IOException {
    runId = Outputs.read(warehouse, Table.RUNS).first().getAs("run_id");
    validSound = Cli.run("validate", "-c", config);
    emptied = copyOfWarehouse("emptied-runs-commit");
    Path publishing = lastCommit(emptied, Table.RUNS);
    Files.write(publishing, new byte[0]);
    Files.delete(publishing.resolveSibling("." + publishing.getFileName() + ".crc"));
    validEmptied = Cli.run("validate", "-c", config, "--warehouse", emptied);
    Path unrecorded = copyOfWarehouse("runs-rows-deleted");
    DeltaTable.forPath(spark(), Outputs.path(unrecorded, Table.RUNS).toString()).delete();
    validUnrecorded = Cli.run("validate", "-c", config, "--warehouse", unrecorded);
  }

  /** A copy of the warehouse, its paths new to this JVM's Delta cache. */
  private Path copyOfWarehouse(String name) throws IOException {
    Path copy = dir.resolve(name);
    try (Stream<Path> files = Files.walk(warehouse)) {
      for (Path f : files.toList()) {
        Path target = copy.resolve(warehouse.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    return copy;
  }

  private static Path lastCommit(Path warehouse, Table table) throws IOException {
    try (Stream<Path> files = Files.list(Outputs.path(warehouse, table).resolve("_delta_log"))) {
      return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.json")).max(Comparator.naturalOrder())
          .orElseThrow();
    }
  }

  @Test
  void validateFindsARunWhoseRunsRowIsLost() {
    assertEquals(0, validSound.exitCode(), validSound::toString);
    Assertions.assertTrue(validSound.out().contains("every stored row's run is recorded"), validSound::toString);
    assertEquals(1, validEmptied.exitCode(), validEmptied::toString);
    Assertions.assertTrue(validEmptied.errorLine().startsWith("driftline: failed: warehouse " + emptied
        + ": Delta log of table runs is corrupt: commit "), validEmptied::toString);
    Assertions.assertTrue(validEmptied.errorLine().contains(") is empty; restore it from a backup"), validEmptied::toString);
    assertEquals(1, validUnrecorded.exitCode(), validUnrecorded::toString);
    String line = validUnrecorded.errorLine();
    Assertions.assertTrue(line.contains(": run " + runId + " of " + JobConfig.MODEL + " has rows in data_quality, "
        + "drift_metrics, feature_profiles"), line);
    Assertions.assertTrue(line.contains(" for [" + EARLIER_DAY + "] but no row in runs"), line);
  }

  /** The line names the table, the commit and its version and what to do, without Delta's raw JSON. */
  @Test
  void aTruncatedCommitFailsTheRunWithAShortLineNamingTableAndVersion() {
    assertEquals(1, onCorruptLog.exitCode(), onCorruptLog::toString);
    String line = onCorruptLog.errorLine();
    String commit = Outputs.path(corrupted, Table.DRIFT_METRICS).resolve("_delta_log")
        .resolve(String.format("%020d.json", truncatedVersion)).toString();
    assertEquals("driftline: failed: Delta log of table drift_metrics is corrupt: commit " + commit + " (version "
        + truncatedVersion + ") is not valid JSON; restore it from a backup, or delete it and its .crc to roll back"
        + " to version " + (truncatedVersion - 1) + ", then rerun", line);
    Assertions.assertTrue(line.length() - commit.length() + 100 <= 300, "with a 100-character path, 300 at most: " + line);
    Row run = Outputs.read(corrupted, Table.RUNS).where(col("status").equalTo("failed")).first();
    assertEquals(line, "driftline: failed: " + run.getAs("error"), "the runs table keeps the same line");
    for (Cli.Result reader : List.of(reportOnCorruptLog, sqlOnCorruptLog)) {
      assertEquals(1, reader.exitCode(), reader::toString);
      assertEquals(line, reader.errorLine(), "commands that only read the tables say the same");
    }
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
