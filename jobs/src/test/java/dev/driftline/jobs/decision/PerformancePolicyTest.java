package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Performance severity: a threshold on the degradation, and only when the delta's interval excludes 0. */
class PerformancePolicyTest {

  private static final Levels LEVELS = new Levels(0.02, 0.05);
  private static final PerformancePolicy POLICY = new PerformancePolicy(
      Map.of(PerformanceMetric.AUC, LEVELS, PerformanceMetric.LOG_LOSS, LEVELS));

  private static Assessment assess(PerformanceMetric metric, double day, double daySe, double ref,
      double refSe) {
    PerformanceEstimate d = new PerformanceEstimate(metric, day, 1000, 0, Double.NaN, Double.NaN, daySe, "bootstrap", null);
    PerformanceEstimate r = new PerformanceEstimate(metric, ref, 1000, 0, Double.NaN, Double.NaN, refSe, "bootstrap", null);
    return POLICY.assess(PerformanceFinding.of(metric.key(), d, r));
  }

  @Test
  void aSignificantDropPastTheThresholdAlerts() {
    assertEquals(Severity.WARN, assess(PerformanceMetric.AUC, 0.80, 0.005, 0.83, 0.003).severity());
    assertEquals(Severity.CRITICAL, assess(PerformanceMetric.AUC, 0.77, 0.005, 0.83, 0.003).severity());
    assertEquals(0.05, assess(PerformanceMetric.AUC, 0.77, 0.005, 0.83, 0.003).threshold());
  }

  @Test
  void theSameDropWithAnIntervalIncludingZeroDoesNot() {
    Assessment a = assess(PerformanceMetric.AUC, 0.77, 0.04, 0.83, 0.02);
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
    Assessment a = POLICY.assess(PerformanceFinding.of("auc", day, ref));
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertTrue(a.reason().contains("3 labels < min_labels 30"), a.reason());
    Assessment unconfigured = new PerformancePolicy(Map.of()).assess(PerformanceFinding.of("auc", day, ref));
    assertEquals(Severity.NONE, unconfigured.severity());
    assertEquals("no threshold configured for auc", unconfigured.reason());
  }

  @Test
  void aDropExactlyAtTheThresholdReachesIt() {
    // Binary fractions, so the difference is exact: a drop of exactly the warn level warns.
    PerformanceEstimate d = new PerformanceEstimate(PerformanceMetric.AUC, 0.75, 1000, 0, Double.NaN, Double.NaN, 0.001,
        "bootstrap", null);
    PerformanceEstimate r = new PerformanceEstimate(PerformanceMetric.AUC, 0.8125, 1000, 0, Double.NaN, Double.NaN, 0.001,
        "bootstrap", null);
    Assessment a = new PerformancePolicy(Map.of(PerformanceMetric.AUC, new Levels(0.0625, 0.25)))
        .assess(PerformanceFinding.of("auc", d, r));
    assertEquals(Severity.WARN, a.severity(), a.reason());
    assertEquals(0.0625, a.threshold());
  }

  @Test
  void aNaNValueNeverAlerts() {
    Assessment a = assess(PerformanceMetric.AUC, Double.NaN, 0.005, 0.83, 0.003);
    assertEquals(Severity.NONE, a.severity(), a.reason());
  }
}
