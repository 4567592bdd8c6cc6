package dev.driftline.udfs.math;

/**
 * Poisson(1) bootstrap weights derived from each row's key (a hash of its request id), a seed and
 * the replicate number. A row's weight in replicate k is the same whichever partition, run or
 * slice reads it, so intervals do not depend on partitioning and reruns are identical; and since
 * the weights are a function of the key they need not be stored.
 */
public final class PoissonBootstrap {

  public static final int DEFAULT_REPLICATES = 100;
  public static final long DEFAULT_SEED = 20_261_101L;

  private static final long OUTCOME_STREAM = 0x6F7574636F6D65L;
  /** P(X <= j) for X ~ Poisson(1); beyond the table the tail is below 1e-16. */
  private static final double[] CDF = poissonOneCdf(20);
  /**
   * CDF[j] in units of 2^-53, rounded up: for a uniform u = m 2^-53, u >= CDF[j] exactly when
   * m >= CDF_UNITS[j] (the scaling by a power of two is exact).
   */
  private static final long[] CDF_UNITS = java.util.Arrays.stream(CDF).mapToLong(c -> (long) Math.ceil(c * 0x1.0p53))
      .toArray();

  private PoissonBootstrap() {}

  /** The weight of the row with {@code key} in replicate {@code replicate}. */
  public static int weight(long seed, long key, int replicate) {
    return weight(key, salt(seed, replicate));
  }

  private static long salt(long seed, int replicate) {
    return mix64(seed + 0x9E3779B97F4A7C15L * (replicate + 1L));
  }

  /**
   * The least j with u < P(X <= j), u the row's uniform: the number of CDF values u has reached.
   * The first three comparisons are summed without branches (their outcomes are random, so a
   * branch would be mispredicted about once a row); the rest are reached by about 2% of rows.
   */
  private static int weight(long key, long salt) {
    return poisson(mantissa(key, salt));
  }

  /** The Poisson(1) draw of the uniform {@code mantissa} 2^-53. */
  static int poisson(long mantissa) {
    int j = (mantissa >= CDF_UNITS[0] ? 1 : 0) + (mantissa >= CDF_UNITS[1] ? 1 : 0)
        + (mantissa >= CDF_UNITS[2] ? 1 : 0);
    while (j >= 3 && j < CDF_UNITS.length - 1 && mantissa >= CDF_UNITS[j]) {
      j++;
    }
    return j;
  }

  /** The weights of a sample's rows (in its current order) in one replicate. */
  public static double[] weights(LabelledSample sample, long seed, int replicate) {
    double[] w = new double[sample.size()];
    long salt = salt(seed, replicate);
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(sample.key(i), salt);
    }
    return w;
  }

  /**
   * Draws each row's outcome in one replicate: 1 when the row's uniform in [0, 1) falls below
   * its probability, from a stream independent of the weights. What {@link ExpectedPerformance}
   * draws outcomes from; written into {@code outcomes} because it runs once per replicate.
   */
  public static void drawOutcomes(LabelledSample sample, long seed, int replicate, double[] probability,
      double[] outcomes) {
    long salt = salt(mix64(seed ^ OUTCOME_STREAM), replicate);
    for (int i = 0; i < outcomes.length; i++) {
      outcomes[i] = uniform(sample.key(i), salt) < probability[i] ? 1 : 0;
    }
  }

  private static double uniform(long key, long salt) {
    return mantissa(key, salt) * 0x1.0p-53;
  }

  /** The row's uniform in units of 2^-53: an integer in [0, 2^53). */
  private static long mantissa(long key, long salt) {
    return mix64(key ^ salt) >>> 11;
  }

  /** SplitMix64's finaliser: a bijection on 64-bit values that mixes every bit into every other. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double[] poissonOneCdf(int size) {
    double[] cdf = new double[size];
    double term = Math.exp(-1);
    double sum = 0;
    for (int j = 0; j < size; j++) {
      sum += term;
      cdf[j] = sum;
      term /= j + 1;
    }
    cdf[size - 1] = 1;
    return cdf;
  }
}
