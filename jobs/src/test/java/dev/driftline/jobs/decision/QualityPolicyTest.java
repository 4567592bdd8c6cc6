package dev.driftline.jobs.decision;

import static dev.driftline.jobs.decision.QualityFinding.Measure.INFINITY_RATE;
import static dev.driftline.jobs.decision.QualityFinding.Measure.NAN_RATE;
import static dev.driftline.jobs.decision.QualityFinding.Measure.NULL_RATE;
import static dev.driftline.jobs.decision.QualityFinding.Measure.OUT_OF_RANGE_RATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityFinding.Rate;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** Data-quality severity: a rise past a threshold that the two-proportion test also finds significant. */
class QualityPolicyTest {

  private static final double MAX_P = 0.01;
  private static final long MIN_ROWS = 200;
  private static final QualityPolicy POLICY = new QualityPolicy(QualityPolicy.DEFAULT_THRESHOLDS, MAX_P, MIN_ROWS);
  private static final MonitoredColumn COLUMN =
      new MonitoredColumn(new ColumnSpec("age", "`age`", "features.numeric[0]"), Kind.NUMERIC, Role.FEATURE);

  /** Raw counts, not yet tested. */
  private static Rate rate(long count, long of, long refCount, long refOf) {
    return new Rate(count, of, refCount, refOf, Double.NaN);
  }

  private static Rate rate(long count, long of, long refCount, long refOf, double pAdjusted) {
    return new Rate(count, of, refCount, refOf, pAdjusted);
  }

  private static QualityFinding finding(String slice, long rows, Map<Measure, Rate> rates) {
    return new QualityFinding(new Slice("country", slice), COLUMN, rows, rates);
  }

  private static QualityFinding finding(long rows, Map<Measure, Rate> rates) {
    return finding("DE", rows, rates);
  }

  /** Two rates, in the order given. */
  private static Map<Measure, Rate> rates(Measure first, Rate a, Measure second, Rate b) {
    Map<Measure, Rate> m = new LinkedHashMap<>();
    m.put(first, a);
    m.put(second, b);
    return m;
  }

  private static void assertVerdict(Severity severity, String metric, Double threshold, Assessment a) {
    assertEquals(severity, a.severity(), a.reason());
    assertEquals(metric, a.metric(), a.reason());
    assertEquals(threshold, a.threshold(), a.reason());
  }

  /** The finding tested as a day of its own, adjusted as the job does by default. */
  private static Assessment assessAlone(QualityFinding f) {
    return POLICY.assess(QualityPolicy.withPValues(List.of(f), PValueAdjustment.BENJAMINI_HOCHBERG, MIN_ROWS).get(0));
  }

  @Test
  void aZeroToTwentyPercentNullSpikeOnThirtyThousandRowsIsCritical() {
    Assessment a = assessAlone(finding(30_000, Map.of(NULL_RATE, rate(6_000, 30_000, 0, 100_000))));
    assertVerdict(Severity.CRITICAL, "null_rate", 0.10, a);
    assertTrue(a.reason().startsWith("null_rate 0.2 (6000/30000) vs reference 0 (0/100000): "
        + "+0.2 >= critical threshold 0.1, p adjusted "), a.reason());
  }

  @Test
  void theReasonIsOneSentenceWithTheNumbers() {
    Assessment a = POLICY.assess(finding(30_000, Map.of(NULL_RATE, rate(6_030, 30_000, 0, 100_000, 1e-300))));
    assertEquals("null_rate 0.201 (6030/30000) vs reference 0 (0/100000): +0.201 >= critical threshold 0.1, "
        + "p adjusted 1.00e-300", a.reason());
  }

  @Test
  void aColumnThatIsAlwaysAboutOnePercentNullNeverAlerts() {
    // 200 days of 30 slices, each day's null count drawn Binomial(rows, 0.01) against a reference of
    // 1,000 nulls in 100,000 rows, and tested as one family a day the way the job tests a day.
    Random random = new Random(20_240_611L);
    QualityPolicy loose = new QualityPolicy(Map.of(NULL_RATE, new Levels(0.005, null)), 1.0, MIN_ROWS);
    Map<PValueAdjustment, Integer> alerts = new EnumMap<>(PValueAdjustment.class);
    int insufficient = 0;
    int looseAlerts = 0;
    for (int d = 0; d < 200; d++) {
      List<QualityFinding> day = new ArrayList<>();
      for (int s = 0; s < 30; s++) {
        int rows = 50 + random.nextInt(4_951);
        int nulls = 0;
        for (int i = 0; i < rows; i++) {
          nulls += random.nextDouble() < 0.01 ? 1 : 0;
        }
        day.add(finding("s" + s, rows, Map.of(NULL_RATE, rate(nulls, rows, 1_000, 100_000))));
      }
      for (PValueAdjustment adjustment : PValueAdjustment.values()) {
        for (QualityFinding f : QualityPolicy.withPValues(day, adjustment, MIN_ROWS)) {
          Severity severity = POLICY.assess(f).severity();
          alerts.merge(adjustment, severity.alerts() ? 1 : 0, Integer::sum);
          if (adjustment == PValueAdjustment.NONE) {
            insufficient += severity == Severity.INSUFFICIENT_DATA ? 1 : 0;
            looseAlerts += loose.assess(f).severity().alerts() ? 1 : 0;
          }
        }
      }
    }
    assertEquals(Map.of(PValueAdjustment.BENJAMINI_HOCHBERG, 0, PValueAdjustment.NONE, 0), alerts);
    // The days are noisy enough to matter: slices under min_rows were seen, and a policy without
    // the significance gate at a 0.005 rise fires on many of them.
    assertTrue(insufficient > 100, "insufficient: " + insufficient);
    assertTrue(looseAlerts > 100, "loose alerts: " + looseAlerts);
  }

  @Test
  void aFewExtraNullsInTheSmallestTestedSliceDoNotWarn() {
    // 7 nulls in 200 rows against 1%: the chi-square test calls it significant (p about 4e-4, where
    // the exact binomial chance of 7 or more is 0.0043), but the rise of 0.025 is under warn.
    Rate r = rate(7, 200, 1_000, 100_000);
    assertTrue(QualityPolicy.pValue(r) < 1e-3, "p " + QualityPolicy.pValue(r));
    Assessment a = assessAlone(finding(200, Map.of(NULL_RATE, r)));
    assertVerdict(Severity.NONE, null, null, a);
  }

  @Test
  void aLargeIncreaseInATinySliceIsInsufficientData() {
    QualityFinding tiny = finding(50, Map.of(NULL_RATE, rate(25, 50, 1_000, 100_000)));
    QualityFinding tested = QualityPolicy.withPValues(List.of(tiny), PValueAdjustment.BENJAMINI_HOCHBERG, MIN_ROWS).get(0);
    assertTrue(Double.isNaN(tested.rate(NULL_RATE).pAdjusted()));
    Assessment a = POLICY.assess(tested);
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertNull(a.metric());
    assertEquals("too few rows to judge: rows=50 < min_rows=200", a.reason());
    // Even a p-value set by hand does not make 50 rows enough.
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(finding(50, Map.of(NULL_RATE, rate(25, 50, 1_000, 100_000, 1e-9)))).severity());
  }

  @Test
  void aCrossingThatIsNotSignificantIsNoneWithTheMetricNamed() {
    Assessment a = POLICY.assess(finding(1_000, Map.of(NULL_RATE, rate(200, 1_000, 1_000, 100_000, 0.2))));
    assertVerdict(Severity.NONE, "null_rate", 0.10, a);
    assertEquals("null_rate 0.2 (200/1000) vs reference 0.01 (1000/100000): +0.19 >= critical threshold 0.1 "
        + "but not significant (p adjusted 0.2 > max_p_value 0.01)", a.reason());
  }

  @Test
  void aCrossingWhoseReferenceIsTooSmallToTestIsNoneAndSaysSo() {
    // 150 reference values: below min_rows, so the rate is not tested and cannot alert.
    QualityFinding f = finding(1_000, Map.of(NULL_RATE, rate(300, 1_000, 0, 150)));
    Assessment a = assessAlone(f);
    assertEquals(Severity.NONE, a.severity());
    assertEquals("null_rate", a.metric());
    assertTrue(a.reason().endsWith("but not tested (fewer than min_rows=200 values on a side)"), a.reason());
  }

  @Test
  void aSignificantLowerCrossingOutranksAnInsignificantHigherOne() {
    Assessment a = POLICY.assess(finding(1_000, rates(
        NULL_RATE, rate(300, 1_000, 0, 100_000, 0.5),        // +0.30, critical but p 0.5
        NAN_RATE, rate(50, 1_000, 1_000, 100_000, 1e-6))));  // +0.04, warn and significant
    assertVerdict(Severity.WARN, "nan_rate", 0.03, a);
  }

  @Test
  void aSignificantRiseBelowEveryThresholdIsNone() {
    Assessment a = assessAlone(finding(30_000, Map.of(NULL_RATE, rate(600, 30_000, 1_000, 100_000))));
    assertVerdict(Severity.NONE, null, null, a);
    assertEquals("no rate rose over the reference's to a threshold", a.reason());
  }

  @Test
  void aDropNeverAlerts() {
    Assessment a = assessAlone(finding(30_000, Map.of(NULL_RATE, rate(0, 30_000, 20_000, 100_000))));
    assertVerdict(Severity.NONE, null, null, a);
  }

  @Test
  void nanRatesAreSkipped() {
    Map<Measure, Rate> rates = new EnumMap<>(Measure.class);
    rates.put(NULL_RATE, rate(300, 30_000, 1_000, 100_000, 0.9));     // +0.00, nothing to say
    rates.put(NAN_RATE, rate(0, 0, 0, 100_000, 1e-9));                 // no values today: NaN rate
    rates.put(INFINITY_RATE, rate(15_000, 30_000, 0, 0, 1e-9));        // no reference: unknown rise
    Assessment a = POLICY.assess(finding(30_000, rates));
    assertVerdict(Severity.NONE, null, null, a);

    // With no rate the reference can speak to at all, there is nothing to judge.
    Assessment b = assessAlone(finding(30_000,
        rates(NULL_RATE, rate(15_000, 30_000, 0, 0), NAN_RATE, rate(0, 0, 0, 100_000))));
    assertEquals(Severity.INSUFFICIENT_DATA, b.severity());
  }

  @Test
  void aMeasureWithoutLevelsNeverFires() {
    Map<Measure, Rate> spike = Map.of(NAN_RATE, rate(15_000, 30_000, 0, 100_000, 1e-300));
    QualityPolicy nullOnly = new QualityPolicy(Map.of(NULL_RATE, new Levels(0.03, 0.10)), MAX_P, MIN_ROWS);
    assertEquals(Severity.NONE, nullOnly.assess(finding(30_000, spike)).severity());

    Map<Measure, Levels> nanMappedToNull = new HashMap<>();
    nanMappedToNull.put(NAN_RATE, null);
    nanMappedToNull.put(OUT_OF_RANGE_RATE, new Levels(null, null));
    assertEquals(Severity.NONE, new QualityPolicy(nanMappedToNull, MAX_P, MIN_ROWS).assess(finding(30_000, spike)).severity());

    QualityPolicy warnOnly = new QualityPolicy(Map.of(NAN_RATE, new Levels(0.03, null)), MAX_P, MIN_ROWS);
    assertEquals(Severity.WARN, warnOnly.assess(finding(30_000, spike)).severity());
    // The same spike under the defaults: the other policies' silence is theirs, not the finding's.
    assertEquals(Severity.CRITICAL, POLICY.assess(finding(30_000, spike)).severity());
  }

  @Test
  void anEmptyMapNeverFires() {
    QualityPolicy none = new QualityPolicy(Map.of(), MAX_P, MIN_ROWS);
    Map<Measure, Rate> rates = new EnumMap<>(Measure.class);
    for (Measure m : Measure.values()) {
      rates.put(m, rate(30_000, 30_000, 0, 100_000, 0.0));
    }
    Assessment a = none.assess(finding(30_000, rates));
    assertVerdict(Severity.NONE, null, null, a);
  }

  @Test
  void atTheSameLevelTheRateFurtherPastItsThresholdWins() {
    Map<Measure, Levels> t = new EnumMap<>(Measure.class);
    t.put(NULL_RATE, new Levels(0.03, 0.10));
    t.put(NAN_RATE, new Levels(0.02, 0.10));
    QualityPolicy policy = new QualityPolicy(t, MAX_P, MIN_ROWS);
    Assessment a = policy.assess(finding(1_000, rates(
        NULL_RATE, rate(70, 1_000, 1_000, 100_000, 1e-9),     // +0.06: 2.0 x its warn
        NAN_RATE, rate(60, 1_000, 1_000, 100_000, 1e-9))));   // +0.05: 2.5 x its warn
    assertVerdict(Severity.WARN, "nan_rate", 0.02, a);
  }

  @Test
  void anExactTieGoesToTheFirstMeasure() {
    // Maps given in reverse order: the policy still goes by Measure order.
    Map<Measure, Levels> t = new LinkedHashMap<>();
    t.put(OUT_OF_RANGE_RATE, new Levels(0.03, 0.10));
    t.put(NAN_RATE, new Levels(0.03, 0.10));
    Assessment a = new QualityPolicy(t, MAX_P, MIN_ROWS).assess(finding(1_000, rates(
        OUT_OF_RANGE_RATE, rate(60, 1_000, 1_000, 100_000, 1e-9),
        NAN_RATE, rate(60, 1_000, 1_000, 100_000, 1e-9))));
    assertVerdict(Severity.WARN, "nan_rate", 0.03, a);
  }

  @Test
  void pValueMatchesTheTwoProportionZTest() {
    Rate r = rate(45, 3_000, 1_000, 100_000);
    // python3 -c "from scipy.stats import chi2_contingency; \
    //   print(repr(chi2_contingency([[1000, 99000], [45, 2955]], correction=False)[1]))"
    // -> 0.007087750895881468 (SciPy 1.17.1)
    assertEquals(0.007087750895881468, QualityPolicy.pValue(r), 1e-12);
    // The same by the pooled two-proportion z formula.
    double p1 = 45 / 3_000.0;
    double p0 = 1_000 / 100_000.0;
    double pooled = 1_045 / 103_000.0;
    double z = (p1 - p0) / Math.sqrt(pooled * (1 - pooled) * (1 / 3_000.0 + 1 / 100_000.0));
    double expected = 2 * new NormalDistribution().cumulativeProbability(-Math.abs(z));
    assertEquals(expected, QualityPolicy.pValue(r), 1e-12);
    assertEquals(expected, QualityPolicy.pValue(rate(3_000 - 45, 3_000, 100_000 - 1_000, 100_000)), 1e-12);
  }

  @Test
  void pValueIsNanWhenASideIsEmpty() {
    assertTrue(Double.isNaN(QualityPolicy.pValue(rate(0, 0, 10, 1_000))));
    assertTrue(Double.isNaN(QualityPolicy.pValue(rate(10, 1_000, 0, 0))));
    assertEquals(1.0, QualityPolicy.pValue(rate(0, 1_000, 0, 1_000)));
  }

  @Test
  void theWholeDayIsOneFamilyAndUntestedRatesStayOutOfIt() {
    Rate strong = rate(80, 3_000, 1_000, 100_000);
    Rate weak = rate(45, 3_000, 1_000, 100_000);
    Rate small = rate(5, 100, 1_000, 100_000);     // 100 values: below min_rows, not tested
    Rate empty = rate(0, 0, 0, 100_000);          // nothing today: not testable
    double pStrong = QualityPolicy.pValue(strong);
    double pWeak = QualityPolicy.pValue(weak);
    assertTrue(pStrong < pWeak / 2, pStrong + " vs " + pWeak);
    List<QualityFinding> day = List.of(
        finding("DE", 3_000, Map.of(NULL_RATE, strong)),
        finding("FR", 3_000, rates(NAN_RATE, empty, NULL_RATE, weak)),
        finding("IT", 3_000, Map.of(OUT_OF_RANGE_RATE, small)));

    List<QualityFinding> bh = QualityPolicy.withPValues(day, PValueAdjustment.BENJAMINI_HOCHBERG, MIN_ROWS);
    // Two tests in the family: q(strong) = min(2 p_strong / 1, 2 p_weak / 2), q(weak) = 2 p_weak / 2.
    assertEquals(Math.min(2 * pStrong, pWeak), bh.get(0).rate(NULL_RATE).pAdjusted(), 1e-15);
    assertEquals(pWeak, bh.get(1).rate(NULL_RATE).pAdjusted(), 1e-15);
    assertTrue(Double.isNaN(bh.get(1).rate(NAN_RATE).pAdjusted()));
    assertTrue(Double.isNaN(bh.get(2).rate(OUT_OF_RANGE_RATE).pAdjusted()));

    List<QualityFinding> raw = QualityPolicy.withPValues(day, PValueAdjustment.NONE, MIN_ROWS);
    assertEquals(pStrong, raw.get(0).rate(NULL_RATE).pAdjusted());
    assertEquals(pWeak, raw.get(1).rate(NULL_RATE).pAdjusted());
    assertTrue(Double.isNaN(raw.get(2).rate(OUT_OF_RANGE_RATE).pAdjusted()));

    // Everything else is kept: order, slices, rows, and the rates in Measure order.
    for (int i = 0; i < day.size(); i++) {
      assertEquals(day.get(i).slice(), bh.get(i).slice());
      assertEquals(day.get(i).rows(), bh.get(i).rows());
      assertEquals(day.get(i).column(), bh.get(i).column());
    }
    assertEquals(List.of(NULL_RATE, NAN_RATE), List.copyOf(bh.get(1).rates().keySet()));
    assertEquals(weak.withPAdjusted(pWeak), bh.get(1).rate(NULL_RATE));
  }

  @Test
  void adjustmentCanTurnAnAlertIntoNoise() {
    // Alone, a rise from 10% to 13.1% in 800 rows (p about 0.004) warns; among 9 unremarkable tests
    // the same day it does not.
    QualityFinding rise = finding("DE", 800, Map.of(NULL_RATE, rate(105, 800, 10_000, 100_000)));
    double p = QualityPolicy.pValue(rise.rate(NULL_RATE));
    assertTrue(p < MAX_P && p * 10 > MAX_P, "p " + p);
    assertEquals(Severity.WARN, assessAlone(rise).severity());
    List<QualityFinding> day = new ArrayList<>(List.of(rise));
    for (int s = 0; s < 9; s++) {
      day.add(finding("s" + s, 10_000, Map.of(NULL_RATE, rate(1_000, 10_000, 10_000, 100_000))));
    }
    QualityFinding adjusted = QualityPolicy.withPValues(day, PValueAdjustment.BENJAMINI_HOCHBERG, MIN_ROWS).get(0);
    Assessment a = POLICY.assess(adjusted);
    assertEquals(Severity.NONE, a.severity());
    assertEquals("null_rate", a.metric());
    assertTrue(a.reason().contains("not significant"), a.reason());
    assertEquals(Severity.WARN,
        POLICY.assess(QualityPolicy.withPValues(day, PValueAdjustment.NONE, MIN_ROWS).get(0)).severity());
  }

  @Test
  void defaultsWarnAtThreePointsAndAreCriticalAtTen() {
    for (Measure m : Measure.values()) {
      assertEquals(new Levels(0.03, 0.10), QualityPolicy.DEFAULT_THRESHOLDS.get(m), m.key());
    }
  }

  @Test
  void settingsOutsideTheirRangeAreRefused() {
    Map<Measure, Levels> t = QualityPolicy.DEFAULT_THRESHOLDS;
    assertThrows(IllegalArgumentException.class, () -> new QualityPolicy(t, 0, MIN_ROWS));
    assertThrows(IllegalArgumentException.class, () -> new QualityPolicy(t, Double.NaN, MIN_ROWS));
    assertThrows(IllegalArgumentException.class, () -> new QualityPolicy(t, 1.5, MIN_ROWS));
    assertThrows(IllegalArgumentException.class, () -> new QualityPolicy(t, MAX_P, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new QualityPolicy(Map.of(NULL_RATE, new Levels(0.0, 0.1)), MAX_P, MIN_ROWS));
    assertThrows(IllegalArgumentException.class,
        () -> new QualityPolicy(Map.of(NULL_RATE, new Levels(0.03, Double.NaN)), MAX_P, MIN_ROWS));
    assertFalse(new QualityPolicy(t, 1, 1).thresholds().isEmpty());
  }
}
