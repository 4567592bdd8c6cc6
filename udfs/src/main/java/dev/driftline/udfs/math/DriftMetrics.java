package dev.driftline.udfs.math;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.special.Gamma;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Distances and tests between a reference histogram {@code ref} (counts r_i, total m) and a
 * current one {@code cur} (counts c_i, total n) on the same bins. Natural logarithms throughout.
 *
 * <p>PSI and KL use smoothed shares p_i = (r_i + a)/(m + B a), q_i = (c_i + a)/(n + B a) with
 * pseudo-count {@code a} (0 gives the textbook formulas, and +Infinity when a bin is empty on one
 * side). Every other distance uses raw shares. When either side is empty there is nothing to
 * compare, and every function returns NaN rather than throwing; unequal lengths or negative
 * counts are caller errors and throw {@link IllegalArgumentException}.
 */
public final class DriftMetrics {

  public static final double DEFAULT_SMOOTHING = 0.5;
  /** Floor of the reference standard deviation when normalising Wasserstein distance. */
  public static final double MIN_STDDEV = 1e-3;

  private DriftMetrics() {}

  /** Population stability index on smoothed shares. */
  public static double psi(long[] ref, long[] cur, double smoothing) {
    double[] contributions = psiContributions(ref, cur, smoothing);
    return contributions == null ? Double.NaN : sum(contributions);
  }

  /** Each bin's term (q_i - p_i) ln(q_i / p_i) of the PSI, or null when a side is empty. */
  public static double[] psiContributions(long[] ref, long[] cur, double smoothing) {
    if (!comparable(ref, cur)) {
      return null;
    }
    double[] p = smoothedShares(ref, smoothing);
    double[] q = smoothedShares(cur, smoothing);
    double[] terms = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      terms[i] = p[i] == q[i] ? 0 : (q[i] - p[i]) * Math.log(q[i] / p[i]);
    }
    return terms;
  }

  /** KL(cur || ref) on smoothed shares. */
  public static double kl(long[] ref, long[] cur, double smoothing) {
    if (!comparable(ref, cur)) {
      return Double.NaN;
    }
    return relativeEntropy(smoothedShares(cur, smoothing), smoothedShares(ref, smoothing));
  }

  /** Jensen-Shannon divergence on raw shares, base e (at most ln 2). */
  public static double jsDivergence(long[] ref, long[] cur) {
    return onRawShares(ref, cur, DriftMetrics::jsDivergence);
  }

  private static double jsDivergence(double[] p, double[] q) {
    double[] m = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      m[i] = (p[i] + q[i]) / 2;
    }
    // Rounding can leave a hair below zero on identical inputs.
    return Math.max(0, (relativeEntropy(p, m) + relativeEntropy(q, m)) / 2);
  }

  /** Jensen-Shannon distance, the square root of the divergence (SciPy's jensenshannon). */
  public static double jsDistance(long[] ref, long[] cur) {
    return Math.sqrt(jsDivergence(ref, cur));
  }

  /** Hellinger distance on raw shares, in [0, 1]. */
  public static double hellinger(long[] ref, long[] cur) {
    return onRawShares(ref, cur, DriftMetrics::hellinger);
  }

  private static double hellinger(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      double d = Math.sqrt(p[i]) - Math.sqrt(q[i]);
      s += d * d;
    }
    return Math.sqrt(s / 2);
  }

  /** Total variation distance on raw shares, in [0, 1]. */
  public static double tv(long[] ref, long[] cur) {
    return onRawShares(ref, cur, DriftMetrics::tv);
  }

  private static double tv(double[] p, double[] q) {
    double s = 0;
    for (int i = 0; i < p.length; i++) {
      s += Math.abs(p[i] - q[i]);
    }
    return s / 2;
  }

  /** Largest absolute difference of raw shares. */
  public static double linf(long[] ref, long[] cur) {
    return onRawShares(ref, cur, DriftMetrics::linf);
  }

  private static double linf(double[] p, double[] q) {
    double max = 0;
    for (int i = 0; i < p.length; i++) {
      max = Math.max(max, Math.abs(p[i] - q[i]));
    }
    return max;
  }

  /**
   * Kolmogorov-Smirnov statistic on bins: the largest gap between the cumulative raw shares at
   * bin edges. Values inside one bin cannot be told apart, so it is at most the KS statistic of
   * the raw values (biased low).
   */
  public static double ksStatistic(long[] ref, long[] cur) {
    return onRawShares(ref, cur, DriftMetrics::ksStatistic);
  }

  private static double ksStatistic(double[] p, double[] q) {
    double cp = 0;
    double cq = 0;
    double max = 0;
    for (int i = 0; i < p.length; i++) {
      cp += p[i];
      cq += q[i];
      max = Math.max(max, Math.abs(cp - cq));
    }
    return Math.min(1, max);
  }

  /**
   * Wasserstein-1 distance between the two histograms with bin i placed at {@code points[i]}:
   * the area between the cumulative raw shares. Equals
   * {@code scipy.stats.wasserstein_distance(points, points, ref, cur)}; points need not be sorted.
   */
  public static double wasserstein(double[] points, long[] ref, long[] cur) {
    return wasserstein(points, points, ref, cur);
  }

  /**
   * Wasserstein-1 distance with each side's bin i placed at its own point: equals
   * {@code scipy.stats.wasserstein_distance(refPoints, curPoints, ref, cur)}.
   */
  public static double wasserstein(double[] refPoints, double[] curPoints, long[] ref, long[] cur) {
    return cdfGapIntegral(refPoints, curPoints, ref, cur, false);
  }

  /**
   * Energy distance between the two histograms with bin i placed at {@code points[i]}:
   * sqrt(2 * integral (P - Q)^2) over the cumulative raw shares P and Q. Equals
   * {@code scipy.stats.energy_distance(points, points, ref, cur)}; points need not be sorted.
   */
  public static double energyDistance(double[] points, long[] ref, long[] cur) {
    return energyDistance(points, points, ref, cur);
  }

  /**
   * Energy distance with each side's bin i placed at its own point: equals
   * {@code scipy.stats.energy_distance(refPoints, curPoints, ref, cur)}.
   */
  public static double energyDistance(double[] refPoints, double[] curPoints, long[] ref, long[] cur) {
    return Math.sqrt(2 * cdfGapIntegral(refPoints, curPoints, ref, cur, true));
  }

  /** The integral of |P - Q| (or of (P - Q)^2) between the step CDFs of the placed bins. */
  private static double cdfGapIntegral(double[] refPoints, double[] curPoints, long[] ref, long[] cur,
      boolean squared) {
    checkSameLength(ref, cur);
    checkPoints(refPoints, ref.length);
    checkPoints(curPoints, ref.length);
    if (!comparable(ref, cur)) {
      return Double.NaN;
    }
    int bins = ref.length;
    // Atom i < bins is the reference's bin i, atom bins + i the current's. The sort is stable, so
    // when both sides share their points every cumulative share is summed in the same order as
    // with one atom per bin, and the extra steps have width 0: the result is bit-identical.
    double[] at = new double[2 * bins];
    System.arraycopy(refPoints, 0, at, 0, bins);
    System.arraycopy(curPoints, 0, at, bins, bins);
    int[] order = IntStream.range(0, at.length).boxed()
        .sorted(Comparator.comparingDouble(i -> at[i])).mapToInt(Integer::intValue).toArray();
    double[] p = rawShares(ref);
    double[] q = rawShares(cur);
    double cp = 0;
    double cq = 0;
    double integral = 0;
    for (int k = 0; k + 1 < order.length; k++) {
      int atom = order[k];
      if (atom < bins) {
        cp += p[atom];
      } else {
        cq += q[atom - bins];
      }
      double gap = Math.abs(cp - cq);
      integral += (squared ? gap * gap : gap) * (at[order[k + 1]] - at[atom]);
    }
    return integral;
  }

  private static void checkPoints(double[] points, int bins) {
    if (points.length != bins) {
      throw new IllegalArgumentException(
          "points have " + points.length + " entries but the histograms have " + bins + " bins");
    }
    for (int i = 0; i < points.length; i++) {
      if (!Double.isFinite(points[i])) {
        throw new IllegalArgumentException("point " + i + " is not finite: " + points[i]);
      }
    }
  }

  /** Wasserstein-1 divided by the reference's population standard deviation (floored at 1e-3). */
  public static double normalizedWasserstein(double[] points, long[] ref, long[] cur, double refStddev) {
    return normalizedWasserstein(points, points, ref, cur, refStddev);
  }

  /** Wasserstein-1 with each side at its own points, divided as above. */
  public static double normalizedWasserstein(double[] refPoints, double[] curPoints, long[] ref, long[] cur,
      double refStddev) {
    double w = wasserstein(refPoints, curPoints, ref, cur);
    double scale = Double.isFinite(refStddev) ? Math.max(refStddev, MIN_STDDEV) : MIN_STDDEV;
    return w / scale;
  }

  /** Pearson chi-square statistic of the 2 x B' homogeneity table (bins empty in both dropped). */
  public static double chiSquareStatistic(long[] ref, long[] cur) {
    long[][] table = nonEmptyBins(ref, cur);
    if (table == null) {
      return Double.NaN;
    }
    return table[0].length < 2 ? 0 : new ChiSquareTest().chiSquareDataSetsComparison(table[0], table[1]);
  }

  /** p-value of the chi-square homogeneity test, df = B' - 1; 1 when B' is 1. */
  public static double chiSquarePValue(long[] ref, long[] cur) {
    long[][] table = nonEmptyBins(ref, cur);
    if (table == null) {
      return Double.NaN;
    }
    return table[0].length < 2 ? 1
        : chiSquareUpperTail(new ChiSquareTest().chiSquareDataSetsComparison(table[0], table[1]), table[0].length - 1);
  }

  /** G (log-likelihood ratio) statistic of the 2 x B' homogeneity table. */
  public static double gStatistic(long[] ref, long[] cur) {
    long[][] table = nonEmptyBins(ref, cur);
    if (table == null) {
      return Double.NaN;
    }
    return table[0].length < 2 ? 0 : gStatisticOf(table);
  }

  /** p-value of the G homogeneity test, df = B' - 1; 1 when B' is 1. */
  public static double gPValue(long[] ref, long[] cur) {
    long[][] table = nonEmptyBins(ref, cur);
    if (table == null) {
      return Double.NaN;
    }
    return table[0].length < 2 ? 1
        : chiSquareUpperTail(gStatisticOf(table), table[0].length - 1);
  }

  /**
   * p-value of the PSI under no drift, where PSI / (1/n + 1/m) is approximately chi-square with
   * B' - 1 degrees of freedom (B' = bins non-empty in either histogram).
   */
  public static double psiPValue(long[] ref, long[] cur, double smoothing) {
    double psi = psi(ref, cur, smoothing);
    if (Double.isNaN(psi)) {
      return Double.NaN;
    }
    int df = nonEmptyBinCount(ref, cur) - 1;
    if (df < 1 || psi <= 0) {
      return 1;
    }
    if (Double.isInfinite(psi)) {
      return 0;
    }
    return chiSquareUpperTail(psi / (1.0 / total(ref) + 1.0 / total(cur)), df);
  }

  /**
   * P(X >= x) for X ~ chi2(df), through the regularized upper incomplete gamma function, which
   * keeps small p-values accurate where 1 - CDF would round them to 0.
   */
  public static double chiSquareUpperTail(double x, int df) {
    if (x <= 0) {
      return 1;
    }
    if (Double.isInfinite(x)) {
      return 0;
    }
    return Gamma.regularizedGammaQ(df / 2.0, x / 2.0);
  }

  /** Expected PSI under no drift, (B' - 1)(1/n + 1/m): the noise floor a slice of this size has. */
  public static double expectedPsi(long[] ref, long[] cur) {
    if (!comparable(ref, cur)) {
      return Double.NaN;
    }
    return Math.max(0, nonEmptyBinCount(ref, cur) - 1) * (1.0 / total(ref) + 1.0 / total(cur));
  }

  /** Shares (c_i + a) / (n + B a). */
  public static double[] smoothedShares(long[] counts, double smoothing) {
    if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
      throw new IllegalArgumentException("smoothing must be a finite number >= 0, got " + smoothing);
    }
    double denominator = total(counts) + counts.length * smoothing;
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = (counts[i] + smoothing) / denominator;
    }
    return shares;
  }

  public static double[] rawShares(long[] counts) {
    return smoothedShares(counts, 0);
  }

  public static long total(long[] counts) {
    long total = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("counts must be non-negative, got " + c);
      }
      total += c;
    }
    return total;
  }

  /** Number of bins whose pooled count is non-zero. */
  public static int nonEmptyBinCount(long[] ref, long[] cur) {
    checkSameLength(ref, cur);
    int k = 0;
    for (int i = 0; i < ref.length; i++) {
      if (ref[i] + cur[i] > 0) {
        k++;
      }
    }
    return k;
  }

  /** A function of the raw shares p (reference) and q (current) of two histograms. */
  private interface SharesFunction {
    double apply(double[] p, double[] q);
  }

  /** {@code f} on the raw shares; NaN when either side is empty. */
  private static double onRawShares(long[] ref, long[] cur, SharesFunction f) {
    return comparable(ref, cur) ? f.apply(rawShares(ref), rawShares(cur)) : Double.NaN;
  }

  /** Sum of x_i ln(x_i / y_i) with 0 ln 0 = 0. */
  private static double relativeEntropy(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] > 0) {
        s += y[i] == 0 ? Double.POSITIVE_INFINITY : x[i] * Math.log(x[i] / y[i]);
      }
    }
    return s;
  }

  /**
   * G = 2 sum o ln(o/e) over the cells of a table with no empty column. Commons Math's GTest
   * takes it as a difference of entropies, which on large, nearly equal histograms cancels down
   * to a few 1e-9 relative error (and can go negative). Here each cell contributes
   * o ln(o/e) - (o - e) = e f(u), with u = (o - e)/e and f(u) = (1 + u) ln(1 + u) - u >= 0; the
   * extra terms sum to zero, so no cancellation is left between cells.
   */
  private static double gStatisticOf(long[][] table) {
    double[] rowTotals = {total(table[0]), total(table[1])};
    double grandTotal = rowTotals[0] + rowTotals[1];
    double sum = 0;
    for (int j = 0; j < table[0].length; j++) {
      double columnTotal = table[0][j] + table[1][j];
      for (int i = 0; i < 2; i++) {
        double observed = table[i][j];
        double rowTimesColumn = rowTotals[i] * columnTotal;
        // o - e = (o N - r c) / N, taken without rounding the products apart.
        double excess = productDifference(observed, grandTotal, rowTotals[i], columnTotal) / grandTotal;
        double expected = rowTimesColumn / grandTotal;
        sum += observed == 0 ? expected : expected * excessEntropy(excess / expected);
      }
    }
    return 2 * sum;
  }

  /** a b - c d with about one rounding (Kahan's fma trick), so near-equal products keep their difference. */
  private static double productDifference(double a, double b, double c, double d) {
    double cd = c * d;
    double cdError = Math.fma(c, d, -cd);
    return Math.fma(a, b, -cd) - cdError;
  }

  /** f(u) = (1 + u) ln(1 + u) - u for u > -1; by its series where the closed form would cancel. */
  private static double excessEntropy(double u) {
    if (Math.abs(u) >= 0.25) {
      return (1 + u) * Math.log1p(u) - u;
    }
    // f(u) = sum_{k>=2} (-u)^k / (k (k - 1)); |u| < 1/4 makes 30 terms far more than enough.
    double power = u * u;
    double f = 0;
    for (int k = 2; k < 32; k++) {
      double term = power / (k * (k - 1.0));
      f += term;
      if (Math.abs(term) <= 1e-17 * Math.abs(f)) {
        break;
      }
      power *= -u;
    }
    return f;
  }

  /** The 2 x B' table without bins empty in both, or null when either side is empty. */
  private static long[][] nonEmptyBins(long[] ref, long[] cur) {
    if (!comparable(ref, cur)) {
      return null;
    }
    int k = nonEmptyBinCount(ref, cur);
    long[][] table = new long[2][k];
    int j = 0;
    for (int i = 0; i < ref.length; i++) {
      if (ref[i] + cur[i] > 0) {
        table[0][j] = ref[i];
        table[1][j] = cur[i];
        j++;
      }
    }
    return table;
  }

  /** True when both histograms have rows; throws when they cannot be compared at all. */
  private static boolean comparable(long[] ref, long[] cur) {
    checkSameLength(ref, cur);
    // Both totals first: a negative count must throw even when the other side is empty.
    long m = total(ref);
    long n = total(cur);
    return m > 0 && n > 0;
  }

  private static void checkSameLength(long[] ref, long[] cur) {
    if (ref == null || cur == null) {
      throw new IllegalArgumentException("histograms must not be null");
    }
    if (ref.length != cur.length) {
      throw new IllegalArgumentException(
          "histograms differ in length: reference has " + ref.length + " bins, current has " + cur.length);
    }
    if (ref.length == 0) {
      throw new IllegalArgumentException("histograms must have at least one bin");
    }
  }

  private static double sum(double[] xs) {
    return Arrays.stream(xs).sum();
  }
}
