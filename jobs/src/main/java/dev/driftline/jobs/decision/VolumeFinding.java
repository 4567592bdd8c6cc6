package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.ProfileLayout.Slice;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * How many rows one slice had on one day, next to the reference's daily average: a feed that
 * broke, lost a region or doubled shows here before it shows in any column.
 *
 * @param rows the slice's rows that day (0 when the slice is missing)
 * @param refRows the slice's rows in the whole reference window
 * @param refDays the days of the reference window
 * @param pAdjusted the p-value of {@link #pValue()} after the day's adjustment, NaN until set
 */
public record VolumeFinding(Slice slice, long rows, long refRows, long refDays, double pAdjusted) {

  /** The subject of volume rows and incidents, where other findings name a column. */
  public static final String SUBJECT = "__rows__";

  public VolumeFinding(Slice slice, long rows, long refRows, long refDays) {
    this(slice, rows, refRows, refDays, Double.NaN);
  }

  /** Rows the reference had per day on average. */
  public double expectedRows() {
    return refRows / (double) refDays;
  }

  /** The day's rows over the expected rows; NaN when the reference had none. */
  public double ratio() {
    return refRows == 0 ? Double.NaN : rows / expectedRows();
  }

  /**
   * How many times off the expected rows the day is, either way: 2 for half or for double, infinite
   * for no rows at all; NaN when the reference had none.
   */
  public double factor() {
    double r = ratio();
    return r == 0 ? Double.POSITIVE_INFINITY : Math.max(r, 1 / r);
  }

  /**
   * Two-sided p-value that the day's rows come at the reference's daily rate: given the rows of
   * both, the day's share is Binomial(rows + refRows, 1 / (refDays + 1)) when the rate is the same
   * (the exact test of two Poisson counts), its two-sided p-value twice the smaller tail. Day-to-day
   * volume varies more than Poisson, so this only keeps small slices quiet; the factor thresholds
   * decide the rest. NaN without reference rows.
   */
  public double pValue() {
    if (refRows == 0) {
      return Double.NaN;
    }
    long n = rows + refRows;
    double share = 1.0 / (refDays + 1);
    if (n <= Integer.MAX_VALUE) {
      // Each tail straight from the regularized beta function: constant time whatever the counts,
      // and no 1 - cdf cancellation, so tiny tails keep their digits.
      double lower = rows == n ? 1 : Beta.regularizedBeta(1 - share, n - rows, rows + 1.0);
      double upper = rows == 0 ? 1 : Beta.regularizedBeta(share, rows, n - rows + 1.0);
      return Math.min(1, 2 * Math.min(lower, upper));
    }
    // Past two billion rows the normal approximation is exact to any digit that matters.
    double z = (rows - n * share) / Math.sqrt(n * share * (1 - share));
    return 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
  }

  public VolumeFinding withPAdjusted(double p) {
    return new VolumeFinding(slice, rows, refRows, refDays, p);
  }
}
