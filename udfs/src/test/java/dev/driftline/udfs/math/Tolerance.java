package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** How close a computed value must be to an oracle's. */
final class Tolerance {

  static final double RELATIVE = 1e-9;
  /** Below this the expected value is zero up to rounding, so the error is judged absolutely. */
  static final double ABSOLUTE = 1e-12;
  /** p-values below this may underflow to 0 on either side. */
  static final double TINY_PVALUE = 1e-300;

  private Tolerance() {}

  static boolean close(double expected, double actual) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      return Double.compare(expected, actual) == 0;
    }
    double error = Math.abs(actual - expected);
    return Math.abs(expected) < ABSOLUTE ? error <= ABSOLUTE : error <= RELATIVE * Math.abs(expected);
  }

  static void assertClose(double expected, double actual, String what) {
    assertTrue(close(expected, actual), () -> what + ": expected " + expected + ", got " + actual
        + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
  }

  static void assertPValueClose(double expected, double actual, String what) {
    if (expected < TINY_PVALUE && actual >= 0 && actual < TINY_PVALUE) {
      return;
    }
    assertClose(expected, actual, what);
  }
}
