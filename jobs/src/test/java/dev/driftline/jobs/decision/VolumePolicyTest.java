package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** Volume severity: a factor off the reference's daily rows that the exact Poisson test also finds significant. */
class VolumePolicyTest {

  private static final Slice STATE = new Slice("state", "TX");
  private static final VolumePolicy POLICY = new VolumePolicy(VolumePolicy.DEFAULT_LEVELS, 0.01, 200);

  /** The finding with its p-value as its own adjusted p-value (a family of one). */
  private static VolumeFinding tested(long rows, long refRows, long refDays) {
    VolumeFinding f = new VolumeFinding(STATE, rows, refRows, refDays);
    return f.withPAdjusted(f.pValue());
  }

  @Test
  void pValueMatchesScipysBinomialTails() {
    // With n = k + K and p = 1 / (W + 1) for the day's k rows and the reference's K over W days:
    // min(1, 2 * min(scipy.stats.binom.cdf(k, n, p), scipy.stats.binom.sf(k - 1, n, p))).
    Object[][] oracle = {
        {0L, 2800L, 14L, 2.5351551253319573e-84},
        {90L, 2800L, 14L, 3.25687710477779e-17},
        {180L, 2800L, 14L, 0.17928421638355804},
        {260L, 4200L, 14L, 0.02464275821514302},
        {30L, 700L, 14L, 0.004245254287316811},
        {50L, 1400L, 14L, 1.133999671291964e-07},
        {29000L, 420000L, 14L, 2.0543578484002097e-08}};
    for (Object[] c : oracle) {
      double p = new VolumeFinding(STATE, (Long) c[0], (Long) c[1], (Long) c[2]).pValue();
      double expected = (Double) c[3];
      assertEquals(expected, p, expected * 1e-6, () -> "k=" + c[0] + " K=" + c[1]);
    }
  }

  @Test
  void factorCountsEitherWayAndNoRowsIsInfinite() {
    assertEquals(2.0, new VolumeFinding(STATE, 100, 2800, 14).factor(), 1e-12);
    assertEquals(2.0, new VolumeFinding(STATE, 400, 2800, 14).factor(), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, new VolumeFinding(STATE, 0, 2800, 14).factor());
    assertTrue(Double.isNaN(new VolumeFinding(STATE, 10, 0, 14).factor()));
  }

  @Test
  void aSliceWithoutRowsThatExpectsManyIsCritical() {
    Assessment a = POLICY.assess(tested(0, 14 * 3000, 14));
    assertEquals(Severity.CRITICAL, a.severity(), a.reason());
    assertEquals("volume", a.metric());
    assertTrue(a.reason().startsWith("0 rows vs 3000 a day in the reference (no rows)"), a.reason());
  }

  @Test
  void halfTheRowsWarnsAndATenthIsCritical() {
    assertEquals(Severity.WARN, POLICY.assess(tested(1400, 14 * 3000, 14)).severity());
    assertEquals(Severity.WARN, POLICY.assess(tested(6500, 14 * 3000, 14)).severity());
    assertEquals(Severity.CRITICAL, POLICY.assess(tested(290, 14 * 3000, 14)).severity());
    assertEquals(Severity.NONE, POLICY.assess(tested(1600, 14 * 3000, 14)).severity());
  }

  @Test
  void aSliceThatExpectsFewerThanMinRowsIsNotJudged() {
    Assessment a = POLICY.assess(tested(0, 14 * 150, 14));
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity(), a.reason());
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(tested(3, 0, 14)).severity());
  }

  @Test
  void aFactorPastWarnThatIsNotSignificantDoesNotAlert() {
    // 90 rows against 210 a day: less than half, but p adjusted is set to 0.5 here.
    VolumeFinding f = new VolumeFinding(STATE, 90, 14 * 210, 14, 0.5);
    Assessment a = POLICY.assess(f);
    assertEquals(Severity.NONE, a.severity(), a.reason());
    assertTrue(a.reason().contains("not significant"), a.reason());
  }

  /**
   * Poisson days at the reference's rate, 30 slices from 200 to 20,000 rows a day, 100
   * nights: the factor-2 warn never fires on chance alone.
   */
  @Test
  void poissonDaysAtTheReferenceRateNeverAlert() {
    Random sizes = new Random(7);
    Well19937c rng = new Well19937c(11);
    int alerts = 0;
    for (int night = 0; night < 100; night++) {
      List<VolumeFinding> day = new ArrayList<>();
      for (int s = 0; s < 30; s++) {
        double rate = 200 * Math.pow(100, s / 29.0);
        long ref = new PoissonDistribution(rng, 14 * rate, 1e-12, 10_000).sample();
        long today = new PoissonDistribution(rng, rate, 1e-12, 10_000).sample();
        day.add(new VolumeFinding(new Slice("state", "s" + s + "-" + sizes.nextInt()), today, ref, 14));
      }
      for (VolumeFinding f : TestFamily.adjusted(day, VolumeFinding::pValue, VolumeFinding::withPAdjusted,
          PValueAdjustment.BENJAMINI_HOCHBERG)) {
        alerts += POLICY.assess(f).severity().alerts() ? 1 : 0;
      }
    }
    assertEquals(0, alerts);
  }
}
