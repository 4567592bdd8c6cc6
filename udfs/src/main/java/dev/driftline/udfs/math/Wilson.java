package dev.driftline.udfs.math;

/**
 * The Wilson score interval of a proportion: with p = successes / trials and z the normal quantile,
 * centre (p + z^2/2n) / (1 + z^2/n), half-width z / (1 + z^2/n) sqrt(p(1-p)/n + z^2/4n^2). Unlike
 * p +/- z sqrt(p(1-p)/n) it stays inside [0, 1] and does not collapse to a point at p = 0 or 1.
 */
public final class Wilson {

  /** The two-sided 95% normal quantile. */
  public static final double Z95 = 1.959963984540054;

  private Wilson() {}

  public static Interval interval(long successes, long trials, double z) {
    if (trials <= 0 || successes < 0 || successes > trials) {
      throw new IllegalArgumentException("Wilson interval needs 0 <= successes <= trials and trials > 0, got "
          + successes + " of " + trials);
    }
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
  }

  /** A closed interval. */
  public record Interval(double lower, double upper) {}
}
