package dev.driftline.udfs.math;

/**
 * A day's metric minus the reference's, with the standard error of the difference of two
 * independent estimates, sqrt(se_day^2 + se_ref^2), and its normal 95% interval. Day and reference
 * rows are different requests, hence independent.
 */
public record MetricDelta(double delta, double standardError, double lower, double upper) {

  /** The delta, with NaN error and interval when either side has no standard error. */
  public static MetricDelta of(PerformanceEstimate day, PerformanceEstimate reference) {
    double delta = day.value() - reference.value();
    double se = Math.sqrt(day.standardError() * day.standardError()
        + reference.standardError() * reference.standardError());
    if (Double.isNaN(se)) {
      return new MetricDelta(delta, Double.NaN, Double.NaN, Double.NaN);
    }
    return new MetricDelta(delta, se, delta - Wilson.Z95 * se, delta + Wilson.Z95 * se);
  }

  /** True when the interval lies entirely on one side of zero. */
  public boolean excludesZero() {
    return lower > 0 || upper < 0;
  }
}
