package dev.driftline.udfs.math;

/**
 * What a drift measure compares: a reference and a current histogram on the same bins, with what
 * some measures also need.
 *
 * @param points a point per bin for the measures that place bins on a line (Wasserstein, energy
 *     distance): for numeric columns the reference's bin means; null for bins without an order
 *     (categorical), which leaves every order-dependent measure undefined
 * @param refStddev the reference's population standard deviation, for normalised Wasserstein
 * @param smoothing the pseudo-count of the smoothed measures (PSI, KL)
 */
public record BinnedPair(long[] ref, long[] cur, double[] points, double refStddev, double smoothing) {

  /** Two histograms without an order, compared with the default pseudo-count. */
  public static BinnedPair of(long[] ref, long[] cur) {
    return new BinnedPair(ref, cur, null, Double.NaN, DriftMetrics.DEFAULT_SMOOTHING);
  }

  /** True when the bins lie on a line, so order-dependent measures are defined. */
  public boolean ordered() {
    return points != null;
  }
}
