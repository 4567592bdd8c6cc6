package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trend policy on hand-made series: emerging, and each reason it is not. */
class TrendPolicyTest {

  private static final MonitoredColumn COLUMN =
      new MonitoredColumn(new ColumnSpec("age", "`age`", "features.numeric[0]"), Kind.NUMERIC, Role.FEATURE);
  private static final Slice SLICE = new Slice("country", "DE");
  private static final LocalDate TODAY = LocalDate.of(2026, 10, 21);
  private static final long N_REF = 420_000;
  private static final long N_CUR = 30_000;
  /** expected_psi of 10 bins at these sizes: 9 (1/n + 1/m). */
  private static final double EXPECTED = 9 * (1.0 / N_CUR + 1.0 / N_REF);
  private static final TrendPolicy POLICY = new TrendPolicy(0.1, 0.01, 200);

  private static DayPoint day(int daysBeforeToday, double psi) {
    return new DayPoint(TODAY.minusDays(daysBeforeToday), psi, EXPECTED, 1e-30, N_REF, N_CUR);
  }

  /** One point a day up to today, oldest first. */
  private static DriftTrendFinding series(double... psi) {
    List<DayPoint> points = new ArrayList<>();
    for (int i = 0; i < psi.length; i++) {
      points.add(day(psi.length - 1 - i, psi[i]));
    }
    return new DriftTrendFinding(SLICE, COLUMN, points);
  }

  /** PSI whose effect sqrt(psi - expected) grows linearly from sqrt(from - e) to sqrt(to - e) over {@code days}. */
  private static double[] ramp(double from, double to, int days) {
    double a = Math.sqrt(from - EXPECTED);
    double b = Math.sqrt(to - EXPECTED);
    double[] psi = new double[days];
    for (int i = 0; i < days; i++) {
      double y = a + (b - a) * i / (days - 1);
      psi[i] = y * y + EXPECTED;
    }
    return psi;
  }

  @Test
  void aSteadyRiseBelowWarnIsEmergingWithItsProjectedCrossing() {
    TrendPolicy.Outcome o = POLICY.evaluate(series(ramp(0.010, 0.046, 7)));
    Assessment a = o.assessment();
    assertEquals(Severity.EMERGING, a.severity(), a.reason());
    assertFalse(a.severity().alerts(), "emerging is a heads-up, not an alert");
    assertEquals("psi", a.metric());
    assertEquals(0.1, a.threshold());
    // The effect climbs 0.0192 a day from 0.2137 today; sqrt(0.1 - e) = 0.3157 is 5.3 days away.
    assertEquals(TODAY.plusDays(6), o.projectedCrossing());
    assertTrue(a.reason().startsWith(
        "psi rose from 0.010 to 0.046 over 7 days; projected to reach warn 0.1 in 6 days (2026-10-27; trend p="),
        a.reason());
    // An exact line: the residuals are below sampling noise, so the dispersion is floored at 1.
    assertEquals(1, o.trend().dispersion());
    assertEquals(7, o.trend().points());
  }

  @Test
  void fewerUsableDaysThanATrendNeedsIsInsufficientData() {
    Assessment a = POLICY.assess(series(0.02, 0.03, 0.04));
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertEquals("3 of the last 7 days have a comparison with at least drift.min_rows=200 rows; a trend needs 4",
        a.reason());
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(new DriftTrendFinding(SLICE, COLUMN, List.of())).severity());
    // Days before the window do not count.
    List<DayPoint> old = new ArrayList<>(List.of(day(12, 0.01), day(11, 0.01), day(10, 0.01)));
    old.add(day(1, 0.03));
    old.add(day(0, 0.04));
    assertEquals(Severity.INSUFFICIENT_DATA, POLICY.assess(new DriftTrendFinding(SLICE, COLUMN, old)).severity());
  }

  @Test
  void daysWithoutRowsAreSkippedAndTodayMustHaveThem() {
    double[] psi = ramp(0.010, 0.046, 7);
    List<DayPoint> points = new ArrayList<>();
    for (int i = 0; i < psi.length; i++) {
      boolean empty = i == 2;
      points.add(empty ? new DayPoint(TODAY.minusDays(6 - i), Double.NaN, Double.NaN, Double.NaN, N_REF, 0)
          : day(6 - i, psi[i]));
    }
    TrendPolicy.Outcome o = POLICY.evaluate(new DriftTrendFinding(SLICE, COLUMN, points));
    assertEquals(Severity.EMERGING, o.assessment().severity(), o.assessment().reason());
    assertEquals(6, o.trend().points());
    assertEquals(TODAY.plusDays(6), o.projectedCrossing());
    // A day with rows, but fewer than drift.min_rows on one side, is skipped the same way.
    points.set(1, new DayPoint(TODAY.minusDays(5), 0.3, 9 * (1.0 / 150 + 1.0 / N_REF), 1e-9, N_REF, 150));
    assertEquals(5, POLICY.evaluate(new DriftTrendFinding(SLICE, COLUMN, points)).trend().points());
    // No comparison today: nothing to say about today.
    points.set(6, new DayPoint(TODAY, Double.NaN, Double.NaN, Double.NaN, N_REF, 0));
    Assessment a = POLICY.assess(new DriftTrendFinding(SLICE, COLUMN, points));
    assertEquals(Severity.INSUFFICIENT_DATA, a.severity());
    assertEquals("no comparison today (2026-10-21) with at least drift.min_rows=200 rows on either side", a.reason());
  }

  @Test
  void aSeriesAlreadyAtWarnIsLeftToTheDriftPolicy() {
    Assessment a = POLICY.assess(series(ramp(0.03, 0.12, 7)));
    assertEquals(Severity.NONE, a.severity());
    assertEquals("psi", a.metric());
    assertEquals(0.1, a.threshold());
    assertEquals("psi 0.120 is at or above warn 0.1 already: the drift policy judges it", a.reason());
  }

  @Test
  void aFallingOrFlatSeriesIsNotEmerging() {
    TrendPolicy.Outcome falling = POLICY.evaluate(series(ramp(0.08, 0.02, 7)));
    assertEquals(Severity.NONE, falling.assessment().severity());
    assertTrue(falling.assessment().reason().startsWith("psi went from 0.080 to 0.020 over 7 days; no significant rise"),
        falling.assessment().reason());
    assertTrue(falling.trend().slope() < 0);
    assertNull(falling.projectedCrossing());
    Assessment flat = POLICY.assess(series(0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05));
    assertEquals(Severity.NONE, flat.severity());
    assertTrue(flat.reason().contains("no significant rise (trend p=0.50 > 0.00010)"), flat.reason());
  }

  @Test
  void aRiseThatReachesWarnOnlyBeyondTheHorizonIsNotEmerging() {
    // Significant (the effect climbs 0.012 a day, 10.6 standard errors) but warn is 16 days away.
    TrendPolicy.Outcome o = POLICY.evaluate(series(ramp(0.0037, 0.0172, 7)));
    assertEquals(Severity.NONE, o.assessment().severity(), o.assessment().reason());
    assertTrue(o.assessment().reason().endsWith("beyond the 14-day horizon"), o.assessment().reason());
    assertEquals(TODAY.plusDays(16), o.projectedCrossing());
    // A longer horizon takes it.
    TrendPolicy patient = new TrendPolicy(0.1, 0.01, 200, 7, 30, TrendPolicy.DEFAULT_SIGNIFICANCE);
    assertEquals(Severity.EMERGING, patient.assess(series(ramp(0.0037, 0.0172, 7))).severity());
  }

  @Test
  void aRiseWhoseTodayIsWithinItsNoiseFloorIsNotEmerging() {
    double[] psi = ramp(0.010, 0.046, 7);
    List<DayPoint> points = new ArrayList<>(series(psi).points());
    points.set(6, new DayPoint(TODAY, psi[6], EXPECTED, 0.2, N_REF, N_CUR));
    Assessment a = POLICY.assess(new DriftTrendFinding(SLICE, COLUMN, points));
    assertEquals(Severity.NONE, a.severity());
    assertTrue(a.reason().endsWith("but today's psi is within its noise floor (psi_p_value=0.200 > 0.0100)"),
        a.reason());
  }

  @Test
  void withoutAPsiWarnLevelNothingEmerges() {
    Assessment a = new TrendPolicy(null, 0.01, 200).assess(series(ramp(0.010, 0.046, 7)));
    assertEquals(Severity.NONE, a.severity());
    assertEquals("no psi warn threshold configured", a.reason());
  }

  @Test
  void pointsMustBeInDayOrderAndSettingsSane() {
    assertThrows(IllegalArgumentException.class,
        () -> new DriftTrendFinding(SLICE, COLUMN, List.of(day(0, 0.01), day(1, 0.01))));
    assertThrows(IllegalArgumentException.class,
        () -> new DriftTrendFinding(SLICE, COLUMN, List.of(day(1, 0.01), day(1, 0.01))));
    assertThrows(IllegalArgumentException.class, () -> new TrendPolicy(0.1, 0.01, 200, 3, 14, 1e-4));
    assertThrows(IllegalArgumentException.class, () -> new TrendPolicy(0.1, 0.01, 200, 7, 0, 1e-4));
    assertThrows(IllegalArgumentException.class, () -> new TrendPolicy(0.1, 0.01, 200, 7, 14, 0));
    assertThrows(IllegalArgumentException.class, () -> new TrendPolicy(0.0, 0.01, 200));
  }

  @Test
  void severityKeysAndOrderStayAsTheyWere() {
    assertEquals("emerging", Severity.EMERGING.key());
    assertEquals(Severity.EMERGING, Severity.fromKey("emerging"));
    assertTrue(Severity.NONE.compareTo(Severity.WARN) < 0 && Severity.WARN.compareTo(Severity.CRITICAL) < 0);
    // Emerging and info come after the alerting ladder, so adding them left its order alone.
    assertEquals(java.util.List.of(Severity.NONE, Severity.WARN, Severity.CRITICAL, Severity.INSUFFICIENT_DATA,
        Severity.EMERGING, Severity.INFO), java.util.List.of(Severity.values()));
  }
}
