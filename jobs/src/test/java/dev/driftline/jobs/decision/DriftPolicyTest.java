package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift policy on hand-made comparisons: thresholds, significance, too few rows, ties, NaN. */
class DriftPolicyTest {

  private static final MonitoredColumn COLUMN =
      new MonitoredColumn(ColumnSpec.parse("x", "features.categorical[0]"), Kind.CATEGORICAL, Role.FEATURE);
  private static final long[] REF = {2500, 2500, 2500, 2500};
  /** Shares 0.4/0.2/0.2/0.2 against 0.25 each: PSI 0.1039, TV 0.15. */
  private static final long[] MOVED = {4000, 2000, 2000, 2000};

  private static DriftFinding finding(long[] ref, long[] cur, double pAdjusted) {
    DriftSummary s = DriftSummary.of(BinnedPair.of(ref, cur));
    return new DriftFinding(Comparison.BASELINE, "2026-01-01..2026-01-14", ProfileLayout.GLOBAL_SLICE, COLUMN,
        List.of("a", "b", "c", "d"), new Histogram(ref.length), new Histogram(cur.length), s, pAdjusted);
  }

  private static DriftPolicy policy(Map<DriftMeasure, Levels> thresholds) {
    return new DriftPolicy(thresholds, 0.01, true, 200);
  }

  private static Map<DriftMeasure, Levels> thresholds(Object... measureAndLevels) {
    Map<DriftMeasure, Levels> m = new EnumMap<>(DriftMeasure.class);
    for (int i = 0; i < measureAndLevels.length; i += 2) {
      m.put((DriftMeasure) measureAndLevels[i], (Levels) measureAndLevels[i + 1]);
    }
    return m;
  }

  @Test
  void aSignificantCrossingAlertsAtTheHighestLevelReached() {
    DriftFinding f = finding(REF, MOVED, 1e-20);
    Assessment warn = policy(thresholds(DriftMeasure.PSI, new Levels(0.05, 0.2))).assess(f);
    assertEquals(Severity.WARN, warn.severity(), warn.reason());
    assertEquals("psi", warn.metric());
    assertEquals(0.05, warn.threshold());
    assertTrue(warn.reason().startsWith("psi 0.1039 >= warn threshold 0.05000 (chi2 p adjusted=1.00e-20)"),
        warn.reason());
    Assessment critical = policy(thresholds(DriftMeasure.PSI, new Levels(0.02, 0.05))).assess(f);
    assertEquals(Severity.CRITICAL, critical.severity());
    assertEquals(0.05, critical.threshold());
  }

  @Test
  void aCrossingThatIsNotSignificantDoesNotAlertButSaysSo() {
    Assessment a = policy(thresholds(DriftMeasure.PSI, new Levels(0.05, 0.2))).assess(finding(REF, MOVED, 0.02));
    assertEquals(Severity.NONE, a.severity());
    assertEquals("psi", a.metric());
    assertTrue(a.reason().contains("not significant (chi2 p adjusted=0.0200 > drift.max_p_value=0.0100)"), a.reason());
    // An untested comparison (NaN p-value) is never significant.
    assertEquals(Severity.NONE, policy(thresholds(DriftMeasure.PSI, new Levels(0.05, 0.2)))
        .assess(finding(REF, MOVED, Double.NaN)).severity());
  }

  @Test
  void tooFewRowsOnEitherSideIsInsufficientData() {
    long[] small = {40, 20, 20, 20};
    Assessment a = policy(thresholds(DriftMeasure.PSI, new Levels(0.05, 0.2))).assess(finding(REF, small, 1e-20));
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertEquals("too few rows to judge: n_ref=10000, n_cur=100, drift.min_rows=200", a.reason());
  }

  @Test
  void betweenMeasuresAtOneLevelTheOneFurthestPastItsThresholdSpeaks() {
    DriftFinding f = finding(REF, MOVED, 1e-20);
    // PSI 0.1039 is 2.08x its warn level, TV 0.15 is 1.5x its own: PSI speaks; at 3x, TV does.
    Assessment a = policy(thresholds(DriftMeasure.PSI, new Levels(0.05, null), DriftMeasure.TV, new Levels(0.1, null)))
        .assess(f);
    assertEquals("psi", a.metric());
    Assessment b = policy(thresholds(DriftMeasure.PSI, new Levels(0.05, null), DriftMeasure.TV, new Levels(0.05, null)))
        .assess(f);
    assertEquals("tv", b.metric());
    // Exactly tied: the first measure in registry order.
    double tv = f.value(DriftMeasure.TV);
    double psi = f.value(DriftMeasure.PSI);
    Assessment tie = policy(thresholds(DriftMeasure.TV, new Levels(tv, null), DriftMeasure.PSI, new Levels(psi, null)))
        .assess(f);
    assertEquals("psi", tie.metric());
    // A higher level wins over a larger excess at a lower level.
    Assessment level = policy(thresholds(DriftMeasure.PSI, new Levels(0.001, null), DriftMeasure.TV, new Levels(0.1, 0.14)))
        .assess(f);
    assertEquals(Severity.CRITICAL, level.severity());
    assertEquals("tv", level.metric());
  }

  @Test
  void nanMeasuresAndMissingThresholdsNeverFire() {
    DriftFinding f = finding(REF, MOVED, 1e-20);
    // Wasserstein is NaN for a categorical column: its threshold is skipped, not an error.
    Assessment nan = policy(thresholds(DriftMeasure.WASSERSTEIN_NORMALIZED, new Levels(0.0, 0.0))).assess(f);
    assertEquals(Severity.NONE, nan.severity());
    assertEquals("no threshold crossed", nan.reason());
    assertNull(nan.metric());
    assertEquals(Severity.NONE, policy(Map.of()).assess(f).severity());
    assertEquals(Severity.NONE, policy(thresholds(DriftMeasure.PSI, new Levels(null, null))).assess(f).severity());
  }
}
