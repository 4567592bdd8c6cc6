package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONSECUTIVE rows compare a day with the previous day's histograms on the day's bins: read back
 * from feature_profiles (separate runs), kept in memory (a backfill), or profiled from the log when
 * the previous day was not run yet (a day run before the day before it). So a day's rows do not
 * depend on the order the days run in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsecutiveComparisonTest extends SparkTestBase {

  private static final LocalDate DAY = Fixtures.FIRST_RUN_DAY.plusDays(1);
  private static final LocalDate PREVIOUS = DAY.minusDays(1);
  private static final double SMOOTHING = 0.5;

  @TempDir
  static Path dir;

  private Path runs;
  private Path backfill;
  private List<String> dayBeforeItsPreviousDay;

  @BeforeAll
  void runDayThenPreviousDayThenDayAgain() {
    runBefore();
    Path log = Fixtures.smallDemoLog(spark());
    runs = dir.resolve("runs");
    Path config = JobConfig.demo(log, runs).writeTo(dir.resolve("runs.yaml"));
    Cli.ok("run", "-c", config, "--date", DAY);
    dayBeforeItsPreviousDay = Outputs.contents(Outputs.day(runs, Table.DRIFT_METRICS, DAY), "run_id");
    Cli.ok("run", "-c", config, "--date", PREVIOUS);
    Cli.ok("run", "-c", config, "--date", DAY);

    backfill = dir.resolve("backfill");
    Cli.ok("backfill", "-c", JobConfig.demo(log, backfill).writeTo(dir.resolve("backfill.yaml")),
        "--from", PREVIOUS, "--to", DAY);
  }

  /** Run first on an empty warehouse, the day still has its CONSECUTIVE rows: exactly those of a run in order. */
  @Test
  void aDayRunBeforeItsPreviousDayHasTheRowsOfARunInOrder() {
    Assertions.assertTrue(dayBeforeItsPreviousDay.stream().anyMatch(r -> r.contains("\"comparison\":\"CONSECUTIVE\"")),
        "CONSECUTIVE rows of " + DAY + " run before " + PREVIOUS);
    Outputs.assertSameContents(
        Outputs.contents(Outputs.day(backfill, Table.DRIFT_METRICS, DAY), "run_id"), dayBeforeItsPreviousDay,
        "drift_metrics of " + DAY + ": run before " + PREVIOUS + " vs a backfill in order");
  }

  /** The first day after the reference is compared with the reference's last day, which is never run. */
  @Test
  void theFirstDayAfterTheReferenceIsComparedWithTheReferencesLastDay() {
    List<Row> consecutive = Outputs.day(runs, Table.DRIFT_METRICS, PREVIOUS)
        .where(col("comparison").equalTo("CONSECUTIVE")).collectAsList();
    Assertions.assertFalse(consecutive.isEmpty(), "CONSECUTIVE rows of " + PREVIOUS);
    long referenceLastDayRows = spark().read().format("delta").load(Fixtures.smallDemoLog(spark()).toString())
        .where(col("ds").equalTo(java.sql.Date.valueOf(PREVIOUS.minusDays(1)))).count();
    for (Row r : consecutive) {
      assertEquals(PREVIOUS.minusDays(1).toString(), r.getAs("compared_to"), key(r));
    }
    // A categorical column counts every row (nulls in their own bin).
    Row country = consecutive.stream().filter(r -> key(r).equals("__all__=__all__/country")).findFirst().orElseThrow();
    assertEquals(referenceLastDayRows, country.<Long>getAs("n_ref"), key(country));
  }

  @Test
  void afterThePreviousDayRunsTheDayIsComparedWithItsHistograms() {
    Map<String, long[]> previousCounts = counts(PREVIOUS);
    Map<String, long[]> dayCounts = counts(DAY);
    List<Row> consecutive = Outputs.day(runs, Table.DRIFT_METRICS, DAY)
        .where(col("comparison").equalTo("CONSECUTIVE")).collectAsList();
    assertEquals(dayCounts.keySet(), consecutive.stream().map(ConsecutiveComparisonTest::key).collect(Collectors.toSet()),
        "one CONSECUTIVE row per slice and column profiled that day");
    for (Row r : consecutive) {
      String key = key(r);
      long[] before = previousCounts.get(key);
      long[] now = dayCounts.get(key);
      Assertions.assertNotNull(before, () -> key + " was profiled on " + PREVIOUS);
      assertEquals(PREVIOUS.toString(), r.getAs("compared_to"), key);
      assertEquals(sum(before), r.<Long>getAs("n_ref"), key);
      assertEquals(sum(now), r.<Long>getAs("n_cur"), key);
      assertEquals(psi(before, now), r.<Double>getAs("psi"), 1e-12, key);
    }
  }

  @Test
  void aBackfillComparesConsecutiveDaysExactlyAsSeparateRunsDo() {
    Outputs.assertSameContents(
        Outputs.contents(Outputs.day(runs, Table.DRIFT_METRICS, DAY), "run_id"),
        Outputs.contents(Outputs.day(backfill, Table.DRIFT_METRICS, DAY), "run_id"),
        "drift_metrics of " + DAY + ": separate runs vs backfill");
  }

  private Map<String, long[]> counts(LocalDate ds) {
    Map<String, long[]> out = new HashMap<>();
    for (Row r : Outputs.day(runs, Table.FEATURE_PROFILES, ds).collectAsList()) {
      out.put(key(r), r.<Long>getList(r.fieldIndex("counts")).stream().mapToLong(Long::longValue).toArray());
    }
    return out;
  }

  private static String key(Row r) {
    return r.getAs("slice_key") + "=" + r.getAs("slice_value") + "/" + r.getAs("column_name");
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /** PSI on smoothed shares as README.md defines it (How it works, Metrics): (r_i + a)/(m + B a), natural log. */
  private static double psi(long[] ref, long[] cur) {
    double m = sum(ref) + ref.length * SMOOTHING;
    double n = sum(cur) + cur.length * SMOOTHING;
    double psi = 0;
    for (int i = 0; i < ref.length; i++) {
      double p = (ref[i] + SMOOTHING) / m;
      double q = (cur[i] + SMOOTHING) / n;
      psi += (q - p) * Math.log(q / p);
    }
    return psi;
  }
}
