package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.EmbeddingDrift;
import dev.driftline.udfs.math.EmbeddingSampleTests;
import dev.driftline.udfs.math.ProfileLayout;
import org.junit.jupiter.api.Test;

/** The embedding's largest projection PSI climbs the PSI levels, gated by the adjusted test and min_rows. */
class EmbeddingPolicyTest {

  private static final EmbeddingPolicy POLICY = new EmbeddingPolicy(new Levels(0.1, 0.25), 0.01, 200);

  private static EmbeddingFinding finding(long refRows, long rows, double maxPsi, double pAdjusted) {
    EmbeddingDrift drift = new EmbeddingDrift(0.1, 0.2, 0.3, 0.4, 0.3, maxPsi / 2, maxPsi, 0.5, 0.01);
    return new EmbeddingFinding("e", ProfileLayout.GLOBAL_SLICE, 8, refRows, rows, 0, drift, EmbeddingSampleTests.NONE, pAdjusted,
        pAdjusted);
  }

  @Test
  void levelsOfTheLargestProjectionPsi() {
    assertEquals(Severity.NONE, POLICY.assess(finding(1000, 1000, 0.099, 0)).severity());
    Assessment warn = POLICY.assess(finding(1000, 1000, 0.1, 0.001));
    assertEquals(Severity.WARN, warn.severity());
    assertEquals("max_psi", warn.metric());
    assertEquals(0.1, warn.threshold());
    Assessment critical = POLICY.assess(finding(1000, 1000, 0.25, 0.01));
    assertEquals(Severity.CRITICAL, critical.severity());
    assertEquals(0.25, critical.threshold());
  }

  @Test
  void aShiftTheTestDoesNotConfirmDoesNotAlert() {
    Assessment a = POLICY.assess(finding(1000, 1000, 0.5, 0.02));
    assertEquals(Severity.NONE, a.severity());
    assertTrue(a.reason().contains("not significant"), a.reason());
  }

  @Test
  void tooFewRowsOnEitherSideOrNoneIsInsufficient() {
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(finding(199, 1000, 1, 0)).severity());
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(finding(1000, 199, 1, 0)).severity());
    EmbeddingFinding untested = new EmbeddingFinding("e", ProfileLayout.GLOBAL_SLICE, 8, 1000, 0, 50, null,
        EmbeddingSampleTests.NONE, Double.NaN, Double.NaN);
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(untested).severity());
  }
}
