package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.ThresholdTuning.ColumnMeasure;
import dev.driftline.jobs.decision.ThresholdTuning.Result;
import dev.driftline.jobs.decision.ThresholdTuning.Suggestion;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Threshold tuning on hand-made replayed comparisons: rates, quantiles, rounding, suggestions, YAML. */
class ThresholdTuningTest {

  private static final double SIGNIFICANT = 1e-6;
  private static final double NOT_SIGNIFICANT = 0.5;

  private static MonitoredColumn column(String name) {
    return new MonitoredColumn(ColumnSpec.parse(name, "features.numeric[0]"), Kind.NUMERIC, Role.FEATURE);
  }

  /** A comparison of {@code rows} rows a side with the given measure values (the others NaN). */
  private static DriftFinding finding(Comparison kind, String column, long rows, double pAdjusted, Object... measureValues) {
    double[] values = new double[DriftMeasure.values().length];
    Arrays.fill(values, Double.NaN);
    for (int i = 0; i < measureValues.length; i += 2) {
      values[((DriftMeasure) measureValues[i]).ordinal()] = (Double) measureValues[i + 1];
    }
    return new DriftFinding(kind, "2026-10-01..2026-10-10", ProfileLayout.GLOBAL_SLICE, column(column), List.of(),
        new Histogram(1), new Histogram(1), new DriftSummary(rows, rows, 1, values, List.of()), pAdjusted);
  }

  private static DriftFinding baseline(String column, double pAdjusted, Object... measureValues) {
    return finding(Comparison.BASELINE, column, 1000, pAdjusted, measureValues);
  }

  private static DriftPolicy policy(Object... measureAndLevels) {
    Map<DriftMeasure, Levels> m = new EnumMap<>(DriftMeasure.class);
    for (int i = 0; i < measureAndLevels.length; i += 2) {
      m.put((DriftMeasure) measureAndLevels[i], (Levels) measureAndLevels[i + 1]);
    }
    return new DriftPolicy(m, 0.01, true, 200);
  }

  private static ColumnMeasure row(Result r, String column, DriftMeasure m) {
    return r.columns().stream().filter(c -> c.column().equals(column) && c.measure() == m).findFirst().orElseThrow();
  }

  /**
   * Column x: PSI 0.001, 0.002, ..., 0.100 over 100 tested comparisons, the odd ones not
   * significant; 5 comparisons too small to test and a CONSECUTIVE one that must not count.
   */
  private static List<DriftFinding> day() {
    List<DriftFinding> findings = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      findings.add(baseline("x", i % 2 == 0 ? SIGNIFICANT : NOT_SIGNIFICANT, DriftMeasure.PSI, i / 1000.0));
    }
    for (int i = 0; i < 5; i++) {
      findings.add(finding(Comparison.BASELINE, "x", 10, SIGNIFICANT, DriftMeasure.PSI, 5.0));
    }
    findings.add(finding(Comparison.CONSECUTIVE, "x", 1000, SIGNIFICANT, DriftMeasure.PSI, 5.0));
    return findings;
  }

  @Test
  void theRateCountsSignificantCrossingsAmongTheTestedComparisons() {
    ThresholdTuning tuning = new ThresholdTuning(policy(DriftMeasure.PSI, new Levels(0.05, 0.25)), 0.01);
    tuning.addDay(day());
    Result r = tuning.result();
    assertEquals(1, r.days());
    assertEquals(105, r.comparisons(), "BASELINE comparisons only");
    assertEquals(100, r.tested(), "the 5 small ones are insufficient_data");
    ColumnMeasure psi = row(r, "x", DriftMeasure.PSI);
    // PSI >= 0.05: i = 50..100, of which the 26 even ones are significant.
    assertEquals(26, psi.alerts());
    assertEquals(0.26, psi.rate(), 1e-12);
    assertEquals(0.099, psi.quantile(), 0, "one of 100 values may lie above the 0.99 quantile");
    assertEquals(0.1, psi.max(), 0);
    assertEquals(0.1, psi.suggestedWarn(), 0, "strictly above the quantile on the 2-digit grid");
    assertEquals(26, r.alertsAtConfigured());

    Suggestion s = r.suggestions().get(0);
    assertEquals(new Levels(0.1, 0.25), s.suggested(), "the configured critical is above everything replayed");
    assertEquals("x", s.warnColumn());
    assertEquals(1, s.alerts(), "only PSI 0.100 (significant) reaches the suggested warn");
    assertEquals(1, r.alertsAtSuggested());
    assertTrue((double) r.alertsAtSuggested() / r.tested() <= 0.01);
  }

  @Test
  void warnIsTheLargestColumnSuggestionAndCriticalCoversTheLargestValue() {
    ThresholdTuning tuning = new ThresholdTuning(
        policy(DriftMeasure.PSI, new Levels(0.05, 0.08), DriftMeasure.KS_STATISTIC, new Levels(0.02, null)), 0.05);
    List<DriftFinding> findings = new ArrayList<>(day());
    for (int i = 1; i <= 40; i++) {
      // Column y: PSI 0.0005..0.02, KS undefined (as on a categorical column).
      findings.add(baseline("y", SIGNIFICANT, DriftMeasure.PSI, i / 2000.0));
      findings.add(baseline("x2", SIGNIFICANT, DriftMeasure.PSI, 0.0, DriftMeasure.KS_STATISTIC, i / 1000.0));
    }
    tuning.addDay(findings);
    Result r = tuning.result();
    // 40 values, 5%: 2 may lie above, so the quantile is the 38th: 0.019 for y, 0.038 for KS of x2.
    assertEquals(0.019, row(r, "y", DriftMeasure.PSI).quantile(), 0);
    assertEquals(0.02, row(r, "y", DriftMeasure.PSI).suggestedWarn(), 0);
    assertEquals(0.039, row(r, "x2", DriftMeasure.KS_STATISTIC).suggestedWarn(), 0);
    assertTrue(r.columns().stream().noneMatch(c -> c.column().equals("y") && c.measure() == DriftMeasure.KS_STATISTIC),
        "no row where the measure is undefined");
    assertTrue(r.columns().stream().noneMatch(c -> c.column().equals("x") && c.measure() == DriftMeasure.KS_STATISTIC));
    // x: 5 of 100 may lie above, the quantile is 0.095; x2: PSI 0 everywhere gives the smallest suggestion.
    assertEquals(0.096, row(r, "x", DriftMeasure.PSI).suggestedWarn(), 0);
    assertEquals(ThresholdTuning.SMALLEST_SUGGESTION, row(r, "x2", DriftMeasure.PSI).suggestedWarn(), 0);

    Suggestion psi = r.suggestions().get(0);
    assertEquals(DriftMeasure.PSI, psi.measure());
    assertEquals("x", psi.warnColumn());
    assertEquals(new Levels(0.096, 0.11), psi.suggested(), "critical rises above the largest PSI replayed, 0.1");
    Suggestion ks = r.suggestions().get(1);
    assertEquals(DriftMeasure.KS_STATISTIC, ks.measure());
    assertEquals(new Levels(0.039, 0.041), ks.suggested(), "no configured critical: just above the largest KS, 0.04");
    assertEquals("x2", ks.warnColumn());
  }

  @Test
  void psiIsAlwaysShownButOnlyConfiguredMeasuresAreSuggested() {
    ThresholdTuning tuning = new ThresholdTuning(policy(DriftMeasure.JS_DISTANCE, new Levels(0.1, 0.2)), 0.01);
    tuning.addDay(List.of(baseline("x", SIGNIFICANT, DriftMeasure.PSI, 0.3, DriftMeasure.JS_DISTANCE, 0.15)));
    Result r = tuning.result();
    ColumnMeasure psi = row(r, "x", DriftMeasure.PSI);
    assertEquals(null, psi.configured());
    assertTrue(Double.isNaN(psi.rate()), "no configured levels, no rate");
    assertEquals(0.31, psi.suggestedWarn(), 0);
    assertEquals(1.0, row(r, "x", DriftMeasure.JS_DISTANCE).rate());
    assertEquals(List.of(DriftMeasure.JS_DISTANCE), r.suggestions().stream().map(Suggestion::measure).toList());
    assertFalse(r.yaml().contains("psi"), r.yaml());
  }

  @Test
  void aConfiguredMeasureWithoutReplayedValuesKeepsItsLevels() {
    ThresholdTuning tuning = new ThresholdTuning(
        policy(DriftMeasure.PSI, new Levels(0.1, 0.25), DriftMeasure.WASSERSTEIN, new Levels(null, 3.0)), 0.01);
    tuning.addDay(List.of(baseline("country", SIGNIFICANT, DriftMeasure.PSI, 0.02)));
    Result r = tuning.result();
    Suggestion w = r.suggestions().get(1);
    assertFalse(w.replayed());
    assertEquals(new Levels(null, 3.0), w.suggested());
    assertEquals("""
        # drift.thresholds suggested by driftline tune: target false-alert rate 0.01 over 1 replayed days (1 tested comparisons)
        # thresholds are per measure, not per column: each warn is the largest of its columns' suggestions
        thresholds:
          psi: {warn: 0.021, critical: 0.25}
          wasserstein: {critical: 3}  # configured levels kept: no replayed values
        """, r.yaml());
  }

  @Test
  void theYamlIsAThresholdsSectionTheConfigLoaderReadsBack() {
    ThresholdTuning tuning = new ThresholdTuning(
        policy(DriftMeasure.PSI, new Levels(0.1, 0.25), DriftMeasure.JS_DISTANCE, new Levels(0.05, null)), 0.01);
    for (int d = 0; d < 3; d++) {
      tuning.addDay(day().stream().map(f -> baseline("x", f.pAdjusted(), DriftMeasure.PSI, f.value(DriftMeasure.PSI),
          DriftMeasure.JS_DISTANCE, f.value(DriftMeasure.PSI) / 3)).toList());
    }
    Result r = tuning.result();
    String config = """
        model: m
        input: {format: parquet, path: /tmp/none, date_column: ds}
        features: {numeric: [x]}
        reference: {from: 2026-10-01, to: 2026-10-10}
        drift:
        """ + r.yaml().lines().map(l -> "  " + l).collect(Collectors.joining("\n", "", "\n"));
    JobSpec spec = ConfigLoader.parse(config, "merged.yaml");
    Map<DriftMeasure, Levels> expected = new EnumMap<>(DriftMeasure.class);
    r.suggestions().forEach(s -> expected.put(s.measure(), s.suggested()));
    assertEquals(expected, spec.thresholds());
    assertEquals(2, expected.size());
  }

  @Test
  void theQuantileLeavesAtMostTheTargetShareAbove() {
    double[] hundred = new double[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = i + 1;
    }
    assertEquals(99, ThresholdTuning.upperQuantile(hundred, 0.01));
    assertEquals(95, ThresholdTuning.upperQuantile(hundred, 0.05));
    assertEquals(71, ThresholdTuning.upperQuantile(hundred, 0.29), "0.29 * 100 is 28.999999999999996 in doubles");
    assertEquals(100, ThresholdTuning.upperQuantile(Arrays.copyOf(hundred, 50), 0.01) + 50,
        "fewer values than 1/rate: the maximum");
    assertEquals(7, ThresholdTuning.upperQuantile(new double[] {7}, 0.5));
    assertTrue(Double.isNaN(ThresholdTuning.upperQuantile(new double[0], 0.01)));
  }

  @Test
  void suggestionsAreRoundedUpStrictlyAboveOnATwoDigitGrid() {
    assertEquals(0.022, ThresholdTuning.roundUpAbove(0.0213));
    assertEquals(0.11, ThresholdTuning.roundUpAbove(0.1));
    assertEquals(0.13, ThresholdTuning.roundUpAbove(0.12), "0.12 is on the grid: the next step up");
    assertEquals(0.1, ThresholdTuning.roundUpAbove(0.0999));
    assertEquals(3800, ThresholdTuning.roundUpAbove(3749));
    assertEquals(1e-4, ThresholdTuning.roundUpAbove(0));
    assertEquals(1e-4, ThresholdTuning.roundUpAbove(5e-5));
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      double x = Math.pow(10, -4 + 6 * random.nextDouble());
      double up = ThresholdTuning.roundUpAbove(x);
      assertTrue(up > x && up <= x * 1.1 + 1e-12, x + " -> " + up);
    }
    assertEquals("0.25", ThresholdTuning.plain(0.25));
    assertEquals("0.0001", ThresholdTuning.plain(1e-4));
    assertEquals("3800", ThresholdTuning.plain(3800));
    assertEquals("q0.99", ThresholdTuning.quantileName(0.01));
  }

  @Test
  void theTargetRateMustBeAProperShare() {
    DriftPolicy p = policy(DriftMeasure.PSI, new Levels(0.1, 0.25));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdTuning(p, 0));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdTuning(p, 1));
    assertThrows(IllegalArgumentException.class, () -> new ThresholdTuning(p, Double.NaN));
  }
}
