package dev.driftline.udfs.math;

/**
 * The noise floor of the expected calibration error: the ECE a perfectly calibrated model is
 * expected to show on a sample of this size and these scores, E[ECE | y_i ~ Bernoulli(p_i)].
 * ECE sums |labels - predictions| per bin, so on a finite sample it is positive even when every
 * probability is exact: about 0.03 on 500 labels, 0.1 on 40. Subtracting the floor from the
 * day's ECE and the reference's makes the two comparable whatever their sizes.
 *
 * <p>With S_b the labels and mu_b the summed probabilities of bin b, ECE = sum_b |S_b - mu_b| / n,
 * so the floor is sum_b E|S_b - mu_b| / n, where S_b is Poisson-binomial. E|S_b - mu_b| is exact
 * (the distribution by dynamic programming over the bin's rows) when the bin's smaller side
 * (expected positives or negatives) is small, and sqrt(2 V_b / pi) with V_b = sum p(1 - p) (the
 * normal approximation, within about 0.1% there) otherwise. Deterministic: no random draws.
 */
public final class CalibrationFloor {

  /** The largest count the exact distribution is carried to; beyond it the normal approximation. */
  static final int EXACT_LIMIT = 256;

  private CalibrationFloor() {}

  /** E[ECE] on {@code bins} equal-width bins of the sample's predictions (labels are ignored). */
  public static double expectedEce(LabelledSample sample, int bins) {
    int n = sample.size();
    if (n == 0) {
      return Double.NaN;
    }
    int[] counts = new int[bins];
    int[] bin = new int[n];
    for (int i = 0; i < n; i++) {
      bin[i] = Math.min((int) (sample.prediction(i) * bins), bins - 1);
      counts[bin[i]]++;
    }
    double[][] byBin = new double[bins][];
    int[] filled = new int[bins];
    for (int b = 0; b < bins; b++) {
      byBin[b] = new double[counts[b]];
    }
    for (int i = 0; i < n; i++) {
      byBin[bin[i]][filled[bin[i]]++] = sample.prediction(i);
    }
    double sum = 0;
    for (double[] p : byBin) {
      sum += expectedAbsoluteDeviation(p);
    }
    return sum / n;
  }

  /** E|S - mu| for S the number of successes of independent Bernoulli(p_i) trials, mu = sum p_i. */
  public static double expectedAbsoluteDeviation(double[] p) {
    double mu = 0;
    double variance = 0;
    for (double q : p) {
      mu += q;
      variance += q * (1 - q);
    }
    if (variance == 0) {
      return 0;
    }
    // Count whichever side (successes or failures) is expected to be rarer: |S - mu| is the same.
    boolean failures = mu > p.length / 2.0;
    double centre = failures ? p.length - mu : mu;
    double reach = Math.ceil(centre + 10 * Math.sqrt(variance) + 10);
    if (reach > EXACT_LIMIT) {
      return Math.sqrt(2 * variance / Math.PI);
    }
    int top = (int) Math.min(p.length, reach);
    // pmf[k] = P(count = k) over the rows so far; counts above top have negligible mass (> 10 sd).
    double[] pmf = new double[top + 1];
    pmf[0] = 1;
    int reached = 0;
    for (double q : p) {
      double success = failures ? 1 - q : q;
      reached = Math.min(reached + 1, top);
      for (int k = reached; k >= 1; k--) {
        pmf[k] = pmf[k] * (1 - success) + pmf[k - 1] * success;
      }
      pmf[0] *= 1 - success;
    }
    double expected = 0;
    for (int k = 0; k <= top; k++) {
      expected += pmf[k] * Math.abs(k - centre);
    }
    return expected;
  }
}
