package dev.driftline.tests.performance;

import static dev.driftline.tests.performance.PerformanceFixture.DUPLICATE_DAY;
import static dev.driftline.tests.performance.PerformanceFixture.LATE_DAY;
import static dev.driftline.tests.performance.PerformanceFixture.NULL_ID_ARRIVAL;
import static dev.driftline.tests.performance.PerformanceFixture.ONE_LABEL_DAY;
import static dev.driftline.tests.performance.PerformanceFixture.ORPHAN_ARRIVAL;
import static dev.driftline.tests.performance.PerformanceFixture.ROWS_PER_DAY;
import static dev.driftline.tests.performance.PerformanceFixture.WINDOW_DAYS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The performance step end to end on {@link PerformanceFixture}: late labels recompute exactly
 * their day, duplicates use the latest label and are reported, a day without labels and a slice
 * with one label are written without intervals and say why.
 */
class LateLabelsEndToEndTest extends SparkTestBase {

  private static final LocalDate RUN = LATE_DAY.plusDays(WINDOW_DAYS);

  @TempDir
  Path dir;

  /**
   * Also the lineage: a rerun has the same fingerprints, and the late label changes exactly those
   * downstream of its day's labels (what a changed input or config reaches: {@code DayLineageTest}).
   */
  @Test
  void aLateLabelRewritesExactlyItsDayAndNothingElse() {
    PerformanceFixture fixture = new PerformanceFixture(dir);
    fixture.write(spark());
    JobSpec spec = fixture.spec();
    NightlyJob job = new NightlyJob(spark(), spec);
    job.run(new DateRange(LocalDate.of(2026, 3, 8), RUN.minusDays(1)), "backfill", true);
    NightlyJob.RunResult first = job.run(new DateRange(RUN, RUN), "run", false);
    assertEquals(List.of(LATE_DAY.plusDays(4), RUN), first.performance().recomputedDays(),
        "on D+5 only the day whose labels arrived (D+4) and the new day are computed");
    dev.driftline.tests.TableContract.check(job.warehouse().root(), Table.PERFORMANCE_METRICS);
    Map<String, Row> before = performanceRows(job);
    LineageGraph firstLineage = lineage(job);

    NightlyJob.RunResult rerun = job.run(new DateRange(RUN, RUN), "run", false);
    assertEquals(List.of(), rerun.performance().recomputedDays(), "a rerun with no new labels recomputes nothing");
    assertEquals(before, performanceRows(job));
    assertEquals(firstLineage.fingerprints(), lineage(job).fingerprints(), "a rerun has the same lineage");

    fixture.appendLabels(spark(), List.of(fixture.lateLabel()));
    NightlyJob.RunResult late = job.run(new DateRange(RUN, RUN), "run", false);
    assertEquals(List.of(LATE_DAY), late.performance().recomputedDays());
    LineageGraph lateLineage = lineage(job);
    assertEquals(firstLineage.downstream("labels:" + LATE_DAY), lateLineage.changedSince(firstLineage));
    assertEquals(Set.of("labels:" + LATE_DAY, "performance:" + LATE_DAY, "decision"),
        lineageOf(lateLineage.changedSince(firstLineage)), "not the input, profile, drift or quality");
    Map<String, Row> after = performanceRows(job);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((key, old) -> {
      Row now = after.get(key);
      if (!key.startsWith(LATE_DAY.toString())) {
        assertEquals(old, now, "untouched: " + key);
        return;
      }
      assertNotEquals(old.<String>getAs("run_id"), now.<String>getAs("run_id"), "rewritten: " + key);
      boolean holdsTheLateRequest = key.contains("|__all__|") || key.contains("|country|" + countryOfLateRequest(fixture) + "|");
      assertEquals(old.<Long>getAs("labelled") + (holdsTheLateRequest ? 1 : 0), now.<Long>getAs("labelled"), key);
    });
    Row accuracy = after.get(LATE_DAY + "|__all__|__all__|accuracy");
    assertEquals(ROWS_PER_DAY, accuracy.<Long>getAs("labelled"), "every prediction of the day is labelled now");
    assertEquals(1.0, accuracy.<Double>getAs("label_coverage"), 0.0);
    assertEquals(Date.valueOf(RUN), accuracy.getAs("labels_as_of"));
    assertEquals(Date.valueOf(LATE_DAY.plusDays(WINDOW_DAYS)), accuracy.getAs("label_window_end"));

  }

  private static LineageGraph lineage(NightlyJob job) {
    return LineageRows.read(job.warehouse(), "fixture", RUN).orElseThrow();
  }

  /** The data, profile, finding and decision nodes among {@code ids} (incidents and trigger left out). */
  private static Set<String> lineageOf(Set<String> ids) {
    return ids.stream().filter(id -> !id.startsWith("incident:") && !id.equals("trigger")).collect(Collectors.toSet());
  }

  @Test
  void duplicatesUseTheLatestLabelAndOrphansAreCountedInTheRunsTable() {
    PerformanceFixture fixture = new PerformanceFixture(dir);
    fixture.write(spark());
    NightlyJob job = new NightlyJob(spark(), fixture.spec());
    job.run(new DateRange(LocalDate.of(2026, 3, 8), LocalDate.of(2026, 3, 15)), "backfill", true);
    Map<String, Row> rows = performanceRows(job);

    Row positives = rows.get(DUPLICATE_DAY + "|__all__|__all__|actual_positive_rate");
    long truePositives = fixture.predictions.stream()
        .filter(p -> p.getDate(1).toLocalDate().equals(DUPLICATE_DAY))
        .filter(p -> fixture.truth.get(p.getString(0)) == 1).count();
    long labelled = positives.getAs("labelled");
    assertEquals(ROWS_PER_DAY + 1, labelled, "the duplicated request counts once");
    assertEquals(truePositives / (double) labelled, positives.<Double>getAs("value"), 1e-12,
        "the duplicate's later (correct) label is the one used");
    assertEquals(1L, positives.<Long>getAs("duplicate_labels"));

    Map<LocalDate, Map<String, Long>> findings = spark().read().format("delta").load(job.warehouse().path(Table.RUNS))
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getDate(r.fieldIndex("ds")).toLocalDate(),
            r -> scala.collection.JavaConverters.mapAsJavaMap(r.<scala.collection.Map<String, Long>>getAs("findings")),
            (a, b) -> a, TreeMap::new));
    assertEquals(1L, findings.get(DUPLICATE_DAY.plusDays(2)).get("duplicate_labels"), "the second label arrived then");
    assertEquals(1L, findings.get(ORPHAN_ARRIVAL).get("orphan_labels"));
    assertEquals(1L, findings.get(NULL_ID_ARRIVAL).get("null_request_id_labels"), "counted, not dropped silently");
    long otherFindings = findings.entrySet().stream()
        .filter(e -> !e.getKey().equals(ORPHAN_ARRIVAL) && !e.getKey().equals(NULL_ID_ARRIVAL)
            && !e.getKey().equals(DUPLICATE_DAY.plusDays(2)))
        .flatMap(e -> e.getValue().values().stream()).mapToLong(Long::longValue).sum();
    assertEquals(0, otherFindings, findings.toString());
  }

  @Test
  void aDayWithoutLabelsAndASliceWithOneLabelHaveNoIntervalsAndSayWhy() {
    PerformanceFixture fixture = new PerformanceFixture(dir);
    fixture.write(spark());
    NightlyJob job = new NightlyJob(spark(), fixture.spec());
    LocalDate today = LocalDate.of(2026, 3, 15);
    job.run(new DateRange(LocalDate.of(2026, 3, 8), today), "backfill", true);
    Map<String, Row> rows = performanceRows(job);

    Row auc = rows.get(today + "|__all__|__all__|auc");
    assertEquals(ROWS_PER_DAY, auc.<Long>getAs("scored"));
    assertEquals(0L, auc.<Long>getAs("labelled"), "today's labels arrive tomorrow");
    assertEquals(0.0, auc.<Double>getAs("label_coverage"));
    assertNull(auc.getAs("value"));
    assertNull(auc.getAs("ci_lower"));
    assertEquals("no labelled rows", auc.getAs("note"));
    assertEquals("insufficient_data", auc.getAs("severity"));
    Row latency = rows.get(today + "|__all__|__all__|latency_p99");
    assertEquals((long) ROWS_PER_DAY, latency.<Long>getAs("n"), "latency needs no labels");
    assertEquals("exact", latency.getAs("ci_method"));
    double p99 = fixture.predictions.stream().filter(p -> p.getDate(1).toLocalDate().equals(today))
        .mapToDouble(p -> p.getDouble(5)).sorted().toArray()[(int) Math.ceil(0.99 * ROWS_PER_DAY) - 1];
    assertEquals(p99, latency.<Double>getAs("value"), 0.0, "nearest-rank p99");
    assertEquals(p99 >= 39.5 ? "warn" : "none", latency.getAs("severity"), "the SLO applies to p99");
    Row cost = rows.get(today + "|__all__|__all__|cost");
    assertEquals(ROWS_PER_DAY / 1000.0 * 2.0, cost.<Double>getAs("value"), 1e-12);

    Row accuracy = rows.get(ONE_LABEL_DAY + "|country|NZ|accuracy");
    assertEquals(1L, accuracy.<Long>getAs("scored"));
    assertEquals(1L, accuracy.<Long>getAs("labelled"));
    double expected = fixture.predictions.stream()
        .filter(p -> p.getString(3).equals("NZ") && p.getDate(1).toLocalDate().equals(ONE_LABEL_DAY))
        .mapToDouble(p -> (p.getDouble(4) >= 0.5 ? 1 : 0) == fixture.truth.get(p.getString(0)) ? 1 : 0)
        .findFirst().orElseThrow();
    assertEquals(expected, accuracy.<Double>getAs("value"));
    assertNull(accuracy.getAs("ci_method"));
    assertEquals("1 labels < min_labels 30: no interval", accuracy.getAs("note"));
    assertEquals("insufficient_data", rows.get(ONE_LABEL_DAY + "|country|NZ|auc").getAs("severity"));
    assertNull(rows.get(ONE_LABEL_DAY + "|country|NZ|auc").getAs("value"), "AUC needs both classes");
  }

  /** performance_metrics of the fixture by "ds|slice_key|slice_value|metric", estimates left out. */
  private Map<String, Row> performanceRows(NightlyJob job) {
    return spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("metric_kind <> 'estimated'").collectAsList()
        .stream().collect(Collectors.toMap(
            r -> r.getAs("ds") + "|" + r.getAs("slice_key") + "|" + r.getAs("slice_value") + "|" + r.getAs("metric"),
            r -> r, (a, b) -> {
              throw new AssertionError("two rows for one key: " + a + " and " + b);
            }, TreeMap::new));
  }

  private static String countryOfLateRequest(PerformanceFixture fixture) {
    return fixture.predictions.stream().filter(p -> p.getString(0).equals(PerformanceFixture.LATE_REQUEST))
        .findFirst().orElseThrow().getString(3);
  }
}
