package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.Incident.Status;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Grouping a day's alerts into incidents: one per cause, on the slice that explains it, across days. */
class IncidentsTest {

  private static final LocalDate DAY = LocalDate.of(2026, 10, 20);
  private static final MonitoredColumn INCOME =
      new MonitoredColumn(ColumnSpec.parse("income", "features.categorical[0]"), Kind.CATEGORICAL, Role.FEATURE);
  private static final MonitoredColumn PRODUCT =
      new MonitoredColumn(ColumnSpec.parse("product", "features.categorical[1]"), Kind.CATEGORICAL, Role.FEATURE);
  private static final MonitoredColumn SCORE =
      new MonitoredColumn(ColumnSpec.parse("score", "prediction.column"), Kind.CATEGORICAL, Role.PREDICTION);
  private static final DriftPolicy POLICY = new DriftPolicy(Map.of(DriftMeasure.PSI, new Levels(0.1, 0.25)), 0.01,
      true, 200);
  private static final List<String> STATES = List.of("CA", "NY", "TX", "FL", "WA");
  /** Rows per state per day: TX is 30% of traffic, WA 5%. */
  private static final long[] ROWS = {3000, 2500, 3000, 1000, 500};
  private static final double[] STABLE = {0.5, 0.3, 0.2};

  private final Incidents incidents = new Incidents("loans");

  @Test
  void aColumnMovingInEverySliceIsOneIncidentOnTheGlobalSlice() {
    List<Assessed<DriftFinding>> day = day(INCOME, s -> new double[] {0.2, 0.3, 0.5});
    List<Incident> today = incidents.of(DAY, day, alerts(day), List.of());
    assertEquals(1, today.size(), today::toString);
    Incident i = today.get(0);
    assertEquals(ProfileLayout.GLOBAL_SLICE, i.slice());
    assertEquals(Status.OPENED, i.status());
    assertEquals(6, i.alertCount(), "the global slice and the five states");
    assertEquals(6, i.affectedSlices().size());
    assertEquals(Incident.Kind.FEATURE_DRIFT, i.kind());
    assertEquals(Severity.CRITICAL, i.severity());
    assertTrue(i.summary().startsWith("income drifted in the whole day (critical): psi"), i.summary());
  }

  @Test
  void aSliceMovingAloneIsTheIncidentsSliceEvenWhenTheGlobalSliceAlerts() {
    List<Assessed<DriftFinding>> day = day(INCOME, s -> s.equals("TX") ? new double[] {0.05, 0.15, 0.8} : STABLE);
    List<Alert> alerts = alerts(day);
    assertTrue(alerts.stream().anyMatch(a -> a.slice().equals(ProfileLayout.GLOBAL_SLICE)),
        "the TX shift is large enough to move the whole day too");
    List<Incident> today = incidents.of(DAY, day, alerts, List.of());
    assertEquals(1, today.size(), today::toString);
    assertEquals(new Slice("state", "TX"), today.get(0).slice());
    assertEquals("TX", today.get(0).attribution().get(0).slice());
    assertTrue(today.get(0).attribution().get(0).share() > 0.99, today.get(0).attribution()::toString);
    assertTrue(today.get(0).summary().contains("a change inside state=TX explains 100% of the global change"),
        today.get(0).summary());
    assertEquals(List.of("A: 0.500 -> 0.050", "C: 0.200 -> 0.800", "B: 0.300 -> 0.150"), today.get(0).topBins());
  }

  @Test
  void withoutAGlobalAlertTheIncidentSitsOnItsHighestAlert() {
    List<Assessed<DriftFinding>> day = day(INCOME, s -> s.equals("WA") ? new double[] {0.3, 0.3, 0.4} : STABLE);
    List<Alert> alerts = alerts(day);
    assertTrue(alerts.stream().noneMatch(a -> a.slice().equals(ProfileLayout.GLOBAL_SLICE)));
    List<Incident> today = incidents.of(DAY, day, alerts, List.of());
    assertEquals(List.of(new Slice("state", "WA")), today.stream().map(Incident::slice).toList());
  }

  @Test
  void twoCausesAreTwoIncidents() {
    List<Assessed<DriftFinding>> day = new ArrayList<>(day(INCOME, s -> new double[] {0.2, 0.3, 0.5}));
    day.addAll(day(PRODUCT, s -> s.equals("TX") ? new double[] {0.05, 0.15, 0.8} : STABLE));
    List<Incident> today = incidents.of(DAY, day, alerts(day), List.of());
    assertEquals(List.of("income", "product"), today.stream().map(Incident::subject).toList());
    assertEquals(List.of(ProfileLayout.GLOBAL_SLICE, new Slice("state", "TX")),
        today.stream().map(Incident::slice).toList());
  }

  @Test
  void aPredictionDriftOnTheSliceWhereAFeatureDriftedIsItsConsequence() {
    List<Assessed<DriftFinding>> day = new ArrayList<>(day(INCOME, s -> s.equals("TX") ? new double[] {0.05, 0.15, 0.8} : STABLE));
    day.addAll(day(SCORE, s -> s.equals("TX") ? new double[] {0.3, 0.3, 0.4} : STABLE));
    List<Incident> today = incidents.of(DAY, day, alerts(day), List.of());
    assertEquals(1, today.size(), today::toString);
    Incident i = today.get(0);
    assertEquals("income", i.subject());
    assertEquals(new Slice("state", "TX"), i.slice());
    assertTrue(i.summary().endsWith("; with it, score drifted (warn)"), i.summary());
    assertTrue(i.evidence().contains("drift_metrics/BASELINE/state=TX/score"), i.evidence()::toString);
    // On the whole day the same pair stays apart: two independent causes can hit it at once.
    List<Assessed<DriftFinding>> everywhere = new ArrayList<>(day(INCOME, s -> new double[] {0.2, 0.3, 0.5}));
    everywhere.addAll(day(SCORE, s -> new double[] {0.2, 0.3, 0.5}));
    assertEquals(2, incidents.of(DAY, everywhere, alerts(everywhere), List.of()).size());
  }

  @Test
  void anIncidentKeepsItsIdWhileItAlertsAndResolvesTheFirstQuietDay() {
    List<Assessed<DriftFinding>> moved = day(INCOME, s -> new double[] {0.2, 0.3, 0.5});
    List<Incident> first = incidents.of(DAY, moved, alerts(moved), List.of());
    List<Incident> second = incidents.of(DAY.plusDays(1), moved, alerts(moved), first);
    assertEquals(Status.ONGOING, second.get(0).status());
    assertEquals(first.get(0).id(), second.get(0).id());
    assertEquals(DAY, second.get(0).firstDs());
    assertEquals(DAY.plusDays(1), second.get(0).lastDs());

    List<Assessed<DriftFinding>> quiet = day(INCOME, s -> STABLE);
    List<Incident> third = incidents.of(DAY.plusDays(2), quiet, alerts(quiet), second);
    assertEquals(1, third.size());
    assertEquals(Status.RESOLVED, third.get(0).status());
    assertEquals(first.get(0).id(), third.get(0).id());
    assertEquals(DAY.plusDays(1), third.get(0).lastDs(), "the last day it alerted");
    assertEquals(0, third.get(0).alertCount());
    // Resolved incidents do not carry over: the day after, nothing is left.
    assertEquals(List.of(), incidents.of(DAY.plusDays(3), quiet, alerts(quiet), third));
    // The same cause alerting again later is a new incident.
    List<Incident> again = incidents.of(DAY.plusDays(4), moved, alerts(moved), List.of());
    assertNotEquals(first.get(0).id(), again.get(0).id());
  }

  @Test
  void aChangeOfSliceMixStaysGlobalAndSaysSo() {
    // Every state keeps its own shares; TX, which differs from the rest, grows five-fold.
    List<Assessed<DriftFinding>> day = new ArrayList<>();
    List<long[]> ref = new ArrayList<>();
    List<long[]> cur = new ArrayList<>();
    for (int s = 0; s < STATES.size(); s++) {
      double[] shares = STATES.get(s).equals("TX") ? new double[] {0.05, 0.15, 0.8} : STABLE;
      ref.add(counts(ROWS[s] * 14, shares));
      cur.add(counts(STATES.get(s).equals("TX") ? ROWS[s] * 5 : ROWS[s], shares));
    }
    day.add(finding(INCOME, ProfileLayout.GLOBAL_SLICE, sum(ref), sum(cur)));
    for (int s = 0; s < STATES.size(); s++) {
      day.add(finding(INCOME, new Slice("state", STATES.get(s)), ref.get(s), cur.get(s)));
    }
    List<Incident> today = incidents.of(DAY, day, alerts(day), List.of());
    assertEquals(1, today.size(), today::toString);
    assertEquals(ProfileLayout.GLOBAL_SLICE, today.get(0).slice());
    assertTrue(today.get(0).summary().contains("a change of the state mix explains 100% of it"), today.get(0).summary());
  }

  @Test
  void aDayWithoutRowsOpensItsVolumeIncidentAndCarriesTheOthersOver() {
    List<Assessed<DriftFinding>> moved = day(INCOME, s -> new double[] {0.2, 0.3, 0.5});
    List<Incident> before = incidents.of(DAY, moved, alerts(moved), List.of());
    VolumePolicy volume = new VolumePolicy(VolumePolicy.DEFAULT_LEVELS, 0.01, 200);
    List<Alert> noRows = new ArrayList<>();
    for (int s = 0; s < STATES.size(); s++) {
      VolumeFinding f = new VolumeFinding(new Slice("state", STATES.get(s)), 0, ROWS[s] * 14, 14);
      noRows.add(Alert.ofVolume(volume.apply(f.withPAdjusted(f.pValue()))));
    }
    noRows.add(Alert.ofVolume(volume.apply(new VolumeFinding(ProfileLayout.GLOBAL_SLICE, 0, 14 * 10_000, 14, 0))));

    List<Incident> empty = incidents.withoutRows(DAY.plusDays(1), noRows, before);
    assertEquals(2, empty.size(), empty.toString());
    Incident rows = empty.get(0);
    assertEquals(Incident.Kind.DATA_QUALITY, rows.kind());
    assertEquals(VolumeFinding.SUBJECT, rows.subject());
    assertEquals(Status.OPENED, rows.status());
    assertEquals(ProfileLayout.GLOBAL_SLICE, rows.slice(), "every slice lost its rows: one incident on the whole day");
    assertEquals(Severity.CRITICAL, rows.severity());
    assertEquals(6, rows.alertCount());
    Incident carried = empty.get(1);
    assertEquals(before.get(0).id(), carried.id());
    assertEquals(Status.ONGOING, carried.status(), "a day without rows cannot resolve the drift");
    assertEquals(DAY, carried.lastDs());
    assertEquals(0, carried.alertCount());
    // The next day with rows and the drift still there: the same incident, the volume one resolved.
    List<Incident> after = incidents.of(DAY.plusDays(2), moved, alerts(moved), empty);
    assertEquals(before.get(0).id(), after.stream().filter(i -> i.kind() == Incident.Kind.FEATURE_DRIFT).findFirst()
        .orElseThrow().id());
    assertEquals(Status.RESOLVED, after.stream().filter(i -> i.kind() == Incident.Kind.DATA_QUALITY).findFirst()
        .orElseThrow().status());
  }

  @Test
  void theVolumeOfASliceDimensionThatDriftedAsAFeatureJoinsItsIncident() {
    MonitoredColumn state =
        new MonitoredColumn(ColumnSpec.parse("state", "features.categorical[2]"), Kind.CATEGORICAL, Role.FEATURE);
    List<Assessed<DriftFinding>> moved = day(state, s -> new double[] {0.2, 0.3, 0.5});
    VolumePolicy volume = new VolumePolicy(VolumePolicy.DEFAULT_LEVELS, 0.01, 200);
    List<Alert> alerts = new ArrayList<>(alerts(moved));
    for (String s : List.of("TX", "WA")) {
      VolumeFinding f = new VolumeFinding(new Slice("state", s), 9000, 14 * 3000, 14);
      alerts.add(Alert.ofVolume(volume.apply(f.withPAdjusted(f.pValue()))));
    }
    List<Incident> day = incidents.of(DAY, moved, alerts, List.of());
    assertEquals(1, day.size(), day.toString());
    assertEquals(Incident.Kind.FEATURE_DRIFT, day.get(0).kind());
    assertEquals(alerts.size(), day.get(0).alertCount());
    assertTrue(day.get(0).summary().contains("the rows of state slices changed"), day.get(0).summary());

    // Without the feature's drift the volume is an incident of its own.
    List<Incident> alone = incidents.of(DAY, List.of(), alerts.subList(alerts.size() - 2, alerts.size()), List.of());
    assertEquals(1, alone.size());
    assertEquals(VolumeFinding.SUBJECT, alone.get(0).subject());
  }

  private interface Shares {
    double[] of(String state);
  }

  /** A day of one column: the reference has {@link #STABLE} shares everywhere, today each state has its own. */
  private static List<Assessed<DriftFinding>> day(MonitoredColumn column, Shares today) {
    List<long[]> ref = new ArrayList<>();
    List<long[]> cur = new ArrayList<>();
    for (int s = 0; s < STATES.size(); s++) {
      ref.add(counts(ROWS[s] * 14, STABLE));
      cur.add(counts(ROWS[s], today.of(STATES.get(s))));
    }
    List<Assessed<DriftFinding>> findings = new ArrayList<>();
    findings.add(finding(column, ProfileLayout.GLOBAL_SLICE, sum(ref), sum(cur)));
    for (int s = 0; s < STATES.size(); s++) {
      findings.add(finding(column, new Slice("state", STATES.get(s)), ref.get(s), cur.get(s)));
    }
    return findings;
  }

  private static Assessed<DriftFinding> finding(MonitoredColumn column, Slice slice, long[] ref, long[] cur) {
    DriftSummary s = DriftSummary.of(BinnedPair.of(ref, cur));
    // One comparison at a time: its own p-value stands in for the day's adjusted one.
    DriftFinding f = new DriftFinding(Comparison.BASELINE, "2026-10-01..2026-10-14", slice, column,
        List.of("A", "B", "C"), histogram(ref), histogram(cur), s, s.value(DriftMeasure.CHI2_P_VALUE));
    return POLICY.apply(f);
  }

  private static List<Alert> alerts(List<Assessed<DriftFinding>> day) {
    return day.stream().map(Alert::of).filter(Objects::nonNull).toList();
  }

  private static long[] counts(long rows, double[] shares) {
    long[] c = new long[shares.length];
    for (int i = 0; i < shares.length; i++) {
      c[i] = Math.round(rows * shares[i]);
    }
    return c;
  }

  private static long[] sum(List<long[]> parts) {
    long[] total = new long[parts.get(0).length];
    parts.forEach(p -> {
      for (int i = 0; i < p.length; i++) {
        total[i] += p[i];
      }
    });
    return total;
  }

  private static Histogram histogram(long[] counts) {
    long total = java.util.Arrays.stream(counts).sum();
    return Histogram.of(counts, new double[counts.length], 0, 0, 0, 0, total, 0, 0, 0, 0);
  }
}
