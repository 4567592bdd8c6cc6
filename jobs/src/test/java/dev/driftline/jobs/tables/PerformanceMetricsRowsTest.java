package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.EstimatedPerformance;
import dev.driftline.jobs.decision.LatencyFinding;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.decision.SliceDayPerformance.Cost;
import dev.driftline.jobs.decision.SliceDayPerformance.Latency;
import dev.driftline.jobs.decision.SliceDays;
import dev.driftline.udfs.math.ExpectedPerformance;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A slice and day of performance as performance_metrics rows: quality, then latency, then cost. */
class PerformanceMetricsRowsTest {

  private static final LocalDate DS = LocalDate.of(2026, 3, 10);

  private final SliceDayPerformance day = SliceDays.day(DS, new Slice("country", "US"),
      List.of(SliceDays.quality(PerformanceMetric.AUC, 0.812, 0.78, Double.NaN, 0.843,
          new Assessment(Severity.WARN, "auc", 0.02, "auc degraded"))),
      List.of(new Latency(new Assessed<>(new LatencyFinding(LatencyQuantile.P95, 41.5),
          new Assessment(Severity.WARN, null, 39.5, "p95 latency 41.5 >= warn SLO 39.5")), 5000, false)),
      new Cost(0.24, 2.0));
  private final List<Row> rows = new PerformanceMetricsRows("fraud", "run-1").rows(List.of(day));

  @Test
  void everyRowCarriesTheSliceAndDay() {
    assertEquals(List.of("auc", "latency_p95", "cost"), rows.stream().map(r -> r.<String>getAs("metric")).toList());
    for (Row r : rows) {
      assertColumns(r, "model", "fraud", "ds", Date.valueOf(DS), "run_id", "run-1", "reference_id", "ref-1",
          "reference_window", "2026-03-01..2026-03-07", "slice_key", "country", "slice_value", "US",
          "scored", 120L, "labelled", 90L, "label_coverage", 0.75, "invalid_labels", 3L, "duplicate_labels", 1L,
          "labels_as_of", Date.valueOf(DS.plusDays(2)), "label_window_end", Date.valueOf(DS.plusDays(5)),
          "bootstrap_replicates", 50, "label_fingerprint", "label-fp", "reference_fingerprint", "ref-fp");
    }
  }

  @Test
  void aQualityRowHoldsTheEstimateTheReferenceAndTheDelta() {
    // ci_upper is NaN: written as NULL; excluded is the estimate's, not the 0 of other kinds.
    assertColumns(rows.get(0), "metric_kind", "quality", "value", 0.812, "ci_lower", 0.78, "ci_upper", null,
        "ci_method", "bootstrap", "standard_error", 0.01, "note", null, "n", 90L, "excluded", 2L,
        "ref_value", 0.843, "ref_n", 1000L, "ref_standard_error", 0.005, "delta", 0.812 - 0.843,
        "severity", "warn", "severity_threshold", 0.02, "severity_reason", "auc degraded");
  }

  @Test
  void latencyAndCostRows() {
    assertColumns(rows.get(1), "metric_kind", "latency", "value", 41.5, "n", 5000L, "excluded", 0L,
        "ci_method", "sketch", "note", PerformanceMetricsRows.SKETCH_NOTE, "delta", null,
        "severity", "warn", "severity_threshold", 39.5, "severity_reason", "p95 latency 41.5 >= warn SLO 39.5");
    assertColumns(rows.get(2), "metric_kind", "cost", "value", 0.24, "n", 120L, "excluded", 0L,
        "ci_method", null, "note", null, "severity", "none", "severity_threshold", null,
        "severity_reason", "120 predictions at 2.0 per 1,000");
  }

  @Test
  void anEstimatedRowSitsBesideTheRealizedValueAndAlertsAsEstimatedQuality() {
    Assessed<dev.driftline.jobs.decision.PerformanceFinding> estimate = SliceDays.quality(PerformanceMetric.AUC, 0.70,
        0.66, 0.74, 0.84, new Assessment(Severity.CRITICAL, "auc", 0.05, "auc degraded by 0.14"));
    EstimatedPerformance e = new EstimatedPerformance(estimate, 0.69,
        new ExpectedPerformance.Check(PerformanceMetric.AUC, 0.69, 0.71, 0.01), null, "isotonic on 900 reference labels")
        .with(new EstimatedPerformance.Reliability(EstimatedPerformance.Reliability.RELIABLE, 0.4, 2, "agrees"));
    SliceDayPerformance open = day.withEstimated(List.of(e));
    Row row = new PerformanceMetricsRows("fraud", "run-1").rows(List.of(open)).get(1);
    assertColumns(row, "metric_kind", "estimated", "metric", "auc", "value", 0.70, "realized_value", 0.69,
        "estimate_error", null, "check_expected", 0.71, "check_z", (0.69 - 0.71) / 0.01,
        "estimate_status", "reliable", "estimate_p_adjusted", 0.4, "estimate_reason", "agrees",
        "calibration", "isotonic on 900 reference labels", "severity", "critical");
    // Once the labels are final, the estimate's error is recorded.
    SliceDayPerformance settled = new SliceDayPerformance(DS, open.slice(), "ref-1", SliceDays.REFERENCE_WINDOW, 120,
        90, 3, 1, DS.plusDays(5), DS.plusDays(5), 50, "label-fp", "ref-fp", List.of(), List.of(), null, List.of(e));
    assertEquals(0.70 - 0.69, new PerformanceMetricsRows("fraud", "run-1").rows(List.of(settled)).get(0)
        .<Double>getAs("estimate_error"), 1e-15);
    dev.driftline.jobs.decision.Alert alert = PerformanceMetricsRows.alert(row);
    assertEquals(dev.driftline.jobs.decision.Alert.ESTIMATED_MODEL_QUALITY, alert.subject());
    assertEquals("country=US/estimated/auc", alert.evidence().substring(alert.evidence().indexOf("country=")));
    // An unreliable estimate is not judged, so it never alerts.
    EstimatedPerformance refuted = e.with(new EstimatedPerformance.Reliability(
        EstimatedPerformance.Reliability.UNRELIABLE, 1e-9, 3, "disagrees"));
    assertEquals("none", new PerformanceMetricsRows("fraud", "run-1").rows(List.of(day.withEstimated(List.of(refuted))))
        .get(1).getAs("severity"));
  }

  /** Asserts each (column, value) pair of {@code expected}. */
  private static void assertColumns(Row row, Object... expected) {
    for (int i = 0; i < expected.length; i += 2) {
      String column = (String) expected[i];
      assertEquals(expected[i + 1], row.getAs(column), column);
    }
  }
}
