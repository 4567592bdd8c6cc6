package dev.driftline.udfs.math;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A straight-line trend in the size of a drift over days: whether the PSI between a day and the
 * reference is growing, how sure that is, and when it will reach a level.
 *
 * <p>What is fitted is the effect {@code y = sqrt(max(PSI - expected_psi, 0))}. PSI grows with the
 * square of a small shift (PSI is about the chi-square divergence), so a mean that moves by the
 * same amount every day makes {@code y} grow linearly; subtracting the noise floor
 * {@code expected_psi = (B'-1)(1/n+1/m)} removes the part of PSI that sampling alone gives, which
 * differs between days of different volume.
 *
 * <p>Sampling noise of {@code y}: PSI/(1/n+1/m) is about noncentral chi-square with B'-1 degrees of
 * freedom and noncentrality λ = PSI_true/(1/n+1/m), whose variance is 2(B'-1+2λ). By the delta
 * method {@code y} then has variance (1/n+1/m)(1 + (B'-1)/(2λ)): 1/n+1/m for any clear effect, and
 * more near the noise floor (up to about 1.8 times, by simulation at B' = 10). So
 * {@code v = 1/n + 1/m} is a lower bound on each day's sampling variance at every effect size.
 *
 * <p>The fit is weighted least squares with weights 1/v, so a day with few rows counts less. The
 * slope's standard error uses the dispersion φ = max(1, Σ w r² / (N - 2)) of the weighted residuals
 * r: the day-to-day scatter when it exceeds sampling noise (seasonality, real variation), and never
 * less than sampling noise, so a series that happens to lie close to a line is not taken for
 * certain. The one-sided p-value of a positive slope is Student's t with N - 2 degrees of freedom
 * (conservative when the floor holds).
 *
 * @param points the days fitted
 * @param slope the effect's growth per day
 * @param level the fitted effect on day 0 (callers put today at 0 and earlier days below it)
 * @param standardError the slope's standard error, sqrt(φ / Σ w (x - x̄)²)
 * @param dispersion φ, at least 1: the residual scatter as a multiple of sampling noise
 * @param pValue P(T ≥ slope / standardError) for T ~ t(N - 2): small when the effect grows
 */
public record PsiTrend(int points, double slope, double level, double standardError, double dispersion,
    double pValue) {

  /** The effect of one day, sqrt(max(psi - expectedPsi, 0)): the drift beyond its noise floor, in the scale of the shift. */
  public static double effect(double psi, double expectedPsi) {
    return Math.sqrt(Math.max(psi - expectedPsi, 0));
  }

  /** The lower bound of the sampling variance of a day's effect, 1/nCur + 1/nRef. */
  public static double samplingVariance(long nRef, long nCur) {
    return 1.0 / nCur + 1.0 / nRef;
  }

  /**
   * Fits the trend over days {@code day[i]} (today 0, yesterday -1, ...), each with its PSI, noise
   * floor and the rows on either side.
   *
   * @throws IllegalArgumentException with fewer than 3 points, on arrays of different lengths, on
   *     repeated days, or on a value that is not finite or a side without rows
   */
  public static PsiTrend fit(double[] day, double[] psi, double[] expectedPsi, long[] nRef, long[] nCur) {
    int n = day.length;
    if (psi.length != n || expectedPsi.length != n || nRef.length != n || nCur.length != n) {
      throw new IllegalArgumentException("a trend needs one psi, expected_psi, n_ref and n_cur per day");
    }
    if (n < 3) {
      throw new IllegalArgumentException("a trend needs at least 3 days, got " + n);
    }
    double[] y = new double[n];
    double[] w = new double[n];
    double sw = 0;
    double swx = 0;
    double swy = 0;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(day[i]) || !Double.isFinite(psi[i]) || !Double.isFinite(expectedPsi[i])) {
        throw new IllegalArgumentException("day " + day[i] + " has no finite psi and expected_psi");
      }
      if (nRef[i] <= 0 || nCur[i] <= 0) {
        throw new IllegalArgumentException("day " + day[i] + " has a side without rows");
      }
      y[i] = effect(psi[i], expectedPsi[i]);
      w[i] = 1 / samplingVariance(nRef[i], nCur[i]);
      sw += w[i];
      swx += w[i] * day[i];
      swy += w[i] * y[i];
    }
    double xMean = swx / sw;
    double yMean = swy / sw;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += w[i] * (day[i] - xMean) * (day[i] - xMean);
      sxy += w[i] * (day[i] - xMean) * (y[i] - yMean);
    }
    if (!(sxx > 0)) {
      throw new IllegalArgumentException("a trend needs distinct days");
    }
    double slope = sxy / sxx;
    double level = yMean - slope * xMean;
    double rss = 0;
    for (int i = 0; i < n; i++) {
      double r = y[i] - level - slope * day[i];
      rss += w[i] * r * r;
    }
    double dispersion = Math.max(1, rss / (n - 2));
    double se = Math.sqrt(dispersion / sxx);
    double p = new TDistribution(null, n - 2).cumulativeProbability(-slope / se);
    return new PsiTrend(n, slope, level, se, dispersion, p);
  }

  /**
   * Days after day 0 until the fitted line reaches the effect of a PSI level on a day with the
   * given noise floor (PSI reaches {@code psi} when the effect reaches
   * {@code effect(psi, expectedPsi)}): 0 when the line is there already, +Infinity when it does
   * not rise.
   */
  public double daysToReach(double psi, double expectedPsi) {
    double target = effect(psi, expectedPsi);
    if (level >= target) {
      return 0;
    }
    return slope > 0 ? (target - level) / slope : Double.POSITIVE_INFINITY;
  }
}
