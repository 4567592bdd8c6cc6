package dev.driftline.udfs.math;

import java.util.ArrayList;
import java.util.List;

/**
 * How much of a column's global change each slice of one dimension explains. With the slices
 * partitioning the rows, the global shares are the slices' shares weighted by their row shares,
 * so the change of the global shares splits exactly:
 *
 * <pre>
 *   q - p = sum_s (w_s - v_s) p_s   +   sum_s w_s (q_s - p_s)
 *           (the mix of slices moved)   (the values inside slices moved)
 * </pre>
 *
 * where p_s, q_s are slice s's bin shares in the reference and today and v_s, w_s its share of
 * the rows. Each term's share of the change is its projection on q - p, divided by |q - p|^2: the
 * shares add up to 1 and a slice whose own distribution did not move explains nothing. A slice
 * absent from the reference is taken to look like the whole reference, so its arrival counts as
 * mix.
 */
public final class DriftAttribution {

  /** A slice value and the share of the global change it explains (may be negative: it moved against it). */
  public record Share(String slice, double share) {}

  /** The change inside each slice, largest share first, and the share of the change of slice mix. */
  public record Result(List<Share> withinSlices, double mix) {

    /** The slice that explains the largest share of the change, or null when there is none. */
    public Share top() {
      return withinSlices.isEmpty() ? null : withinSlices.get(0);
    }
  }

  private DriftAttribution() {}

  /**
   * @param slices the dimension's slice values
   * @param ref the reference counts of each slice, on the same bins
   * @param cur today's counts of each slice
   * @return NaN shares when the global distribution did not change at all; no shares and a NaN
   *     mix when either side has no rows
   */
  public static Result of(List<String> slices, List<long[]> ref, List<long[]> cur) {
    int bins = ref.get(0).length;
    long[] globalRef = new long[bins];
    long[] globalCur = new long[bins];
    for (int s = 0; s < slices.size(); s++) {
      for (int i = 0; i < bins; i++) {
        globalRef[i] += ref.get(s)[i];
        globalCur[i] += cur.get(s)[i];
      }
    }
    long m = DriftMetrics.total(globalRef);
    long n = DriftMetrics.total(globalCur);
    if (m == 0 || n == 0) {
      return new Result(List.of(), Double.NaN);
    }
    double[] p = DriftMetrics.rawShares(globalRef);
    double[] q = DriftMetrics.rawShares(globalCur);
    double[] delta = new double[bins];
    for (int i = 0; i < bins; i++) {
      delta[i] = q[i] - p[i];
    }
    double norm = dot(delta, delta);
    double[] mixTerm = new double[bins];
    List<Share> within = new ArrayList<>();
    for (int s = 0; s < slices.size(); s++) {
      long ms = DriftMetrics.total(ref.get(s));
      long ns = DriftMetrics.total(cur.get(s));
      double v = ms / (double) m;
      double w = ns / (double) n;
      double[] ps = ms == 0 ? p : DriftMetrics.rawShares(ref.get(s));
      double[] change = new double[bins];
      for (int i = 0; i < bins; i++) {
        double qs = ns == 0 ? ps[i] : cur.get(s)[i] / (double) ns;
        change[i] = w * (qs - ps[i]);
        mixTerm[i] += (w - v) * ps[i];
      }
      within.add(new Share(slices.get(s), dot(change, delta) / norm));
    }
    within.sort((a, b) -> Double.compare(b.share(), a.share()));
    return new Result(List.copyOf(within), dot(mixTerm, delta) / norm);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
