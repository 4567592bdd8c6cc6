package dev.driftline.udfs.math;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Corrections for running many tests at once. A nightly run tests every column in every slice:
 * hundreds of tests, so at a 1% level several would fire on pure noise every night. Controlling
 * the false discovery rate keeps the share of false alerts among all alerts at that level.
 */
public final class MultipleTesting {

  private MultipleTesting() {}

  /**
   * Benjamini-Hochberg adjusted p-values (SciPy's {@code false_discovery_control(p, method="bh")}):
   * q_(i) = min over j >= i of m p_(j) / j, capped at 1, for the m p-values in ascending order.
   * NaN entries (comparisons that could not be made) are left out of the family and stay NaN.
   */
  public static double[] benjaminiHochberg(double[] pValues) {
    int[] order = IntStream.range(0, pValues.length).filter(i -> !Double.isNaN(pValues[i])).boxed()
        .sorted(Comparator.comparingDouble(i -> pValues[i])).mapToInt(Integer::intValue).toArray();
    double[] adjusted = new double[pValues.length];
    Arrays.fill(adjusted, Double.NaN);
    int m = order.length;
    double running = 1;
    for (int rank = m; rank >= 1; rank--) {
      int i = order[rank - 1];
      if (pValues[i] < 0 || pValues[i] > 1) {
        throw new IllegalArgumentException("p-value " + i + " is outside [0, 1]: " + pValues[i]);
      }
      running = Math.min(running, pValues[i] * m / rank);
      adjusted[i] = running;
    }
    return adjusted;
  }
}
