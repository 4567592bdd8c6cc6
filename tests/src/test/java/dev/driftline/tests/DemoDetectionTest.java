package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.jobs.demo.InjectedDrift;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code driftline demo} at its default size, judged against the drifts the demo log injects:
 * every one is caught on its first day, and the stable part of the log stays quiet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDetectionTest extends SparkTestBase {

  /** Features the demo never drifts: no comparison of them may reach critical. */
  private static final String EMBEDDING = "merchant_embedding";
  private static final Set<String> STABLE = Set.of("account_age_days", "merchant_risk", "txn_per_day", "channel", "hour");

  private Cli.Result demo;
  private List<Alert> alerts;
  private List<Row> incidents;

  /** One warn or critical row of drift_metrics. */
  record Alert(LocalDate ds, String comparison, String sliceKey, String sliceValue, String column, String severity) {

    boolean concerns(InjectedDrift drift) {
      return column.equals(drift.column()) && sliceKey.equals(drift.sliceKey()) && sliceValue.equals(drift.sliceValue());
    }
  }

  @BeforeAll
  void runDemoOnce() {
    runBefore();
    demo = DemoWarehouse.result();
    alerts = Outputs.read(DemoWarehouse.warehouse(), Table.DRIFT_METRICS)
        .where(col("severity").isin("warn", "critical"))
        .select("ds", "comparison", "slice_key", "slice_value", "column_name", "severity")
        .collectAsList().stream()
        .map(r -> new Alert(r.getDate(0).toLocalDate(), r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5)))
        .sorted(Comparator.comparing(Alert::ds))
        .toList();
    incidents = Outputs.read(DemoWarehouse.warehouse(), Table.INCIDENTS).collectAsList();
  }

  @Test
  void demoSucceedsAndReportsEveryDriftCaught() {
    assertEquals(0, demo.exitCode(), demo::toString);
    assertFalse(demo.out().contains("MISSED"), demo.out());
    for (InjectedDrift drift : DemoLog.injectedDrifts(DemoSpec.DEFAULT)) {
      Assertions.assertTrue(demo.out().lines().anyMatch(l -> l.startsWith(drift.firstDay() + "  " + drift.column() + " ")
          && l.contains(" yes ")), () -> "no 'yes' line for " + drift + " in\n" + demo.out());
    }
  }

  @Test
  void everyInjectedDriftAlertsOnItsFirstDayAgainstBothComparisonsAndNotTheDayBefore() {
    List<InjectedDrift> drifts = DemoLog.injectedDrifts(DemoSpec.DEFAULT);
    assertEquals(6, drifts.size(), "the default demo covers every change");
    for (InjectedDrift drift : drifts.stream().filter(d -> !d.kind().equals("data_quality")
        && !d.column().equals(EMBEDDING)).toList()) {
      Set<String> firstDay = alerts.stream().filter(a -> a.ds().equals(drift.firstDay()) && a.concerns(drift))
          .map(Alert::comparison).collect(Collectors.toSet());
      assertEquals(Set.of("BASELINE", "CONSECUTIVE"), firstDay, () -> "alerts on the first day of " + drift);
      List<Alert> dayBefore = alerts.stream()
          .filter(a -> a.ds().equals(drift.firstDay().minusDays(1)) && a.concerns(drift)).toList();
      assertEquals(List.of(), dayBefore, () -> "alerts the day before " + drift);
    }
  }

  @Test
  void everyInjectedChangeOpensAnIncidentOnItsSliceOnItsFirstDay() {
    for (InjectedDrift drift : DemoLog.injectedDrifts(DemoSpec.DEFAULT)) {
      List<Row> opened = incidents.stream().filter(r -> r.getDate(r.fieldIndex("ds")).toLocalDate().equals(drift.firstDay())
          && r.getAs("status").equals("opened") && r.getAs("kind").equals(drift.kind())
          && r.getAs("column_name").equals(drift.column())).toList();
      assertEquals(1, opened.size(), () -> "incidents opened on the first day of " + drift + ": " + opened);
      assertEquals(drift.sliceKey() + "=" + drift.sliceValue(),
          opened.get(0).getAs("slice_key") + "=" + opened.get(0).getAs("slice_value"), drift::toString);
    }
  }

  @Test
  void everyDayHasAtMostTwoOpenIncidentsPerCauseAndNoneBeforeTheFirst() {
    List<InjectedDrift> drifts = DemoLog.injectedDrifts(DemoSpec.DEFAULT);
    LocalDate firstDrift = drifts.stream().map(InjectedDrift::firstDay).min(Comparator.naturalOrder()).orElseThrow();
    Map<LocalDate, Long> open = incidents.stream().filter(r -> !r.getAs("status").equals("resolved"))
        .collect(Collectors.groupingBy(r -> r.getDate(r.fieldIndex("ds")).toLocalDate(), Collectors.counting()));
    open.forEach((ds, count) -> {
      // A cause is active from its first day; the one-day null spike only on its day.
      long causes = drifts.stream().filter(d -> !d.firstDay().isAfter(ds)
          && (!d.kind().equals("data_quality") || d.firstDay().equals(ds))).count();
      Assertions.assertTrue(count <= 2 * causes, () -> ds + ": " + count + " open incidents for " + causes + " causes");
      Assertions.assertFalse(ds.isBefore(firstDrift), () -> ds + " has incidents before the first change");
    });
  }

  /**
   * The merchant embedding's topic shift, one day long, alerts on the whole day that day and on no
   * other day or slice (only its slices, __all__ and the country and device values, may alert).
   */
  @Test
  void theEmbeddingShiftAlertsOnItsDayAndNoOther() {
    InjectedDrift drift = DemoLog.injectedDrifts(DemoSpec.DEFAULT).stream().filter(d -> d.column().equals(EMBEDDING))
        .findFirst().orElseThrow();
    List<Row> alerting = Outputs.read(DemoWarehouse.warehouse(), Table.EMBEDDING_DRIFT)
        .where(col("severity").isin("warn", "critical")).collectAsList();
    Assertions.assertTrue(alerting.stream().anyMatch(r -> r.getDate(r.fieldIndex("ds")).toLocalDate()
        .equals(drift.firstDay()) && r.getAs("slice_key").equals("__all__")), () -> "no alert on " + drift.firstDay());
    List<Row> otherDays = alerting.stream().filter(r -> !r.getDate(r.fieldIndex("ds")).toLocalDate()
        .equals(drift.firstDay())).toList();
    assertEquals(List.of(), otherDays, "embedding alerts on other days");
    Assertions.assertTrue(Outputs.read(DemoWarehouse.warehouse(), Table.EMBEDDING_DRIFT).count() > 0);
  }

  @Test
  void stableFeaturesAreNeverCritical() {
    List<Alert> critical = alerts.stream()
        .filter(a -> STABLE.contains(a.column()) && a.severity().equals("critical")).toList();
    assertEquals(List.of(), critical);
  }

  @Test
  void daysBeforeTheFirstDriftHaveNoAlerts() {
    LocalDate firstDrift = DemoLog.injectedDrifts(DemoSpec.DEFAULT).stream().map(InjectedDrift::firstDay)
        .min(Comparator.naturalOrder()).orElseThrow();
    long runDays = Outputs.read(DemoWarehouse.warehouse(), Table.DRIFT_METRICS)
        .where(col("ds").lt(java.sql.Date.valueOf(firstDrift))).select("ds").distinct().count();
    assertEquals(2, runDays, "the demo runs 10-15 and 10-16 before the first drift on " + firstDrift);
    assertEquals(List.of(), alerts.stream().filter(a -> a.ds().isBefore(firstDrift)).toList());
  }
}
