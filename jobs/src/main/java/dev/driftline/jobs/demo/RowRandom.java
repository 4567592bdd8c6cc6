package dev.driftline.jobs.demo;

/**
 * Counter-based pseudo-randomness: every draw is the SplitMix64 finaliser of (seed, row id,
 * stream), so a row's values depend on nothing but its id. That is what keeps the demo log the
 * same however Spark partitions or orders the rows (unlike {@code rand(seed)}, which is seeded per
 * partition). Each column draws from its own stream, so changing how one column is drawn leaves
 * every other column of the row as it was.
 */
final class RowRandom {

  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long STREAM_GAMMA = 0xD1B54A32D192ED03L;
  private static final double TWO_TO_MINUS_53 = 0x1.0p-53;

  private final long rowKey;

  RowRandom(long seed, long rowId) {
    this.rowKey = mix64(mix64(seed) + rowId * GOLDEN_GAMMA);
  }

  /** The SplitMix64 output function; a bijection on 64-bit values. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long bits(int stream) {
    return mix64(rowKey + stream * STREAM_GAMMA);
  }

  /** Uniform on the open interval (0, 1), so logarithms of it and of 1 - u are finite. */
  double uniform(int stream) {
    return ((bits(stream) >>> 11) + 0.5) * TWO_TO_MINUS_53;
  }

  /** Standard normal by Box-Muller from this stream and the next one. */
  double normal(int stream) {
    return Math.sqrt(-2 * Math.log(uniform(stream))) * Math.cos(2 * Math.PI * uniform(stream + 1));
  }

  /** Index drawn with the given cumulative probabilities (the last entry is 1). */
  int pick(int stream, double[] cumulative) {
    double u = uniform(stream);
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (u < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  /** Poisson by inversion; fine for the small means the demo uses. */
  int poisson(int stream, double mean) {
    double u = uniform(stream);
    double p = Math.exp(-mean);
    double cdf = p;
    int k = 0;
    while (u > cdf && p > 0) {
      k++;
      p *= mean / k;
      cdf += p;
    }
    return k;
  }
}
