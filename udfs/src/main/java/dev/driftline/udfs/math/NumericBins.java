package dev.driftline.udfs.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bins of a numeric column: {@code k} strictly increasing finite cut points make {@code k + 1}
 * bins, {@code (-inf, c0)}, {@code [c0, c1)}, ..., {@code [c(k-1), +inf)}. The outer bins are
 * open-ended, so values never seen in the reference (and +/-Infinity) still land in a bin. Null
 * and NaN are not binned; histograms count them apart.
 */
public record NumericBins(double[] cuts) implements ColumnBins {

  public static final int DEFAULT_BINS = 10;

  public NumericBins {
    cuts = cuts.clone();
    for (int i = 0; i < cuts.length; i++) {
      if (!Double.isFinite(cuts[i])) {
        throw new IllegalArgumentException("cut point " + i + " is not finite: " + cuts[i]);
      }
      if (i > 0 && !(cuts[i] > cuts[i - 1])) {
        throw new IllegalArgumentException("cut points must be strictly increasing: " + Arrays.toString(cuts));
      }
    }
  }

  /**
   * Bins from candidate cut points such as the reference's deciles: non-finite candidates are
   * dropped and duplicates collapsed, so a constant or low-cardinality column gets fewer bins
   * instead of an error (a constant column gets one cut point, hence two bins).
   */
  public static NumericBins fromCandidates(double[] candidates) {
    // -0.0 and 0.0 are one cut, but distinct() on boxed doubles would keep both.
    double[] finite = Arrays.stream(candidates).filter(Double::isFinite).map(c -> c == 0 ? 0.0 : c)
        .sorted().distinct().toArray();
    return new NumericBins(finite);
  }

  /**
   * Bins at the interior quantiles {@code j / bins}, {@code j = 1..bins-1}, of a reference sample
   * (linear interpolation, NumPy's default). Non-finite values are ignored; an empty sample gives
   * a single bin.
   */
  public static NumericBins fromSample(double[] sample, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be at least 1, got " + bins);
    }
    double[] sorted = Arrays.stream(sample).filter(Double::isFinite).sorted().toArray();
    if (sorted.length == 0) {
      return new NumericBins(new double[0]);
    }
    double[] candidates = new double[bins - 1];
    for (int j = 1; j < bins; j++) {
      candidates[j - 1] = quantileOfSorted(sorted, (double) j / bins);
    }
    return fromCandidates(candidates);
  }

  /** The probabilities whose quantiles make the default cut points for {@code bins} bins. */
  public static double[] quantileProbabilities(int bins) {
    double[] p = new double[Math.max(0, bins - 1)];
    for (int j = 1; j < bins; j++) {
      p[j - 1] = (double) j / bins;
    }
    return p;
  }

  static double quantileOfSorted(double[] sorted, double prob) {
    double pos = prob * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** A copy: the bins are shared by every later day, so callers must not be able to move a cut. */
  @Override
  public double[] cuts() {
    return cuts.clone();
  }

  @Override
  public int size() {
    return cuts.length + 1;
  }

  /** Bin of a non-NaN value: the number of cut points at or below it. */
  public int binOf(double value) {
    int lo = 0;
    int hi = cuts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cuts[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** A point per bin for when no reference mean is known: the midpoint, or the cut itself outside. */
  public double[] fallbackPoints() {
    double[] points = new double[size()];
    if (cuts.length == 0) {
      return points;
    }
    points[0] = cuts[0];
    for (int i = 1; i < cuts.length; i++) {
      points[i] = (cuts[i - 1] + cuts[i]) / 2;
    }
    points[cuts.length] = cuts[cuts.length - 1];
    return points;
  }

  @Override
  public List<String> labels() {
    List<String> labels = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      String lo = i == 0 ? "-inf" : fmt(cuts[i - 1]);
      String hi = i == cuts.length ? "+inf" : fmt(cuts[i]);
      labels.add("[" + lo + ", " + hi + ")");
    }
    return labels;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format("%.6g", v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NumericBins other && Arrays.equals(cuts, other.cuts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(cuts);
  }

  @Override
  public String toString() {
    return "NumericBins" + Arrays.toString(cuts);
  }
}
