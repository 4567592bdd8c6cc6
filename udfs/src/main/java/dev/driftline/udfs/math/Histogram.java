package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A mergeable histogram of one column on fixed bins, with what the drift and data-quality tables
 * need besides the counts: per-bin sums of the finite values (so a bin is represented by its
 * mean), null, NaN and infinity counts, and the moments of the finite values.
 *
 * <p>Merging two histograms on the same bins gives the histogram of the union of their rows, in
 * any order and grouping, which is what lets Spark build them per partition and combine them.
 * Moments merge with Chan's pairwise update, so variance stays accurate on large counts.
 */
public final class Histogram implements Serializable {

  private static final long serialVersionUID = 1L;

  private final long[] counts;
  private final double[] sums;
  private long nulls;
  private long nans;
  private long negInfinities;
  private long posInfinities;
  private long finiteCount;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  public Histogram(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("a histogram needs at least one bin, got " + bins);
    }
    this.counts = new long[bins];
    this.sums = new double[bins];
  }

  /** A histogram restored from stored parts (for example a reference profile row). */
  public static Histogram of(long[] counts, double[] sums, long nulls, long nans, long negInfinities,
      long posInfinities, long finiteCount, double mean, double variance, double min, double max) {
    if (counts.length != sums.length) {
      throw new IllegalArgumentException(
          "counts have " + counts.length + " bins but sums have " + sums.length);
    }
    Histogram h = new Histogram(counts.length);
    System.arraycopy(counts, 0, h.counts, 0, counts.length);
    System.arraycopy(sums, 0, h.sums, 0, sums.length);
    h.nulls = nulls;
    h.nans = nans;
    h.negInfinities = negInfinities;
    h.posInfinities = posInfinities;
    h.finiteCount = finiteCount;
    if (finiteCount > 0) {
      h.mean = mean;
      h.m2 = variance * finiteCount;
      h.min = min;
      h.max = max;
    }
    return h;
  }

  /** Adds a numeric value (NaN and infinities included) whose bin the caller has found. */
  public void addNumeric(int bin, double value) {
    if (Double.isNaN(value)) {
      nans++;
      return;
    }
    counts[bin]++;
    if (value == Double.POSITIVE_INFINITY) {
      posInfinities++;
    } else if (value == Double.NEGATIVE_INFINITY) {
      negInfinities++;
    } else {
      sums[bin] += value;
      finiteCount++;
      double delta = value - mean;
      mean += delta / finiteCount;
      m2 += delta * (value - mean);
      if (value < min) {
        min = value;
      }
      if (value > max) {
        max = value;
      }
    }
  }

  /** Adds a value of a numeric column, binning it on {@code bins}; null counts apart. */
  public void add(NumericBins bins, Double value) {
    if (value == null) {
      nulls++;
    } else if (Double.isNaN(value)) {
      nans++;
    } else {
      addNumeric(bins.binOf(value), value);
    }
  }

  /**
   * Adds one row to a bin without a value, as categorical columns do. Their nulls have a bin of
   * their own ({@link CategoricalBins#nullBin()}), so {@link #nulls()} stays 0 for them.
   */
  public void addToBin(int bin) {
    counts[bin]++;
  }

  public void addNull() {
    nulls++;
  }

  /** Adds {@code other}'s rows to this histogram; both must be on the same bins. */
  public Histogram merge(Histogram other) {
    if (other.counts.length != counts.length) {
      throw new IllegalArgumentException(
          "cannot merge histograms with " + counts.length + " and " + other.counts.length + " bins");
    }
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
      sums[i] += other.sums[i];
    }
    nulls += other.nulls;
    nans += other.nans;
    negInfinities += other.negInfinities;
    posInfinities += other.posInfinities;
    if (other.finiteCount > 0) {
      long n = finiteCount + other.finiteCount;
      double delta = other.mean - mean;
      mean += delta * other.finiteCount / n;
      m2 += other.m2 + delta * delta * ((double) finiteCount * other.finiteCount / n);
      finiteCount = n;
      min = Math.min(min, other.min);
      max = Math.max(max, other.max);
    }
    return this;
  }

  public Histogram copy() {
    return new Histogram(counts.length).merge(this);
  }

  public int bins() {
    return counts.length;
  }

  public long[] counts() {
    return counts.clone();
  }

  public double[] sums() {
    return sums.clone();
  }

  /** Rows that landed in a bin (for numeric columns: non-null, non-NaN values). */
  public long binnedTotal() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /** Every row seen, binned or not. */
  public long rows() {
    return binnedTotal() + nulls + nans;
  }

  /** Mean of the finite values in each bin; NaN for a bin without finite values. */
  public double[] binMeans() {
    double[] means = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      long infinite = (i == 0 ? negInfinities : 0) + (i == counts.length - 1 ? posInfinities : 0);
      long finite = counts[i] - infinite;
      means[i] = finite > 0 ? sums[i] / finite : Double.NaN;
    }
    return means;
  }

  public long nulls() {
    return nulls;
  }

  public long nans() {
    return nans;
  }

  public long negInfinities() {
    return negInfinities;
  }

  public long posInfinities() {
    return posInfinities;
  }

  public long finiteCount() {
    return finiteCount;
  }

  /** Mean of the finite values; NaN when there are none. */
  public double mean() {
    return finiteCount == 0 ? Double.NaN : mean;
  }

  /** Population variance of the finite values; NaN when there are none. */
  public double variance() {
    return finiteCount == 0 ? Double.NaN : m2 / finiteCount;
  }

  public double stddev() {
    return Math.sqrt(variance());
  }

  public double min() {
    return finiteCount == 0 ? Double.NaN : min;
  }

  public double max() {
    return finiteCount == 0 ? Double.NaN : max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(counts, h.counts) && Arrays.equals(sums, h.sums)
        && nulls == h.nulls && nans == h.nans && negInfinities == h.negInfinities
        && posInfinities == h.posInfinities && finiteCount == h.finiteCount;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Long.hashCode(nulls);
  }

  @Override
  public String toString() {
    return "Histogram" + Arrays.toString(counts) + " nulls=" + nulls + " nans=" + nans;
  }
}
