package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Inputs and environments that used to break the exit-code contract: each ends with its exit code
 * and one line, exit 2 writes nothing, exit 1 leaves the tables as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputsTest extends SparkTestBase {

  private static final LocalDate DAY = Fixtures.FIRST_RUN_DAY;

  @TempDir
  static Path dir;

  private Path log;
  private Path labels;

  @BeforeAll
  void writeInput() {
    runBefore();
    log = Fixtures.smallDemoLog(spark());
    labels = log.resolveSibling("labels");
  }

  private Path config(String name, String yaml) throws Exception {
    Path caseDir = Files.createDirectories(dir.resolve(name));
    return JobConfig.write(caseDir.resolve("model.yaml"), yaml);
  }

  private Path warehouse(String name) {
    return dir.resolve(name).resolve("warehouse");
  }

  /** The demo config with two features and one slice dimension: every table is written, in less time. */
  private JobConfig lean(Path warehouse) {
    JobConfig demo = JobConfig.demo(log, warehouse);
    return new JobConfig(demo.input(), "{numeric: [amount], categorical: [device]}", "{columns: [country]}",
        demo.reference(), warehouse);
  }

  /**
   * A model named with a quote, a backslash, double quotes and non-Latin letters: it runs, its
   * rerun replaces the day, and a third run that cannot be recorded in {@code runs} fails and puts
   * the day's rows back (the rollback selects them by the same name).
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OddModelName {

    private final String model = "o'brien \\ \"x\" \u00e9\u6f22";
    private final Path warehouse = warehouse("odd-model-name");
    private final List<Table> dayTables = List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY);
    private final Map<Table, List<String>> afterRerun = new EnumMap<>(Table.class);
    private long profilesAfterRun;
    private List<Row> runs;
    private Cli.Result unrecorded;

    @BeforeAll
    void runRerunThenRunWithoutARunsTable() throws Exception {
      // YAML single quotes: a quote is doubled, a backslash is itself.
      Path config = config("odd-model-name", lean(warehouse).yaml()
          .replace("model: " + JobConfig.MODEL + "\n", "model: '" + model.replace("'", "''") + "'\n"));
      Cli.ok("run", "-c", config, "--date", DAY);
      profilesAfterRun = Outputs.day(warehouse, Table.FEATURE_PROFILES, DAY).count();
      Cli.ok("run", "-c", config, "--date", DAY);
      runs = Outputs.read(warehouse, Table.RUNS).collectAsList();
      dayTables.forEach(t -> afterRerun.put(t, Outputs.contents(Outputs.day(warehouse, t, DAY))));
      // A regular file where the runs table belongs: every other table is written before it.
      Fixtures.deleteRecursively(Outputs.path(warehouse, Table.RUNS));
      Files.writeString(Outputs.path(warehouse, Table.RUNS), "not a table");
      unrecorded = Cli.run("run", "-c", config, "--date", DAY);
    }

    @Test
    void runsAndRerunsReplacingItsRows() {
      assertEquals(List.of("succeeded", "succeeded"), runs.stream().map(r -> r.<String>getAs("status")).toList());
      Assertions.assertTrue(runs.stream().allMatch(r -> model.equals(r.getAs("model"))), runs::toString);
      String lastRun = runs.stream().max(Comparator.comparing(r -> r.<Timestamp>getAs("finished_at")))
          .orElseThrow().getAs("run_id");
      for (Table t : dayTables) {
        List<String> rows = afterRerun.get(t);
        Assertions.assertFalse(rows.isEmpty(), t.tableName());
        Assertions.assertTrue(rows.stream().allMatch(r -> r.contains("\"run_id\":\"" + lastRun + "\"")),
            t.tableName() + ": the rerun replaced the day's rows");
      }
      Assertions.assertTrue(profilesAfterRun > 0);
      assertEquals(profilesAfterRun, afterRerun.get(Table.FEATURE_PROFILES).size(), "replaced, not appended");
      assertEquals(profilesAfterRun, Outputs.day(warehouse, Table.FEATURE_PROFILES, DAY)
          .where(col("model").equalTo(lit(model))).count(), "read back by its name");
    }

    @Test
    void aRunThatCannotBeRecordedFailsAndPutsTheDayBack() {
      assertEquals(1, unrecorded.exitCode(), unrecorded::toString);
      String line = unrecorded.errorLine();
      Assertions.assertTrue(line.startsWith("driftline: failed: could not record run "), line);
      Assertions.assertTrue(line.contains("in the runs table at " + Outputs.path(warehouse, Table.RUNS)), line);
      for (Table t : dayTables) {
        Outputs.assertSameContents(afterRerun.get(t), Outputs.contents(Outputs.day(warehouse, t, DAY)),
            t.tableName() + " after the unrecorded run");
      }
    }
  }

  @Test
  void aDayInsideTheReferenceWindowIsABadArgumentAndWritesNothing() throws Exception {
    Path warehouse = warehouse("inside-reference");
    Path config = config("inside-reference", JobConfig.demo(log, warehouse).yaml());

    Cli.Result result = Cli.run("run", "-c", config, "--date", "2026-10-10");

    assertEquals(2, result.exitCode(), result::toString);
    assertEquals("driftline: config error: the reference window 2026-10-01..2026-10-14 contains the run date"
        + " 2026-10-10: run days after the reference (reference.from/to)", result.errorLine());
    Assertions.assertFalse(Files.exists(warehouse), "exit 2 writes nothing, not even a runs row");
  }

  @Test
  void aBackfillOfARangeWithoutAnyRowsFails() throws Exception {
    Path warehouse = warehouse("empty-range");
    Path config = config("empty-range", JobConfig.demo(log, warehouse).yaml());

    Cli.Result result = Cli.run("backfill", "-c", config, "--from", "2026-11-01", "--to", "2026-11-03");

    assertEquals(1, result.exitCode(), result::toString);
    String line = result.errorLine();
    Assertions.assertTrue(line.startsWith("driftline: failed: no rows for any day of 2026-11-01..2026-11-03 in "), line);
    Assertions.assertTrue(line.endsWith("(date column ds): check the range against the input's dates"), line);
    Assertions.assertFalse(Outputs.exists(warehouse, Table.FEATURE_PROFILES), "no day was written");
  }

  /**
   * The log's last day lands in Parquet files that store a numeric feature as strings, while the
   * input's schema (from its first file) says double: Spark cannot read them with that schema.
   * {@code validate} finds it in the files' footers and {@code run} when it reads the day, each
   * with the same line naming the column, the day, the file and both types; the run writes no
   * day and records its failure. The days a run on the day before reads are fine.
   */
  @Test
  void aDayOfParquetFilesWithAnotherColumnTypeIsNamedByValidateAndRun() throws Exception {
    LocalDate retyped = Fixtures.SMALL.start().plusDays(Fixtures.SMALL.days() - 1L);
    Path input = dir.resolve("retyped-day").resolve("predictions");
    Dataset<Row> rows = spark().read().format("delta").load(log.toString());
    Column day = col("ds").equalTo(lit(java.sql.Date.valueOf(retyped)));
    rows.where(not(day)).write().partitionBy("ds").parquet(input.toString());
    rows.where(day).withColumn("merchant_risk", col("merchant_risk").cast("string")).coalesce(1)
        .write().mode("append").partitionBy("ds").parquet(input.toString());
    Path warehouse = warehouse("retyped-day");
    JobConfig demo = JobConfig.demo(log, warehouse);
    Path config = config("retyped-day", new JobConfig("{format: parquet, path: '" + input + "', date_column: ds}",
        "{numeric: [merchant_risk], categorical: [device]}", "{columns: [country]}", demo.reference(), warehouse).yaml());

    Cli.Result validate = Cli.run("validate", "-c", config);
    Cli.Result dayBefore = Cli.run("validate", "-c", config, "--date", retyped.minusDays(1));
    Cli.Result run = Cli.run("run", "-c", config, "--date", retyped);

    String expected = "driftline: failed: column 'merchant_risk' is string in a file of " + retyped + ", ";
    for (Cli.Result result : List.of(validate, run)) {
      assertEquals(1, result.exitCode(), result::toString);
      String line = result.errorLine();
      Assertions.assertTrue(line.startsWith(expected) && line.contains("/ds=" + retyped + "/part-")
          && line.endsWith(", but double in the input's schema: Spark reads a Parquet input with one schema,"
              + " so rewrite the day's files with 'merchant_risk' as double"), line);
    }
    assertEquals(validate.errorLine(), run.errorLine(), "validate says what the run meets");
    assertEquals(0, dayBefore.exitCode(), dayBefore::toString);
    Assertions.assertTrue(dayBefore.out().contains("match the input's schema"), dayBefore.out());
    Assertions.assertFalse(Outputs.exists(warehouse, Table.FEATURE_PROFILES), "no day was written");
    Row failed = Outputs.read(warehouse, Table.RUNS).first();
    assertEquals("failed", failed.getAs("status"));
    assertEquals(run.errorLine(), "driftline: failed: " + failed.getAs("error"));
  }

  /** A labels section the labels do not fit: {@code validate} rejects it as {@code run} does, and {@code run} writes nothing. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "missing labels path|path: LABELS,|path: LABELS-missing,|labels.path: no Delta table at ",
      "missing label column|label_column: is_fraud|label_column: outcome|labels.label_column: column 'outcome' does not exist",
      "string arrival column|arrival_column: label_time|arrival_column: request_id|labels.arrival_column: 'request_id' is string, expected timestamp or date",
  })
  void labelsThatDoNotFitAreConfigErrorsForValidateAndRun(String name, String find, String replace, String expected)
      throws Exception {
    String labelsSection = ("labels: {format: delta, path: LABELS, request_id_column: request_id,"
        + " label_column: is_fraud, arrival_column: label_time}\n").replace(find, replace);
    Path warehouse = warehouse(name.replace(' ', '-'));
    Path config = config(name.replace(' ', '-'), JobConfig.demo(log, warehouse).yaml()
        + labelsSection.replace("LABELS", labels.toString()));

    for (String command : List.of("validate", "run")) {
      Cli.Result result = command.equals("validate") ? Cli.run("validate", "-c", config)
          : Cli.run("run", "-c", config, "--date", DAY);
      assertEquals(2, result.exitCode(), result::toString);
      String line = result.errorLine();
      Assertions.assertTrue(line.startsWith("driftline: config error: " + expected), command + ": " + line);
    }
    Assertions.assertFalse(Files.exists(warehouse), "exit 2 writes nothing, not even a runs row");
  }
}
