package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.decision.Incident.Kind;
import dev.driftline.jobs.decision.Incident.Status;
import dev.driftline.jobs.decision.RetrainDecision.Decision;
import dev.driftline.jobs.decision.RetrainDecision.Reason;
import dev.driftline.jobs.decision.RetrainSettings.FeatureDrift;
import dev.driftline.jobs.decision.RetrainSettings.Persistence;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The retraining policy on hand-made incidents: each rule and gate, the edges of persistence,
 * weights, cooldown and labels, the precedence of blocked, settings validation and the fingerprint.
 * Unless a test says otherwise the settings are {@link RetrainSettings#DEFAULTS}: critical
 * performance, prediction drift (warn) on 3 of 5 days, feature drift (warn) weighing 3 on 3 of 5
 * days, 10,000 labelled predictions, a 7-day cooldown, blocking on data quality.
 */
class RetrainPolicyTest {

  private static final LocalDate DS = LocalDate.of(2026, 10, 20);
  private static final Slice CA = new Slice("state", "CA");
  private static final RetrainPolicy DEFAULT = new RetrainPolicy(RetrainSettings.DEFAULTS);

  // ---- incidents and contexts ----

  /** An incident alerting (two alerts) on the whole day; the day is where {@link Day#on} puts it. */
  private static Incident incident(String id, Kind kind, String subject, Severity severity) {
    return new Incident(id, Status.ONGOING, kind, subject, ProfileLayout.GLOBAL_SLICE, severity, DS.minusDays(30), DS,
        List.of("__all__=__all__"), 2, List.of(), List.of(), subject + " " + kind.key() + " summary of " + id,
        List.of("evidence/" + id));
  }

  private static Incident with(Incident i, Status status, int alertCount, Slice slice) {
    return new Incident(i.id(), status, i.kind(), i.subject(), slice, i.severity(), i.firstDs(), i.lastDs(),
        i.affectedSlices(), alertCount, i.attribution(), i.topBins(), i.summary(), i.evidence());
  }

  private static Incident status(Incident i, Status status) {
    return with(i, status, i.alertCount(), i.slice());
  }

  private static Incident alertCount(Incident i, int alertCount) {
    return with(i, i.status(), alertCount, i.slice());
  }

  private static Incident onSlice(Incident i, Slice slice) {
    return with(i, i.status(), i.alertCount(), slice);
  }

  private static Incident performance(String id, Severity severity) {
    return incident(id, Kind.PERFORMANCE, Alert.MODEL_QUALITY, severity);
  }

  private static Incident prediction(String id, Severity severity) {
    return incident(id, Kind.PREDICTION_DRIFT, "score", severity);
  }

  private static Incident feature(String id, String column, Severity severity) {
    return incident(id, Kind.FEATURE_DRIFT, column, severity);
  }

  private static Incident quality(String id, String column, Severity severity) {
    return incident(id, Kind.DATA_QUALITY, column, severity);
  }

  /** A day to decide: by default, plenty of labels, no trigger and no retrain so far. */
  private static final class Day {
    final TreeMap<LocalDate, List<Incident>> incidents = new TreeMap<>();
    final Map<String, Long> sliceLabels = new HashMap<>(Map.of("__all__=__all__", 80_000L));
    Set<String> monitored = Set.of("amount", "country", "merchant", "score");
    long labelled = 50_000;
    LocalDate lastRetrain;
    LocalDate lastTrigger;

    Day on(int daysAgo, Incident... rows) {
      incidents.computeIfAbsent(DS.minusDays(daysAgo), d -> new ArrayList<>()).addAll(List.of(rows));
      return this;
    }

    /** The same incident (one id) alerting on each of these days. */
    Day each(Incident row, int... daysAgo) {
      for (int d : daysAgo) {
        on(d, row);
      }
      return this;
    }

    Day labels(String slice, long n) {
      sliceLabels.put(slice, n);
      return this;
    }

    Day labelled(long n) {
      labelled = n;
      return this;
    }

    Day retrained(LocalDate day) {
      lastRetrain = day;
      return this;
    }

    Day triggered(LocalDate day) {
      lastTrigger = day;
      return this;
    }

    RetrainContext context() {
      return new RetrainContext(DS, incidents, sliceLabels, monitored, labelled, lastRetrain, lastTrigger);
    }
  }

  private static Day day() {
    return new Day();
  }

  private static RetrainDecision decide(Day day) {
    return DEFAULT.decide(day.context());
  }

  private static RetrainDecision decide(RetrainSettings settings, Day day) {
    return new RetrainPolicy(settings).decide(day.context());
  }

  private static List<String> rules(RetrainDecision d) {
    return d.reasons().stream().map(Reason::rule).toList();
  }

  private static Reason reason(RetrainDecision d, String rule) {
    return d.reasons().stream().filter(r -> r.rule().equals(rule)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + rule + " reason in " + d.reasons()));
  }

  // ---- settings variations ----

  private static RetrainSettings settings(UnaryOperator<Builder> change) {
    return change.apply(new Builder(RetrainSettings.DEFAULTS)).build();
  }

  /** DEFAULTS with one or two settings changed. */
  private static final class Builder {
    Severity performanceSeverity;
    long minSliceLabels;
    Persistence predictionDrift;
    FeatureDrift featureDrift;
    long minLabelledRows;
    int cooldownDays;
    boolean blockOnDataQuality;
    boolean acceptEstimated;

    Builder(RetrainSettings s) {
      performanceSeverity = s.performanceSeverity();
      minSliceLabels = s.minSliceLabels();
      predictionDrift = s.predictionDrift();
      featureDrift = s.featureDrift();
      minLabelledRows = s.minLabelledRows();
      cooldownDays = s.cooldownDays();
      blockOnDataQuality = s.blockOnDataQuality();
      acceptEstimated = s.acceptEstimatedPerformance();
    }

    Builder performance(Severity s) {
      performanceSeverity = s;
      return this;
    }

    Builder minSliceLabels(long n) {
      minSliceLabels = n;
      return this;
    }

    Builder prediction(Severity s, int days, int ofDays) {
      predictionDrift = new Persistence(s, days, ofDays);
      return this;
    }

    Builder features(Severity s, double minFeatures, int days, int ofDays, Map<String, Double> importance) {
      featureDrift = new FeatureDrift(s, minFeatures, days, ofDays, importance);
      return this;
    }

    Builder importance(Map<String, Double> importance) {
      FeatureDrift f = featureDrift;
      return features(f.severity(), f.minFeatures(), f.days(), f.ofDays(), importance);
    }

    Builder minLabelledRows(long n) {
      minLabelledRows = n;
      return this;
    }

    Builder cooldownDays(int n) {
      cooldownDays = n;
      return this;
    }

    Builder block(boolean b) {
      blockOnDataQuality = b;
      return this;
    }

    Builder acceptEstimated(boolean b) {
      acceptEstimated = b;
      return this;
    }

    RetrainSettings build() {
      return new RetrainSettings(performanceSeverity, minSliceLabels, predictionDrift, featureDrift, minLabelledRows,
          cooldownDays, blockOnDataQuality, acceptEstimated);
    }
  }

  // ---- nothing to do ----

  @Test
  void aDayWithoutIncidentsIsNone() {
    RetrainDecision d = decide(day().labelled(1_234));
    assertEquals(Decision.NONE, d.decision());
    assertEquals(List.of(), d.reasons());
    assertEquals(List.of(), d.blockedBy());
    assertEquals(List.of(), d.evidence());
    assertEquals(1_234, d.labelledRowsSinceLastRetrain());
    assertNull(d.cooldownUntil());
    assertEquals("none", d.decision().key());
  }

  @Test
  void incidentsOfOtherKindsOrBelowWarnAreNoReason() {
    Day day = day().on(0, incident("lat", Kind.LATENCY, "latency_p99", Severity.CRITICAL),
        performance("perf-emerging", Severity.EMERGING), performance("perf-insufficient", Severity.INSUFFICIENT_DATA),
        quality("dq-warn", "amount", Severity.WARN));
    day.each(prediction("pred-emerging", Severity.EMERGING), 0, 1, 2, 3, 4);
    day.each(feature("f-info", "amount", Severity.INFO), 0, 1, 2, 3, 4);
    day.each(feature("f-none", "country", Severity.NONE), 0, 1, 2, 3, 4);
    RetrainDecision d = decide(settings(b -> b.performance(Severity.WARN)), day);
    assertEquals(Decision.NONE, d.decision(), d::toString);
    assertEquals(List.of(), d.reasons());
  }

  // ---- performance ----

  @Test
  void aCriticalPerformanceIncidentOnTheWholeDayRetrainsAtOnce() {
    RetrainDecision d = decide(day().on(0, performance("perf-1", Severity.CRITICAL)));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    assertEquals(List.of(new Reason("performance", "perf-1",
        "performance degraded on the whole day (critical): model_quality performance summary of perf-1")), d.reasons());
    assertEquals(List.of("perf-1"), d.evidence());
    assertEquals("retrain", d.decision().key());
  }

  @Test
  void anEstimatedPerformanceIncidentIsAReasonOnlyWhenEstimatesAreAccepted() {
    Incident estimated = onSlice(incident("est-1", Kind.PERFORMANCE, Alert.ESTIMATED_MODEL_QUALITY, Severity.CRITICAL),
        new Slice("device", "smart_tv"));
    assertEquals(Decision.NONE, decide(day().on(0, estimated)).decision(), "realized confirmation by default");
    RetrainDecision accepted = decide(settings(b -> b.acceptEstimated(true)), day().on(0, estimated));
    assertEquals(Decision.RETRAIN, accepted.decision(), accepted::toString);
    assertEquals(new Reason("performance", "est-1", "estimated performance (before labels) degraded on"
        + " device=smart_tv (critical): estimated_model_quality performance summary of est-1"),
        reason(accepted, "performance"));
    assertNotEquals(DEFAULT.fingerprint(), new RetrainPolicy(settings(b -> b.acceptEstimated(true))).fingerprint(),
        "accepting estimates is part of the policy's fingerprint");
  }

  @Test
  void aWarnPerformanceIncidentDoesNotSatisfyACriticalRuleButDoesAWarnRule() {
    Day day = day().on(0, performance("perf-warn", Severity.WARN));
    assertEquals(Decision.NONE, decide(day).decision());
    RetrainDecision warnRule = decide(settings(b -> b.performance(Severity.WARN)), day);
    assertEquals(Decision.RETRAIN, warnRule.decision());
    assertTrue(reason(warnRule, "performance").sentence().startsWith("performance degraded on the whole day (warn)"));
    // A critical incident satisfies a warn rule too.
    assertEquals(Decision.RETRAIN,
        decide(settings(b -> b.performance(Severity.WARN)), day().on(0, performance("p", Severity.CRITICAL)))
            .decision());
  }

  @Test
  void performanceCountsOnlyWhenItAlertsToday() {
    assertEquals(Decision.NONE, decide(day().on(1, performance("perf-yesterday", Severity.CRITICAL))).decision());
    assertEquals(Decision.NONE,
        decide(day().on(0, status(performance("perf-resolved", Severity.CRITICAL), Status.RESOLVED))).decision());
    assertEquals(Decision.NONE,
        decide(day().on(0, alertCount(performance("perf-carried", Severity.CRITICAL), 0))).decision());
    assertEquals(Decision.RETRAIN,
        decide(day().on(0, status(performance("perf-new", Severity.CRITICAL), Status.OPENED))).decision());
  }

  @Test
  void aSlicePerformanceIncidentNeedsEnoughLabelsInTheSlice() {
    Incident onCa = onSlice(performance("perf-ca", Severity.CRITICAL), CA);
    RetrainDecision exactly = decide(day().on(0, onCa).labels("state=CA", 1_000));
    assertEquals(Decision.RETRAIN, exactly.decision(), exactly::toString);
    assertEquals("performance degraded on state=CA (critical), with 1,000 labelled predictions there (1,000 needed):"
        + " model_quality performance summary of perf-ca", reason(exactly, "performance").sentence());

    RetrainDecision tooFew = decide(day().on(0, onCa).labels("state=CA", 999));
    assertEquals(Decision.WATCH, tooFew.decision());
    assertEquals(List.of(new Reason("performance", "perf-ca", "performance degraded on state=CA (critical), but too"
        + " few labels in the slice: 999 labelled predictions, 1,000 needed: model_quality performance summary of"
        + " perf-ca")), tooFew.reasons());
    assertEquals(List.of("perf-ca"), tooFew.evidence());

    // Missing from the map: no labels known, so none; the whole day's labels do not stand in.
    RetrainDecision missing = decide(day().on(0, onCa));
    assertEquals(Decision.WATCH, missing.decision());
    assertTrue(reason(missing, "performance").sentence().contains("too few labels in the slice: 0 labelled"
        + " predictions, 1,000 needed"), missing::toString);

    // The whole day needs no slice labels: it has them by construction.
    RetrainDecision wholeDay = decide(day().on(0, performance("perf-all", Severity.CRITICAL)).labels("__all__=__all__", 5));
    assertEquals(Decision.RETRAIN, wholeDay.decision());
    // With min_slice_labels 0 even an unknown slice counts.
    assertEquals(Decision.RETRAIN, decide(settings(b -> b.minSliceLabels(0)), day().on(0, onCa)).decision());
  }

  @Test
  void aSliceWithTooFewLabelsIsNoFullReasonSoItsGatesAreNotListed() {
    Incident onCa = onSlice(performance("perf-ca", Severity.CRITICAL), CA);
    RetrainDecision d = decide(day().on(0, onCa).labelled(10).triggered(DS.minusDays(1)));
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(List.of("performance"), rules(d));
  }

  // ---- prediction drift ----

  @Test
  void predictionDriftOnExactlyKOfTheLastNDaysRetrains() {
    Incident score = prediction("pred-1", Severity.WARN);
    RetrainDecision d = decide(day().each(score, 0, 2, 4));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    assertEquals(List.of(new Reason("prediction_drift", "pred-1",
        "prediction drift on score on 3 of the last 5 days (3 needed)")), d.reasons());
    assertEquals(List.of("pred-1"), d.evidence());
  }

  @Test
  void predictionDriftOnOneDayTooFewIsWatch() {
    RetrainDecision d = decide(day().each(prediction("pred-1", Severity.CRITICAL), 0, 3));
    assertEquals(Decision.WATCH, d.decision(), d::toString);
    assertEquals(List.of(new Reason("prediction_drift", "pred-1",
        "prediction drift on score on 2 of the last 5 days (3 needed)")), d.reasons());
    assertEquals(List.of("pred-1"), d.evidence());
    assertEquals("watch", d.decision().key());
  }

  @Test
  void anAlertOutsideTheWindowDoesNotCount() {
    // Days 0, 1 and 5 ago: the last is the sixth day back, outside the 5-day window.
    RetrainDecision d = decide(day().each(prediction("pred-1", Severity.WARN), 0, 1, 5));
    assertEquals(Decision.WATCH, d.decision());
    assertEquals("prediction drift on score on 2 of the last 5 days (3 needed)",
        reason(d, "prediction_drift").sentence());
    // Only alerts outside the window: no reason at all.
    assertEquals(Decision.NONE, decide(day().each(prediction("pred-old", Severity.WARN), 5, 6, 7)).decision());
  }

  @Test
  void persistenceDoesNotNeedTodayToAlert() {
    RetrainDecision d = decide(day().each(prediction("pred-1", Severity.WARN), 2, 3, 4));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    // A drift that alerts only on earlier days of the window is still worth watching.
    assertEquals(Decision.WATCH, decide(day().each(prediction("pred-1", Severity.WARN), 4)).decision());
  }

  @Test
  void resolvedRowsAndCarriedOverRowsWithoutAlertsDoNotCount() {
    Incident score = prediction("pred-1", Severity.WARN);
    Day day = day().each(score, 0, 1).on(2, status(score, Status.RESOLVED)).on(3, alertCount(score, 0));
    RetrainDecision d = decide(day);
    assertEquals(Decision.WATCH, d.decision(), d::toString);
    assertEquals("prediction drift on score on 2 of the last 5 days (3 needed)",
        reason(d, "prediction_drift").sentence());
    // Make the resolved row an alerting one: three days, retrain (so the row above really was what kept it out).
    assertEquals(Decision.RETRAIN, decide(day().each(score, 0, 1, 2)).decision());
    // Nothing but resolved and alert-less rows: no reason.
    assertEquals(Decision.NONE, decide(day().on(0, status(score, Status.RESOLVED)).on(1, alertCount(score, 0))
        .on(2, alertCount(score, 0))).decision());
  }

  @Test
  void aWarnPredictionDriftDoesNotSatisfyACriticalRule() {
    RetrainSettings critical = settings(b -> b.prediction(Severity.CRITICAL, 3, 5));
    assertEquals(Decision.NONE, decide(critical, day().each(prediction("pred-warn", Severity.WARN), 0, 1, 2)).decision());
    RetrainDecision d = decide(critical, day().each(prediction("pred-crit", Severity.CRITICAL), 0, 1, 2));
    assertEquals(Decision.RETRAIN, d.decision());
    assertEquals("critical prediction drift on score on 3 of the last 5 days (3 needed)",
        reason(d, "prediction_drift").sentence());
    // Two critical days and one warn day: two count.
    RetrainDecision mixed = decide(critical, day().each(prediction("p", Severity.CRITICAL), 0, 1)
        .on(2, prediction("p", Severity.WARN)));
    assertEquals(Decision.WATCH, mixed.decision());
  }

  @Test
  void severalPredictionIncidentsAreNamedByTheEvidenceOnly() {
    // The drift resolved and came back under a new id: still one cause, three days of it.
    Day day = day().each(prediction("pred-old", Severity.WARN), 4, 3).on(2, status(prediction("pred-old",
        Severity.WARN), Status.RESOLVED)).each(prediction("pred-new", Severity.WARN), 0);
    RetrainDecision d = decide(day);
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    assertNull(reason(d, "prediction_drift").incidentId());
    assertEquals(List.of("pred-old", "pred-new"), d.evidence());
  }

  @Test
  void aOneDayWindowSaysToday() {
    RetrainSettings oneDay = settings(b -> b.prediction(Severity.WARN, 1, 1));
    RetrainDecision d = decide(oneDay, day().on(0, prediction("pred-1", Severity.WARN)));
    assertEquals(Decision.RETRAIN, d.decision());
    assertEquals("prediction drift on score today", reason(d, "prediction_drift").sentence());
    assertEquals(Decision.NONE, decide(oneDay, day().on(1, prediction("pred-1", Severity.WARN))).decision());
  }

  // ---- feature drift ----

  private static Day threeFeaturesOn(Day day, int... daysAgo) {
    for (int d : daysAgo) {
      day.on(d, feature("f-amount", "amount", Severity.WARN), feature("f-country", "country", Severity.CRITICAL),
          feature("f-merchant", "merchant", Severity.WARN));
    }
    return day;
  }

  @Test
  void enoughFeaturesOnKOfNDaysRetrain() {
    RetrainDecision d = decide(threeFeaturesOn(day(), 0, 1, 4));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    Reason r = reason(d, "feature_drift");
    assertNull(r.incidentId(), "several incidents make it");
    assertEquals("drift on features weighing 3 or more on 3 of the last 5 days (3 needed); drifting: amount (3 days),"
        + " country (3 days), merchant (3 days)", r.sentence());
    assertEquals(List.of("f-amount", "f-country", "f-merchant"), d.evidence());
  }

  @Test
  void tooFewFeaturesOrDaysIsWatch() {
    // Three features on two days only.
    RetrainDecision twoDays = decide(threeFeaturesOn(day(), 0, 1));
    assertEquals(Decision.WATCH, twoDays.decision());
    assertTrue(reason(twoDays, "feature_drift").sentence().contains("on 2 of the last 5 days (3 needed)"));
    // Two features every day: no day reaches 3.
    Day two = day();
    for (int d = 0; d < 5; d++) {
      two.on(d, feature("f-amount", "amount", Severity.WARN), feature("f-country", "country", Severity.WARN));
    }
    RetrainDecision d = decide(two);
    assertEquals(Decision.WATCH, d.decision());
    assertEquals("drift on features weighing 3 or more on 0 of the last 5 days (3 needed); drifting: amount (5 days),"
        + " country (5 days)", reason(d, "feature_drift").sentence());
    assertEquals(List.of("f-amount", "f-country"), d.evidence());
  }

  @Test
  void aFeatureCountsOnceADayAndOnlyWhileItAlerts() {
    Day day = day();
    for (int d = 0; d < 3; d++) {
      // amount twice (two rows of one cause), country resolved, merchant carried over without alerts.
      day.on(d, feature("f-amount", "amount", Severity.WARN), feature("f-amount-2", "amount", Severity.WARN),
          status(feature("f-country", "country", Severity.WARN), Status.RESOLVED),
          alertCount(feature("f-merchant", "merchant", Severity.WARN), 0), feature("f-zip", "zip", Severity.WARN));
    }
    RetrainDecision d = decide(day);
    assertEquals(Decision.WATCH, d.decision(), d::toString);
    assertEquals("drift on features weighing 3 or more on 0 of the last 5 days (3 needed); drifting: amount (3 days),"
        + " zip (3 days)", reason(d, "feature_drift").sentence());
    assertEquals(List.of("f-amount", "f-zip"), d.evidence());
  }

  @Test
  void aHeavyFeatureAloneReachesMinFeatures() {
    RetrainSettings heavy = settings(b -> b.importance(Map.of("amount", 3.0)));
    RetrainDecision d = decide(heavy, day().each(feature("f-amount", "amount", Severity.WARN), 0, 1, 2));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    Reason r = reason(d, "feature_drift");
    assertEquals("f-amount", r.incidentId(), "one incident makes it");
    assertEquals("drift on features weighing 3 or more on 3 of the last 5 days (3 needed); drifting: amount (3 days,"
        + " weight 3)", r.sentence());
    // Names are matched ignoring case.
    assertEquals(Decision.RETRAIN, decide(settings(b -> b.importance(Map.of("AMOUNT", 3.0))),
        day().each(feature("f-amount", "Amount", Severity.WARN), 0, 1, 2)).decision());
    // Just below: 2.99 alone is not enough.
    assertEquals(Decision.WATCH, decide(settings(b -> b.importance(Map.of("amount", 2.99))),
        day().each(feature("f-amount", "amount", Severity.WARN), 0, 1, 2)).decision());
  }

  @Test
  void aZeroWeightFeatureNeverCounts() {
    RetrainSettings ignored = settings(b -> b.importance(Map.of("amount", 0.0)));
    RetrainDecision d = decide(ignored, threeFeaturesOn(day(), 0, 1, 2));
    assertEquals(Decision.WATCH, d.decision(), "amount weighs nothing, two features weigh 2 < 3");
    assertEquals(List.of("f-country", "f-merchant"), d.evidence());
    assertTrue(!reason(d, "feature_drift").sentence().contains("amount"), d::toString);
    // Alone it is not even a reason to watch.
    assertEquals(Decision.NONE,
        decide(ignored, day().each(feature("f-amount", "amount", Severity.CRITICAL), 0, 1, 2)).decision());
  }

  @Test
  void fractionalWeightsReachTheirSumDespiteRounding() {
    // 0.1 + 0.2 is 0.30000000000000004 and 0.1 + 0.1 + 0.1 is 0.30000000000000004; 0.3 + 0.3 + 0.3 < 0.9 by 1e-16.
    RetrainSettings light = settings(b -> b.features(Severity.WARN, 0.9, 1, 1,
        Map.of("amount", 0.3, "country", 0.3, "merchant", 0.3)));
    RetrainDecision d = decide(light, threeFeaturesOn(day(), 0));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    assertEquals("drift on features weighing 0.9 or more today; drifting: amount (1 day, weight 0.3),"
        + " country (1 day, weight 0.3), merchant (1 day, weight 0.3)", reason(d, "feature_drift").sentence());
  }

  @Test
  void aWarnFeatureDriftDoesNotSatisfyACriticalRule() {
    RetrainSettings critical = settings(b -> b.features(Severity.CRITICAL, 1, 1, 1, Map.of()));
    assertEquals(Decision.NONE,
        decide(critical, day().on(0, feature("f-amount", "amount", Severity.WARN))).decision());
    RetrainDecision d = decide(critical, day().on(0, feature("f-amount", "amount", Severity.CRITICAL)));
    assertEquals(Decision.RETRAIN, d.decision());
    assertTrue(reason(d, "feature_drift").sentence().startsWith("critical drift on features weighing 1 or more today"));
  }

  // ---- labels gate ----

  @Test
  void tooFewLabelsSinceTheLastRetrainHoldsARetrainBack() {
    Day day = day().on(0, performance("perf-1", Severity.CRITICAL)).labelled(9_999);
    RetrainDecision d = decide(day);
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(List.of(new Reason("performance", "perf-1",
            "performance degraded on the whole day (critical): model_quality performance summary of perf-1"),
        new Reason("labels", null,
            "waiting for labels: 9,999 of 10,000 labelled predictions since the reference window")), d.reasons());
    assertEquals(List.of("perf-1"), d.evidence());
    assertEquals(9_999, d.labelledRowsSinceLastRetrain());

    RetrainDecision sinceRetrain = decide(day.retrained(LocalDate.of(2026, 8, 1)).labelled(4_200));
    assertEquals("waiting for labels: 4,200 of 10,000 labelled predictions since the retrain of 2026-08-01",
        reason(sinceRetrain, "labels").sentence());
  }

  @Test
  void exactlyMinLabelledRowsPasses() {
    RetrainDecision d = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).labelled(10_000));
    assertEquals(Decision.RETRAIN, d.decision(), d::toString);
    assertEquals(List.of("performance"), rules(d));
    // min_labelled_rows 0 never waits.
    assertEquals(Decision.RETRAIN, decide(settings(b -> b.minLabelledRows(0)),
        day().on(0, performance("perf-1", Severity.CRITICAL)).labelled(0)).decision());
  }

  @Test
  void gatesAreListedOnlyWithAFullReason() {
    RetrainDecision d = decide(day().each(prediction("pred-1", Severity.WARN), 0).labelled(0)
        .triggered(DS.minusDays(1)));
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(List.of("prediction_drift"), rules(d));
  }

  // ---- cooldown gate ----

  @Test
  void theLastDayOfTheCooldownWatchesAndTheDayAfterRetrains() {
    // A trigger 6 days ago with a 7-day cooldown: it lasts through today.
    RetrainDecision last = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.minusDays(6)));
    assertEquals(Decision.WATCH, last.decision());
    assertEquals(DS, last.cooldownUntil());
    assertEquals(new Reason("cooldown", null, "cooldown until 2026-10-20 after the trigger of 2026-10-14"),
        reason(last, "cooldown"));

    RetrainDecision after = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.minusDays(7)));
    assertEquals(Decision.RETRAIN, after.decision());
    assertEquals(DS.minusDays(1), after.cooldownUntil());
    assertEquals(List.of("performance"), rules(after));
  }

  @Test
  void theCooldownRunsFromTheLaterOfTriggerAndRetrain() {
    Day day = day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.minusDays(20))
        .retrained(DS.minusDays(2));
    RetrainDecision d = decide(day);
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(DS.plusDays(4), d.cooldownUntil());
    assertEquals("cooldown until 2026-10-24 after the retrain of 2026-10-18", reason(d, "cooldown").sentence());

    RetrainDecision sameDay = decide(day.triggered(DS.minusDays(2)));
    assertEquals("cooldown until 2026-10-24 after the trigger and retrain of 2026-10-18",
        reason(sameDay, "cooldown").sentence());
  }

  @Test
  void theCooldownIsReportedWithoutAReasonAndAbsentWithoutAnyTriggerOrRetrain() {
    RetrainDecision quiet = decide(day().triggered(DS.minusDays(3)));
    assertEquals(Decision.NONE, quiet.decision());
    assertEquals(DS.plusDays(3), quiet.cooldownUntil());
    assertNull(decide(day().on(0, performance("perf-1", Severity.CRITICAL))).cooldownUntil());
  }

  @Test
  void aZeroDayCooldownNeverHoldsBack() {
    RetrainDecision d = decide(settings(b -> b.cooldownDays(0)),
        day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.minusDays(1)));
    assertEquals(Decision.RETRAIN, d.decision());
    assertNull(d.cooldownUntil());
    // One day covers only the day of the trigger itself.
    RetrainDecision one = decide(settings(b -> b.cooldownDays(1)),
        day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.minusDays(1)));
    assertEquals(Decision.RETRAIN, one.decision());
    assertEquals(DS.minusDays(1), one.cooldownUntil());
  }

  @Test
  void aTriggerOfTheDayItselfDoesNotCoolItDown() {
    // Rerunning a day whose trigger was sent decides the same again.
    RetrainDecision rerun = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS));
    assertEquals(Decision.RETRAIN, rerun.decision(), rerun::toString);
    assertNull(rerun.cooldownUntil());
    // A trigger after an earlier one: the earlier one still counts.
    RetrainDecision both = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).triggered(DS.plusDays(2))
        .retrained(DS.minusDays(1)));
    assertEquals(Decision.WATCH, both.decision());
    assertEquals(DS.plusDays(5), both.cooldownUntil());
  }

  @Test
  void bothGatesAreListedInOrder() {
    RetrainDecision d = decide(day().on(0, performance("perf-1", Severity.CRITICAL)).labelled(10)
        .triggered(DS.minusDays(1)));
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(List.of("performance", "labels", "cooldown"), rules(d));
  }

  // ---- blocked ----

  @Test
  void aCriticalDataQualityIncidentOnAMonitoredColumnBlocksARetrain() {
    Day day = day().on(0, performance("perf-1", Severity.CRITICAL), quality("dq-amount", "amount", Severity.CRITICAL));
    RetrainDecision d = decide(day);
    assertEquals(Decision.BLOCKED, d.decision(), d::toString);
    assertEquals(List.of("critical data-quality incident dq-amount on amount: amount data_quality summary of dq-amount"),
        d.blockedBy());
    assertEquals(List.of("performance"), rules(d));
    assertEquals(List.of("perf-1"), d.evidence(), "the blocking incident is named by blockedBy");
    assertEquals("blocked", d.decision().key());
  }

  @Test
  void blockedTakesPrecedenceOverPartialReasonsAndGates() {
    RetrainDecision partial = decide(day().on(0, prediction("pred-1", Severity.WARN),
        quality("dq-score", "SCORE", Severity.CRITICAL)));
    assertEquals(Decision.BLOCKED, partial.decision(), "a partial reason is blocked too; names ignore case");
    RetrainDecision gated = decide(day().on(0, performance("perf-1", Severity.CRITICAL),
        quality("dq-amount", "amount", Severity.CRITICAL)).labelled(5).triggered(DS.minusDays(1)));
    assertEquals(Decision.BLOCKED, gated.decision());
    assertEquals(List.of("performance", "labels", "cooldown"), rules(gated), "the gates still say what waits");
  }

  @Test
  void theVolumeBlocksAsAColumnDoes() {
    RetrainDecision d = decide(day().on(0, performance("perf-1", Severity.CRITICAL),
        alertCount(quality("dq-rows", "__rows__", Severity.CRITICAL), 1)));
    assertEquals(Decision.BLOCKED, d.decision());
    assertEquals(List.of("critical data-quality incident dq-rows on the volume (__rows__): __rows__ data_quality"
        + " summary of dq-rows"), d.blockedBy());
  }

  @Test
  void onlyTodaysOpenCriticalDataQualityOnMonitoredColumnsBlocks() {
    Incident perf = performance("perf-1", Severity.CRITICAL);
    List<Day> notBlocking = List.of(
        day().on(0, perf, quality("dq-other", "customer_note", Severity.CRITICAL)),
        day().on(0, perf, quality("dq-warn", "amount", Severity.WARN)),
        day().on(0, perf).on(1, quality("dq-yesterday", "amount", Severity.CRITICAL)),
        day().on(0, perf, status(quality("dq-resolved", "amount", Severity.CRITICAL), Status.RESOLVED)),
        day().on(0, perf, alertCount(quality("dq-carried", "amount", Severity.CRITICAL), 0)));
    for (Day day : notBlocking) {
      RetrainDecision d = decide(day);
      assertEquals(Decision.RETRAIN, d.decision(), d::toString);
      assertEquals(List.of(), d.blockedBy());
    }
    RetrainDecision off = decide(settings(b -> b.block(false)),
        day().on(0, perf, quality("dq-amount", "amount", Severity.CRITICAL)));
    assertEquals(Decision.RETRAIN, off.decision());
    assertEquals(List.of(), off.blockedBy());
  }

  @Test
  void aCriticalDataQualityIncidentWithoutAnyReasonIsNone() {
    RetrainDecision d = decide(day().on(0, quality("dq-amount", "amount", Severity.CRITICAL),
        quality("dq-rows", "__rows__", Severity.CRITICAL)));
    assertEquals(Decision.NONE, d.decision());
    assertEquals(List.of(), d.blockedBy(), "nothing to block");
    assertEquals(List.of(), d.reasons());
    assertEquals(List.of(), d.evidence());
  }

  // ---- all together ----

  @Test
  void reasonsComeInRuleOrderThenGatesAndEvidenceFollowsThem() {
    Day day = threeFeaturesOn(day(), 0, 1, 2).each(prediction("pred-1", Severity.WARN), 0, 1)
        .on(0, performance("perf-1", Severity.CRITICAL), feature("f-amount", "amount", Severity.WARN))
        .labelled(100);
    RetrainDecision d = decide(day);
    assertEquals(Decision.WATCH, d.decision());
    assertEquals(List.of("performance", "prediction_drift", "feature_drift", "labels"), rules(d));
    assertEquals(List.of("perf-1", "pred-1", "f-amount", "f-country", "f-merchant"), d.evidence());
    assertEquals(100, d.labelledRowsSinceLastRetrain());
  }

  @Test
  void theDecisionDoesNotDependOnTheContextsOtherDays() {
    // Days far outside every window, in the map or not, change nothing.
    Day near = day().on(0, performance("perf-1", Severity.CRITICAL));
    Day far = day().on(0, performance("perf-1", Severity.CRITICAL)).each(prediction("old", Severity.CRITICAL), 30, 31, 32);
    far.incidents.put(DS.minusDays(3), List.of());
    assertEquals(decide(near), decide(far));
  }

  // ---- settings ----

  static Stream<Arguments> invalidSettings() {
    return Stream.of(
        Arguments.of(settings(b -> b.performance(Severity.EMERGING)),
            "retraining.performance.severity must be warn or critical, got emerging"),
        Arguments.of(settings(b -> b.performance(Severity.NONE)),
            "retraining.performance.severity must be warn or critical, got none"),
        Arguments.of(settings(b -> b.performance(null)),
            "retraining.performance.severity must be warn or critical, got nothing"),
        Arguments.of(settings(b -> b.minSliceLabels(-1)),
            "retraining.performance.min_slice_labels must be at least 0, got -1"),
        Arguments.of(settings(b -> b.prediction(Severity.INFO, 3, 5)),
            "retraining.prediction_drift.severity must be warn or critical, got info"),
        Arguments.of(settings(b -> b.prediction(Severity.WARN, 6, 5)),
            "retraining.prediction_drift.days must be between 1 and retraining.prediction_drift.of_days (5), got 6"),
        Arguments.of(settings(b -> b.prediction(Severity.WARN, 0, 5)),
            "retraining.prediction_drift.days must be between 1 and retraining.prediction_drift.of_days (5), got 0"),
        Arguments.of(settings(b -> b.prediction(Severity.WARN, 0, 0)),
            "retraining.prediction_drift.of_days must be at least 1, got 0"),
        Arguments.of(settings(b -> {
          b.predictionDrift = null;
          return b;
        }), "retraining.prediction_drift is missing"),
        Arguments.of(settings(b -> b.features(Severity.INSUFFICIENT_DATA, 3, 3, 5, Map.of())),
            "retraining.feature_drift.severity must be warn or critical, got insufficient_data"),
        Arguments.of(settings(b -> b.features(Severity.WARN, 0, 3, 5, Map.of())),
            "retraining.feature_drift.min_features must be finite and above 0, got 0.0"),
        Arguments.of(settings(b -> b.features(Severity.WARN, Double.NaN, 3, 5, Map.of())),
            "retraining.feature_drift.min_features must be finite and above 0, got NaN"),
        Arguments.of(settings(b -> b.features(Severity.WARN, Double.POSITIVE_INFINITY, 3, 5, Map.of())),
            "retraining.feature_drift.min_features must be finite and above 0, got Infinity"),
        Arguments.of(settings(b -> b.features(Severity.WARN, 3, 4, 3, Map.of())),
            "retraining.feature_drift.days must be between 1 and retraining.feature_drift.of_days (3), got 4"),
        Arguments.of(settings(b -> b.features(Severity.WARN, 3, 1, -2, Map.of())),
            "retraining.feature_drift.of_days must be at least 1, got -2"),
        Arguments.of(settings(b -> b.importance(Map.of("amount", -0.5))),
            "retraining.feature_drift.importance.amount must be finite and at least 0, got -0.5"),
        Arguments.of(settings(b -> b.importance(Map.of("amount", Double.NaN))),
            "retraining.feature_drift.importance.amount must be finite and at least 0, got NaN"),
        Arguments.of(settings(b -> b.importance(new TreeMap<>(Map.of("Amount", 1.0, "amount", 2.0)))),
            "retraining.feature_drift.importance.amount is given twice (column names ignore case)"),
        Arguments.of(settings(b -> b.minLabelledRows(-10)),
            "retraining.min_labelled_rows must be at least 0, got -10"),
        Arguments.of(settings(b -> b.cooldownDays(-1)),
            "retraining.cooldown_days must be at least 0, got -1"));
  }

  @ParameterizedTest
  @MethodSource("invalidSettings")
  void invalidSettingsAreRejectedByTheirConfigKey(RetrainSettings settings, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RetrainPolicy(settings));
    assertEquals(message, e.getMessage());
  }

  @Test
  void theEdgesOfTheValidRangesAreAccepted() {
    new RetrainPolicy(settings(b -> b.prediction(Severity.CRITICAL, 1, 1).features(Severity.CRITICAL, 0.001, 7, 7,
        Map.of("amount", 0.0)).minSliceLabels(0).minLabelledRows(0).cooldownDays(0)));
    new RetrainPolicy(settings(b -> b.importance(null)));
  }

  // ---- fingerprint ----

  @Test
  void theFingerprintIsStableAcrossInstancesAndJvms() {
    RetrainPolicy again = new RetrainPolicy(new RetrainSettings(Severity.CRITICAL, 1_000,
        new Persistence(Severity.WARN, 3, 5), new FeatureDrift(Severity.WARN, 3, 3, 5, Map.of()), 10_000, 7, true, false));
    assertEquals(DEFAULT.fingerprint(), again.fingerprint());
    // A fixed value (the first 16 hex digits of the SHA-256 of the canonical text, computed apart from
    // Java too), so another JVM or a refactoring cannot change it unnoticed. It changes only with the
    // rules (RetrainPolicy.VERSION) or the settings.
    assertEquals("df838d249b65f3f1", DEFAULT.fingerprint());
    assertTrue(DEFAULT.fingerprint().matches("[0-9a-f]{16}"));
    // The order importances are given in does not matter; the case of their names does not either.
    Map<String, Double> ab = new LinkedHashMap<>();
    ab.put("amount", 2.0);
    ab.put("country", 0.5);
    Map<String, Double> ba = new LinkedHashMap<>();
    ba.put("Country", 0.5);
    ba.put("amount", 2.0);
    assertEquals(new RetrainPolicy(settings(b -> b.importance(ab))).fingerprint(),
        new RetrainPolicy(settings(b -> b.importance(ba))).fingerprint());
  }

  @Test
  void everySettingChangesTheFingerprint() {
    List<RetrainSettings> variants = List.of(
        RetrainSettings.DEFAULTS,
        settings(b -> b.performance(Severity.WARN)),
        settings(b -> b.minSliceLabels(999)),
        settings(b -> b.prediction(Severity.CRITICAL, 3, 5)),
        settings(b -> b.prediction(Severity.WARN, 2, 5)),
        settings(b -> b.prediction(Severity.WARN, 3, 6)),
        settings(b -> b.features(Severity.CRITICAL, 3, 3, 5, Map.of())),
        settings(b -> b.features(Severity.WARN, 2.5, 3, 5, Map.of())),
        settings(b -> b.features(Severity.WARN, 3, 2, 5, Map.of())),
        settings(b -> b.features(Severity.WARN, 3, 3, 6, Map.of())),
        settings(b -> b.importance(Map.of("amount", 2.0))),
        settings(b -> b.importance(Map.of("amount", 2.5))),
        settings(b -> b.importance(Map.of("country", 2.0))),
        settings(b -> b.importance(Map.of("amount", 2.0, "country", 2.0))),
        settings(b -> b.minLabelledRows(9_999)),
        settings(b -> b.cooldownDays(6)),
        settings(b -> b.block(false)),
        // The same numbers in other places must not collide: days and of_days swapped between rules.
        settings(b -> b.prediction(Severity.WARN, 3, 3).features(Severity.WARN, 3, 5, 5, Map.of())));
    Set<String> fingerprints = new HashSet<>();
    for (RetrainSettings s : variants) {
      assertTrue(fingerprints.add(new RetrainPolicy(s).fingerprint()), () -> "a collision at " + s);
    }
    assertNotEquals(DEFAULT.fingerprint(), new RetrainPolicy(settings(b -> b.cooldownDays(8))).fingerprint());
  }
}
