package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped flights example on the real US flights log: a backfill of three February days
 * against the January reference. Skipped where the shared data folder is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlightsBackfillTest extends SparkTestBase {

  private static final List<LocalDate> DAYS = List.of(LocalDate.of(2001, 2, 1), LocalDate.of(2001, 2, 2), LocalDate.of(2001, 2, 3));
  private static final List<String> FEATURES = List.of("delay", "distance", "hour");
  private static final int MAX_SLICE_VALUES = 100;

  @TempDir
  static Path dir;

  private Path data;
  private Path warehouse;
  private Cli.Result backfill;

  /** {@code ../shared/data} next to the repository; {@code -Ddriftline.data=DIR} points elsewhere. */
  private static Path dataFile() {
    String override = System.getProperty("driftline.data");
    Path folder = override != null && !override.isBlank() ? Path.of(override)
        : Path.of(System.getProperty("driftline.repo", "."), "..", "shared", "data");
    return folder.resolve("flights-3m.parquet").toAbsolutePath().normalize();
  }

  @BeforeAll
  void backfillThreeDays() throws IOException {
    data = dataFile();
    if (!Files.isRegularFile(data)) {
      return; // each test reports the skip
    }
    runBefore();
    Path example = Path.of(System.getProperty("driftline.repo"), "conf", "examples", "flights.yaml");
    String shipped = Files.readString(example);
    // The example's input path is relative to the repository root; the test JVM runs elsewhere.
    String yaml = shipped.replace("path: ../shared/data/flights-3m.parquet", "path: '" + data + "'");
    assertNotEquals(shipped, yaml, "the example reads ../shared/data/flights-3m.parquet");
    warehouse = dir.resolve("warehouse");
    backfill = Cli.run("backfill", "-c", JobConfig.write(dir.resolve("flights.yaml"), yaml), "--warehouse", warehouse,
        "--from", DAYS.get(0), "--to", DAYS.get(DAYS.size() - 1));
  }

  @BeforeEach
  void requireData() {
    Assumptions.assumeTrue(Files.isRegularFile(data), () -> "skipped: the real flights data " + data
        + " is absent (see ../shared/data/README.md to fetch it, or set -Ddriftline.data=<folder>)");
  }

  @Test
  void backfillSucceedsForEveryDay() {
    assertEquals(0, backfill.exitCode(), backfill::toString);
    List<Row> runs = Outputs.read(warehouse, Table.RUNS).orderBy("ds").collectAsList();
    assertEquals(DAYS, runs.stream().map(r -> r.getDate(r.fieldIndex("ds")).toLocalDate()).toList());
    Assertions.assertTrue(runs.stream().allMatch(r -> r.getAs("status").equals("succeeded")));
  }

  @Test
  void globalBaselineRowsCountEveryFlightOfTheDay() {
    Dataset<Row> flights = spark().read().parquet(data.toString());
    for (LocalDate day : DAYS) {
      long flightsThatDay = flights.where(col("date").geq(lit(utcMidnight(day))).and(col("date").lt(lit(utcMidnight(day.plusDays(1))))))
          .count();
      Map<String, Long> nCur = baseline(day).where(col("slice_key").equalTo("__all__")).collectAsList().stream()
          .collect(Collectors.toMap(r -> r.getAs("column_name"), r -> r.<Long>getAs("n_cur")));
      assertEquals(FEATURES.stream().collect(Collectors.toMap(f -> f, f -> flightsThatDay)), nCur, "global slice on " + day);
    }
  }

  @Test
  void originSlicesAreTheTopHundredJanuaryAirportsPlusOther() {
    Set<String> top = spark().read().parquet(data.toString())
        .where(col("date").lt(lit(utcMidnight(LocalDate.of(2001, 2, 1))))).groupBy("origin").count()
        .orderBy(col("count").desc(), col("origin").asc()).limit(MAX_SLICE_VALUES).collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toSet());
    assertEquals(MAX_SLICE_VALUES, top.size());
    Set<String> expected = new HashSet<>(top);
    expected.add("__other__");
    for (LocalDate day : DAYS) {
      for (String feature : FEATURES) {
        Set<String> origins = baseline(day).where(col("slice_key").equalTo("origin").and(col("column_name").equalTo(feature)))
            .collectAsList().stream().map(r -> r.<String>getAs("slice_value")).collect(Collectors.toSet());
        assertEquals(expected, origins, feature + " on " + day);
      }
    }
  }

  @Test
  void metricsAreWithinTheirRanges() {
    List<Row> rows = Outputs.read(warehouse, Table.DRIFT_METRICS).collectAsList();
    Assertions.assertFalse(rows.isEmpty());
    double maxJsDistance = Math.sqrt(Math.log(2));
    for (Row r : rows) {
      String what = r.getAs("ds") + " " + r.getAs("comparison") + " " + r.getAs("slice_key") + "=" + r.getAs("slice_value")
          + " " + r.getAs("column_name");
      Assertions.assertTrue(Set.of("none", "warn", "critical", "insufficient_data").contains(r.<String>getAs("severity")), what);
      boolean judged = r.<Long>getAs("n_ref") >= 200 && r.<Long>getAs("n_cur") >= 200;
      assertEquals(judged, !r.getAs("severity").equals("insufficient_data"), what);
      if (judged) {
        Assertions.assertTrue(r.<Double>getAs("psi") >= 0, what);
        Assertions.assertTrue(r.<Double>getAs("js_distance") <= maxJsDistance + 1e-12, what);
        Assertions.assertTrue(r.<Double>getAs("tv") >= 0 && r.<Double>getAs("tv") <= 1, what);
        double p = r.getAs("chi2_p_value");
        Assertions.assertTrue(p >= 0 && p <= 1, what);
      }
    }
  }

  private Dataset<Row> baseline(LocalDate day) {
    return Outputs.day(warehouse, Table.DRIFT_METRICS, day).where(col("comparison").equalTo("BASELINE"));
  }

  private static Timestamp utcMidnight(LocalDate day) {
    return Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }
}
