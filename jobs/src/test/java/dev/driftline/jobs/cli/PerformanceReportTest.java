package dev.driftline.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.decision.SliceDays;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printed performance table: the global slice's days from a given day on, with the worst severity. */
class PerformanceReportTest {

  private static final LocalDate DS = LocalDate.of(2026, 3, 10);
  private static final Assessment NONE = Assessment.none("fine");

  private static SliceDayPerformance day(LocalDate ds, Slice slice, Severity aucSeverity) {
    return SliceDays.day(ds, slice, List.of(
        SliceDays.quality(PerformanceMetric.AUC, 0.812, 0.78, 0.84, 0.843,
            new Assessment(aucSeverity, "auc", 0.02, "auc degraded")),
        SliceDays.quality(PerformanceMetric.ECE, 0.021, Double.NaN, Double.NaN, 0.02, NONE),
        SliceDays.quality(PerformanceMetric.LOG_LOSS, Double.NaN, Double.NaN, Double.NaN, 0.4, NONE)),
        List.of(), null);
  }

  private final List<SliceDayPerformance> days = List.of(
      day(DS.minusDays(1), ProfileLayout.GLOBAL_SLICE, Severity.WARN),
      day(DS, new Slice("country", "US"), Severity.CRITICAL),
      day(DS, ProfileLayout.GLOBAL_SLICE, Severity.WARN),
      day(DS.plusDays(1), ProfileLayout.GLOBAL_SLICE, Severity.NONE),
      SliceDays.day(DS.plusDays(2), ProfileLayout.GLOBAL_SLICE, List.of(), List.of(), null));

  @Test
  void printsTheGlobalSliceFromTheGivenDayOn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PerformanceReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), days, DS);
    assertEquals(List.of(
        "ds          labelled  coverage  auc [95% interval]      ece                     log_loss                worst severity",
        "2026-03-10        90     75.0%  0.812 [0.780, 0.840]    0.021                   -                       warn (auc -0.031 vs reference)",
        "2026-03-11        90     75.0%  0.812 [0.780, 0.840]    0.021                   -                       none"),
        bytes.toString(StandardCharsets.UTF_8).lines().toList());
  }

  @Test
  void printsNothingWithoutQualityMetrics() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PerformanceReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), days, DS.plusDays(2));
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void firstAlertIsTheEarliestAlertingGlobalDay() {
    assertEquals(DS.minusDays(1), PerformanceReport.firstAlert(days, LocalDate.MIN, "auc"));
    assertEquals(DS, PerformanceReport.firstAlert(days, DS, "auc"));
    assertNull(PerformanceReport.firstAlert(days, DS.plusDays(1), "auc"));
    assertNull(PerformanceReport.firstAlert(days, LocalDate.MIN, "ece"));
  }
}
