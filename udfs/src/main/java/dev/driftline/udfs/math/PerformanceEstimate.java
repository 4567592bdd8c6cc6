package dev.driftline.udfs.math;

/**
 * One metric on one sample with its uncertainty.
 *
 * @param value the metric on the labelled rows (NaN when undefined on them)
 * @param n rows the metric is computed over (its denominator for proportions)
 * @param excluded rows of the sample the metric leaves out (MAPE's zero labels)
 * @param lower lower end of the confidence interval, NaN when there is none
 * @param upper upper end of the confidence interval, NaN when there is none
 * @param standardError standard error of the value (binomial for proportions, the replicates'
 *     standard deviation for bootstrap metrics), NaN when there is no interval
 * @param method {@code wilson} or {@code bootstrap}, null when there is no interval
 * @param note why there is no interval (or no value), null otherwise
 * @param noiseFloor the value expected by chance alone at this sample size when the model is
 *     perfect for the metric (ECE's: E[ECE] of a perfectly calibrated model on these scores), NaN
 *     for metrics without one
 */
public record PerformanceEstimate(PerformanceMetric metric, double value, long n, long excluded, double lower,
    double upper, double standardError, String method, String note, double noiseFloor) {

  /** An estimate of a metric without a noise floor. */
  public PerformanceEstimate(PerformanceMetric metric, double value, long n, long excluded, double lower,
      double upper, double standardError, String method, String note) {
    this(metric, value, n, excluded, lower, upper, standardError, method, note, Double.NaN);
  }

  public PerformanceEstimate withNoiseFloor(double floor) {
    return new PerformanceEstimate(metric, value, n, excluded, lower, upper, standardError, method, note, floor);
  }

  public boolean hasInterval() {
    return method != null;
  }
}
