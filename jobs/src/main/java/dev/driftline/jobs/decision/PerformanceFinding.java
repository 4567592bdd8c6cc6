package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;

/**
 * One quality metric of one slice and day next to the reference's, with the change, its interval
 * and its test against no degradation.
 *
 * @param name the metric as written to tables (per-class metrics carry their class)
 * @param pValue the normal p-value of the degradation beyond the noise floors
 *     ({@link MetricDelta#pValue}), NaN without a standard error
 * @param pAdjusted the p-value adjusted across the day's tests ({@link PerformancePolicy#adjusted});
 *     until then the p-value itself (a family of one); NaN when the finding is not tested
 */
public record PerformanceFinding(String name, PerformanceMetric metric, PerformanceEstimate day,
    PerformanceEstimate ref, MetricDelta delta, double pValue, double pAdjusted) {

  public static PerformanceFinding of(String name, PerformanceEstimate day, PerformanceEstimate ref) {
    MetricDelta delta = MetricDelta.of(day, ref);
    double p = delta.pValue(day.metric());
    return new PerformanceFinding(name, day.metric(), day, ref, delta, p, p);
  }

  public PerformanceFinding withPAdjusted(double adjusted) {
    return new PerformanceFinding(name, metric, day, ref, delta, pValue, adjusted);
  }

  /** How much worse the day is than the reference beyond their noise floors: positive when worse. */
  public double degradation() {
    return metric.degradation(delta.corrected());
  }
}
