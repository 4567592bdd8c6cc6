package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Latency quantiles of one slice and day, mergeable across partitions. Up to {@link #EXACT_LIMIT}
 * values are kept and quantiles are exact; past that the values go into logarithmic buckets
 * (bucket i holds (g^(i-1), g^i] with g = (1 + a) / (1 - a)) and a quantile is reported as its
 * bucket's point 2 g^i / (g + 1), within a relative error of {@link #RELATIVE_ACCURACY} (a = 1%)
 * of the exact nearest-rank quantile. Values at or below zero share one bucket reported as 0. The
 * maximum is always exact. Both forms give the same result however the values were partitioned.
 *
 * <p>Quantiles use the nearest-rank definition: the smallest value x with at least ceil(q n)
 * values at or below x.
 */
public final class LatencySketch implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final int EXACT_LIMIT = 4096;
  public static final double RELATIVE_ACCURACY = 0.01;
  private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
  private static final double LOG_GAMMA = Math.log(GAMMA);

  private double[] exact = new double[16];
  private long count;
  private double max = Double.NEGATIVE_INFINITY;
  /** Bucket index -> count once the exact buffer overflowed; null before. */
  private TreeMap<Integer, Long> buckets;
  private long nonPositive;

  /** Adds a value; NaN is ignored. */
  public void add(double value) {
    if (Double.isNaN(value)) {
      return;
    }
    count++;
    max = Math.max(max, value);
    if (buckets != null) {
      bucket(value, 1);
      return;
    }
    int i = (int) (count - 1);
    if (i == exact.length) {
      exact = Arrays.copyOf(exact, exact.length * 2);
    }
    exact[i] = value;
    if (count > EXACT_LIMIT) {
      toBuckets();
    }
  }

  public LatencySketch merge(LatencySketch other) {
    if (other.count == 0) {
      return this;
    }
    max = Math.max(max, other.max);
    if (buckets == null && other.buckets == null && count + other.count <= EXACT_LIMIT) {
      exact = Arrays.copyOf(exact, (int) Math.max(exact.length, count + other.count));
      System.arraycopy(other.exact, 0, exact, (int) count, (int) other.count);
      count += other.count;
      return this;
    }
    toBuckets();
    count += other.count;
    if (other.buckets == null) {
      for (int i = 0; i < other.count; i++) {
        bucket(other.exact[i], 1);
      }
    } else {
      nonPositive += other.nonPositive;
      other.buckets.forEach((index, c) -> buckets.merge(index, c, Long::sum));
    }
    return this;
  }

  public long count() {
    return count;
  }

  /** True while every value is kept, so quantiles are exact. */
  public boolean isExact() {
    return buckets == null;
  }

  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** The nearest-rank q-quantile (0 < q <= 1), NaN when empty. */
  public double quantile(double q) {
    if (!(q > 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
    }
    if (count == 0) {
      return Double.NaN;
    }
    long rank = (long) Math.ceil(q * count);
    if (buckets == null) {
      double[] sorted = Arrays.copyOf(exact, (int) count);
      Arrays.sort(sorted);
      return sorted[(int) rank - 1];
    }
    long seen = nonPositive;
    if (seen >= rank) {
      return 0;
    }
    for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return Math.min(max, 2 * Math.pow(GAMMA, e.getKey()) / (GAMMA + 1));
      }
    }
    return max;
  }

  private void toBuckets() {
    if (buckets != null) {
      return;
    }
    buckets = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      bucket(exact[i], 1);
    }
    exact = new double[0];
  }

  private void bucket(double value, long n) {
    if (value <= 0) {
      nonPositive += n;
      return;
    }
    buckets.merge((int) Math.ceil(Math.log(value) / LOG_GAMMA), n, Long::sum);
  }
}
