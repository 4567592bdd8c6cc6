package dev.driftline.udfs.math;

import org.apache.commons.math3.special.Erf;

/**
 * A day's metric minus the reference's, with the standard error of the difference of two
 * independent estimates, sqrt(se_day^2 + se_ref^2), and its normal 95% interval. Day and reference
 * rows are different requests, hence independent.
 *
 * @param corrected the delta beyond the noise floors when both sides have one:
 *     (day - day's floor) - (reference - reference's floor); otherwise the delta itself. A metric
 *     biased by sample size (ECE) is compared by it, so a small day is not worse than a large
 *     reference by chance.
 */
public record MetricDelta(double delta, double corrected, double standardError, double lower, double upper) {

  /** The delta, with NaN error and interval when either side has no standard error. */
  public static MetricDelta of(PerformanceEstimate day, PerformanceEstimate reference) {
    double delta = day.value() - reference.value();
    double corrected = Double.isNaN(day.noiseFloor()) || Double.isNaN(reference.noiseFloor()) ? delta
        : (day.value() - day.noiseFloor()) - (reference.value() - reference.noiseFloor());
    double se = Math.sqrt(day.standardError() * day.standardError()
        + reference.standardError() * reference.standardError());
    if (Double.isNaN(se)) {
      return new MetricDelta(delta, corrected, Double.NaN, Double.NaN, Double.NaN);
    }
    return new MetricDelta(delta, corrected, se, delta - Wilson.Z95 * se, delta + Wilson.Z95 * se);
  }

  /** True when the interval lies entirely on one side of zero. */
  public boolean excludesZero() {
    return lower > 0 || upper < 0;
  }

  /**
   * The normal p-value of the corrected delta against no change, in the direction that degrades
   * the metric: P(Z >= degradation / se), one-sided; for a {@link PerformanceMetric.Direction#NEUTRAL}
   * metric, whose degradation is a move either way, two-sided. NaN without a standard error.
   */
  public double pValue(PerformanceMetric metric) {
    double degradation = metric.degradation(corrected);
    if (Double.isNaN(standardError) || Double.isNaN(degradation)) {
      return Double.NaN;
    }
    boolean twoSided = metric.direction() == PerformanceMetric.Direction.NEUTRAL;
    if (standardError == 0) {
      return degradation > 0 ? 0 : 1;
    }
    double z = degradation / standardError;
    double tail = 0.5 * Erf.erfc(z / Math.sqrt(2));
    return twoSided ? Math.min(1, 2 * tail) : tail;
  }
}
