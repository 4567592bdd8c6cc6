package dev.driftline.udfs.math;

/**
 * What a drift measure compares: a reference and a current histogram on the same bins, with what
 * some measures also need.
 *
 * @param points a point per bin of the reference side, for the measures that place bins on a line
 *     (Wasserstein, energy distance): for numeric columns the reference's bin means; null for bins
 *     without an order (categorical), which leaves every order-dependent measure undefined
 * @param curPoints a point per bin of the current side: {@code points} but where the current side
 *     has its own mean in an open outer bin (see {@link #numeric}); null when {@code points} is
 * @param refStddev the reference's population standard deviation, for normalised Wasserstein
 * @param smoothing the pseudo-count of the smoothed measures (PSI, KL)
 */
public record BinnedPair(long[] ref, long[] cur, double[] points, double[] curPoints, double refStddev,
    double smoothing) {

  /** Both sides' bins at the same points. */
  public BinnedPair(long[] ref, long[] cur, double[] points, double refStddev, double smoothing) {
    this(ref, cur, points, points, refStddev, smoothing);
  }

  /** Two histograms without an order, compared with the default pseudo-count. */
  public static BinnedPair of(long[] ref, long[] cur) {
    return new BinnedPair(ref, cur, null, Double.NaN, DriftMetrics.DEFAULT_SMOOTHING);
  }

  /**
   * Two numeric histograms on {@link NumericBins}, each side's bins placed at {@code points} (the
   * reference's bin means) except the two open outer bins, where a side with finite values there
   * is placed at its own mean. Values past the reference's range all land in an outer bin; at the
   * reference's point they would look unmoved to Wasserstein and energy distance (a constant
   * column going from 7 to 8 would give 0), at their own mean they count by how far they went.
   * The inner bins keep the reference's points, so those measures stay what they were there.
   */
  public static BinnedPair numeric(Histogram ref, Histogram cur, double[] points, double refStddev,
      double smoothing) {
    return new BinnedPair(ref.counts(), cur.counts(), withOuterMeans(points, ref), withOuterMeans(points, cur),
        refStddev, smoothing);
  }

  private static double[] withOuterMeans(double[] points, Histogram side) {
    double[] placed = points.clone();
    double[] means = side.binMeans();
    for (int bin : new int[] {0, placed.length - 1}) {
      if (!Double.isNaN(means[bin])) {
        placed[bin] = means[bin];
      }
    }
    return placed;
  }

  /** True when the bins lie on a line, so order-dependent measures are defined. */
  public boolean ordered() {
    return points != null;
  }
}
