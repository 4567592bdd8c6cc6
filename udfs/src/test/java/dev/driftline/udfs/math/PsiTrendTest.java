package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.junit.jupiter.api.Test;

/** The weighted trend of sqrt(PSI - expected PSI): its fit, its noise floor, its projection. */
class PsiTrendTest {

  private static final double[] DAYS = {-6, -5, -4, -3, -2, -1, 0};

  private static long[] constant(long v) {
    long[] a = new long[DAYS.length];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /** PSI values whose effect is {@code y} on a floor {@code e}. */
  private static double[] psiOf(double[] y, double e) {
    double[] psi = new double[y.length];
    for (int i = 0; i < y.length; i++) {
      psi[i] = y[i] * y[i] + e;
    }
    return psi;
  }

  @Test
  void theEffectIsTheDriftBeyondItsNoiseFloor() {
    assertEquals(0.3, PsiTrend.effect(0.09 + 0.002, 0.002), 1e-12);
    assertEquals(0, PsiTrend.effect(0.001, 0.002));
    assertEquals(1.0 / 30_000 + 1.0 / 420_000, PsiTrend.samplingVariance(420_000, 30_000), 1e-18);
  }

  @Test
  void onEqualWeightsWithScatterAboveSamplingNoiseItIsOrdinaryLeastSquares() {
    // 100 rows a side: sampling variance 0.02, far below the scatter of these effects.
    double[] y = {0.1, 0.6, 0.2, 0.9, 0.5, 1.1, 0.8};
    double e = 0.05;
    PsiTrend t = PsiTrend.fit(DAYS, psiOf(y, e), new double[] {e, e, e, e, e, e, e}, constant(100), constant(100));
    SimpleRegression ols = new SimpleRegression();
    for (int i = 0; i < y.length; i++) {
      ols.addData(DAYS[i], y[i]);
    }
    assertEquals(ols.getSlope(), t.slope(), 1e-12);
    assertEquals(ols.getIntercept(), t.level(), 1e-12);
    assertEquals(ols.getSlopeStdErr(), t.standardError(), 1e-12);
    assertEquals(ols.getMeanSquareError() / 0.02, t.dispersion(), 1e-9);
    assertEquals(1 - new TDistribution(5).cumulativeProbability(ols.getSlope() / ols.getSlopeStdErr()), t.pValue(),
        1e-12);
  }

  @Test
  void scatterBelowSamplingNoiseIsTakenAsSamplingNoise() {
    // An exact line: its residuals are 0, but a day's effect is never surer than 1/n + 1/m.
    double[] y = {0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22};
    PsiTrend t = PsiTrend.fit(DAYS, psiOf(y, 0), new double[7], constant(420_000), constant(30_000));
    double v = 1.0 / 30_000 + 1.0 / 420_000;
    assertEquals(0.02, t.slope(), 1e-12);
    assertEquals(0.22, t.level(), 1e-12);
    assertEquals(1, t.dispersion());
    assertEquals(Math.sqrt(v / 28), t.standardError(), 1e-15);
    assertEquals(7, t.points());
    assertTrue(t.pValue() < 1e-5, "t = 0.02 / 0.00113 = 17.7 on 5 degrees of freedom: " + t.pValue());
  }

  @Test
  void aDayWithFewRowsWeighsLess() {
    double[] y = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.4};
    double[] psi = psiOf(y, 0);
    long[] many = constant(30_000);
    long[] fewToday = constant(30_000);
    fewToday[6] = 300;
    PsiTrend heavy = PsiTrend.fit(DAYS, psi, new double[7], constant(420_000), many);
    PsiTrend light = PsiTrend.fit(DAYS, psi, new double[7], constant(420_000), fewToday);
    assertTrue(light.slope() < heavy.slope() / 5, light.slope() + " vs " + heavy.slope());
  }

  @Test
  void theLineIsProjectedOntoALevelOfPsi() {
    double[] y = {0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22};
    PsiTrend t = PsiTrend.fit(DAYS, psiOf(y, 0), new double[7], constant(420_000), constant(30_000));
    // sqrt(0.1 - 0.0036) = 0.31048; (0.31048 - 0.22) / 0.02 = 4.52 days.
    assertEquals((Math.sqrt(0.0964) - 0.22) / 0.02, t.daysToReach(0.1, 0.0036), 1e-9);
    assertEquals(0, t.daysToReach(0.04, 0));
    PsiTrend falling = PsiTrend.fit(DAYS, psiOf(new double[] {0.22, 0.20, 0.18, 0.16, 0.14, 0.12, 0.10}, 0),
        new double[7], constant(420_000), constant(30_000));
    assertEquals(Double.POSITIVE_INFINITY, falling.daysToReach(0.1, 0));
    assertTrue(falling.pValue() > 0.99);
  }

  @Test
  void badInputIsRefused() {
    long[] three = {1000, 1000, 1000};
    double[] zeros = new double[3];
    assertThrows(IllegalArgumentException.class,
        () -> PsiTrend.fit(new double[] {0, 1}, new double[2], new double[2], new long[] {1, 1}, new long[] {1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> PsiTrend.fit(new double[] {0, 0, 0}, zeros, zeros, three, three));
    assertThrows(IllegalArgumentException.class,
        () -> PsiTrend.fit(new double[] {0, 1, 2}, new double[] {0, Double.NaN, 0}, zeros, three, three));
    assertThrows(IllegalArgumentException.class,
        () -> PsiTrend.fit(new double[] {0, 1, 2}, zeros, zeros, three, new long[] {1000, 0, 1000}));
    assertThrows(IllegalArgumentException.class,
        () -> PsiTrend.fit(new double[] {0, 1, 2}, zeros, new double[2], three, three));
  }
}
