package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Performance severity: a threshold on the degradation beyond the noise floors, and only when its
 * p-value, adjusted across the day's tests, is at most the level.
 */
class PerformancePolicyTest {

  private static final Levels LEVELS = new Levels(0.02, 0.05);
  private static final PerformancePolicy POLICY = policy(
      Map.of(PerformanceMetric.AUC, LEVELS, PerformanceMetric.LOG_LOSS, LEVELS));

  private static PerformancePolicy policy(Map<PerformanceMetric, Levels> thresholds) {
    return new PerformancePolicy(thresholds, 0.01, PValueAdjustment.BENJAMINI_HOCHBERG);
  }

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
    Assessment unconfigured = policy(Map.of()).assess(PerformanceFinding.of("auc", day, ref));
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
    Assessment a = policy(Map.of(PerformanceMetric.AUC, new Levels(0.0625, 0.25)))
        .assess(PerformanceFinding.of("auc", d, r));
    assertEquals(Severity.WARN, a.severity(), a.reason());
    assertEquals(0.0625, a.threshold());
  }

  @Test
  void aNaNValueNeverAlerts() {
    Assessment a = assess(PerformanceMetric.AUC, Double.NaN, 0.005, 0.83, 0.003);
    assertEquals(Severity.NONE, a.severity(), a.reason());
  }

  private static PerformanceFinding ece(double day, double dayFloor, double ref, double refFloor) {
    PerformanceEstimate d = new PerformanceEstimate(PerformanceMetric.ECE, day, 500, 0, Double.NaN, Double.NaN, 0.004,
        "bootstrap", null, dayFloor);
    PerformanceEstimate r = new PerformanceEstimate(PerformanceMetric.ECE, ref, 7000, 0, Double.NaN, Double.NaN, 0.001,
        "bootstrap", null, refFloor);
    return PerformanceFinding.of("ece", d, r);
  }

  @Test
  void eceIsComparedBeyondEachSidesNoiseFloor() {
    PerformancePolicy policy = policy(Map.of(PerformanceMetric.ECE, LEVELS));
    // A calibrated 500-label day: 0.045 against 0.02, but 0.043 of it is the day's noise floor.
    PerformanceFinding calibrated = ece(0.045, 0.043, 0.02, 0.012);
    assertEquals(0.025, calibrated.delta().delta(), 1e-12);
    assertEquals(-0.006, calibrated.degradation(), 1e-12);
    Assessment a = policy.assess(calibrated);
    assertEquals(Severity.NONE, a.severity(), a.reason());
    assertTrue(a.reason().contains("beyond the noise floors (0.045 - 0.043 vs reference 0.02 - 0.012)"), a.reason());
    // Without floors the same values would be a significant warn.
    assertEquals(Severity.WARN, policy.assess(ece(0.045, Double.NaN, 0.02, Double.NaN)).severity());
    // A real miscalibration: 0.11 - 0.043 against 0.02 - 0.012 is 0.059 past critical.
    PerformanceFinding broken = ece(0.11, 0.043, 0.02, 0.012);
    assertEquals(0.059, broken.degradation(), 1e-12);
    assertEquals(Severity.CRITICAL, policy.assess(broken).severity());
  }

  @Test
  void thePValueIsOneSidedInTheDegradingDirection() {
    PerformanceFinding worse = finding(PerformanceMetric.AUC, 0.80, 0.83, 0.015);
    // z = 0.03 / 0.015 = 2: P(Z >= 2) = 0.02275.
    assertEquals(0.022750131948179195, worse.pValue(), 1e-12);
    assertEquals(1 - 0.022750131948179195, finding(PerformanceMetric.AUC, 0.86, 0.83, 0.015).pValue(), 1e-12);
    assertEquals(0.022750131948179195, finding(PerformanceMetric.LOG_LOSS, 0.33, 0.30, 0.015).pValue(), 1e-12);
    assertEquals(2 * 0.022750131948179195,
        finding(PerformanceMetric.PREDICTED_POSITIVE_RATE, 0.27, 0.30, 0.015).pValue(), 1e-12, "neutral: two-sided");
  }

  /** A finding whose delta has standard error {@code se} (all of it on the day's side). */
  private static PerformanceFinding finding(PerformanceMetric metric, double day, double ref, double se) {
    PerformanceEstimate d = new PerformanceEstimate(metric, day, 1000, 0, Double.NaN, Double.NaN, se, "bootstrap", null);
    PerformanceEstimate r = new PerformanceEstimate(metric, ref, 1000, 0, Double.NaN, Double.NaN, 0, "bootstrap", null);
    return PerformanceFinding.of(metric.key(), d, r);
  }

  @Test
  void theDaysAdjustmentTurnsALoneSmallPValueAmongManyTestsIntoNoise() {
    // AUC 0.03 below the reference with p = 0.004: alone it is a warn at max_p_value 0.01.
    PerformanceFinding drop = finding(PerformanceMetric.AUC, 0.80, 0.83, 0.03 / 2.652069807902199);
    assertEquals(0.004, drop.pValue(), 1e-9);
    assertEquals(Severity.WARN, POLICY.assess(drop).severity());
    // Among 60 of the day's tests that show nothing (p about 0.5), BH gives it 60 x 0.004 = 0.24.
    List<PerformanceFinding> day = new ArrayList<>();
    day.add(drop);
    for (int i = 0; i < 59; i++) {
      day.add(finding(PerformanceMetric.AUC, 0.83 - i * 1e-5, 0.83, 0.01));
    }
    day.add(finding(PerformanceMetric.BRIER, 0.5, 0.1, 0.001)); // no threshold: outside the family
    List<PerformanceFinding> adjusted = POLICY.adjusted(day);
    assertEquals(0.24, adjusted.get(0).pAdjusted(), 1e-9);
    assertEquals(0.004, adjusted.get(0).pValue(), 1e-9, "the raw p-value is kept");
    assertTrue(Double.isNaN(adjusted.get(60).pAdjusted()), "an untested metric has no adjusted p-value");
    Assessment a = POLICY.assess(adjusted.get(0));
    assertEquals(Severity.NONE, a.severity(), a.reason());
    assertTrue(a.reason().contains("not significant") && a.reason().contains("p adjusted 0.24 > max_p_value 0.01"),
        a.reason());
    // With the adjustment off, each test stands alone.
    PerformancePolicy unadjusted = new PerformancePolicy(Map.of(PerformanceMetric.AUC, LEVELS), 0.01,
        PValueAdjustment.NONE);
    assertEquals(Severity.WARN, unadjusted.assess(unadjusted.adjusted(day).get(0)).severity());
    // A real drop next to it keeps its alert: a tiny p-value survives any family of this size.
    day.set(1, finding(PerformanceMetric.AUC, 0.76, 0.83, 0.005));
    assertEquals(Severity.CRITICAL, POLICY.assess(POLICY.adjusted(day).get(1)).severity());
  }
}
