package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.LatencyFinding;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.decision.SliceDayPerformance.Cost;
import dev.driftline.jobs.decision.SliceDayPerformance.Latency;
import dev.driftline.jobs.decision.SliceDays;
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

  /** Asserts each (column, value) pair of {@code expected}. */
  private static void assertColumns(Row row, Object... expected) {
    for (int i = 0; i < expected.length; i += 2) {
      String column = (String) expected[i];
      assertEquals(expected[i + 1], row.getAs(column), column);
    }
  }
}
