package dev.driftline.jobs.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.Levels;
import dev.driftline.jobs.drift.Severity;
import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;
import org.junit.jupiter.api.Test;

/** Performance severity: a threshold on the degradation, and only when the delta's interval excludes 0. */
class PerformanceSeverityTest {

  private static final Levels LEVELS = new Levels(0.02, 0.05);

  private static Severity.Assessment assess(PerformanceMetric metric, double day, double daySe, double ref,
      double refSe) {
    PerformanceEstimate d = new PerformanceEstimate(metric, day, 1000, 0, Double.NaN, Double.NaN, daySe, "bootstrap", null);
    PerformanceEstimate r = new PerformanceEstimate(metric, ref, 1000, 0, Double.NaN, Double.NaN, refSe, "bootstrap", null);
    return PerformanceRows.assess(metric, d, r, MetricDelta.of(d, r), LEVELS);
  }

  @Test
  void aSignificantDropPastTheThresholdAlerts() {
    assertEquals(Severity.WARN, assess(PerformanceMetric.AUC, 0.80, 0.005, 0.83, 0.003).severity());
    assertEquals(Severity.CRITICAL, assess(PerformanceMetric.AUC, 0.77, 0.005, 0.83, 0.003).severity());
    assertEquals(0.05, assess(PerformanceMetric.AUC, 0.77, 0.005, 0.83, 0.003).threshold());
  }

  @Test
  void theSameDropWithAnIntervalIncludingZeroDoesNot() {
    Severity.Assessment a = assess(PerformanceMetric.AUC, 0.77, 0.04, 0.83, 0.02);
    assertEquals(Severity.NONE, a.severity());
    assertTrue(a.reason().contains("not significant"), a.reason());
  }

  @Test
  void directionFollowsTheMetric() {
    assertEquals(Severity.NONE, assess(PerformanceMetric.AUC, 0.90, 0.005, 0.83, 0.003).severity(),
        "a higher AUC is an improvement");
    assertEquals(Severity.CRITICAL, assess(PerformanceMetric.LOG_LOSS, 0.20, 0.005, 0.12, 0.003).severity(),
        "a higher log loss is a degradation");
  }

  @Test
  void noIntervalMeansInsufficientDataAndNoThresholdMeansNone() {
    PerformanceEstimate day = new PerformanceEstimate(PerformanceMetric.AUC, 0.5, 3, 0, Double.NaN, Double.NaN,
        Double.NaN, null, "3 labels < min_labels 30: no interval");
    PerformanceEstimate ref = new PerformanceEstimate(PerformanceMetric.AUC, 0.83, 1000, 0, 0.8, 0.86, 0.01, "bootstrap", null);
    Severity.Assessment a = PerformanceRows.assess(PerformanceMetric.AUC, day, ref, MetricDelta.of(day, ref), LEVELS);
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertTrue(a.reason().contains("3 labels < min_labels 30"), a.reason());
    assertEquals(Severity.NONE, PerformanceRows.assess(PerformanceMetric.AUC, day, ref, MetricDelta.of(day, ref), null)
        .severity());
  }
}
