package dev.driftline.jobs.decision;

import dev.driftline.jobs.decision.Incident.Kind;
import dev.driftline.jobs.decision.Incident.Status;
import dev.driftline.jobs.decision.RetrainDecision.Decision;
import dev.driftline.jobs.decision.RetrainDecision.Reason;
import dev.driftline.jobs.decision.RetrainSettings.FeatureDrift;
import dev.driftline.jobs.decision.RetrainSettings.Persistence;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides from the stored incidents whether a day calls for retraining the model: none, watch,
 * retrain or blocked.
 *
 * <p>An incident alerts on a day when it is that day's row, opened or ongoing with at least one
 * alert (a day without rows carries incidents over with none), at the rule's severity or above
 * (critical reaches warn; emerging, info, none and insufficient data reach neither). Three rules
 * are reasons to retrain, each holding fully or in part:
 * <ul>
 *   <li>{@code performance}: a performance incident today, at once, since its alert already
 *       needs a degradation beyond the noise floors with an adjusted p-value. On a slice narrower
 *       than the whole day it holds only with enough labelled predictions in that slice; with too
 *       few (none recorded counts as none) it holds in part: a small slice's metric is too noisy
 *       to retrain on, yet worth watching;
 *   <li>{@code prediction_drift}: prediction drift (on any prediction column) on K of the last N
 *       days, today included; in part on fewer days, since one day's drift is often a passing mix
 *       of traffic;
 *   <li>{@code feature_drift}: a day holds when the distinct drifting features weigh enough
 *       together (each its importance, 1 when not listed, names compared case-insensitively),
 *       up to rounding; fully on K of the last N days, in part when a feature of positive weight
 *       drifts in the window. A feature of weight 0 is never a reason, not even to watch.
 * </ul>
 * A rule's severity filters every alert it sees, for the partial reasons too: a warn performance
 * incident is no reason under a critical rule.
 *
 * <p>Gates hold a full reason back to watch: too few labelled predictions since the last retrain
 * (a new model could not be trained or judged on them) and the cooldown after the last trigger or
 * retrain (a retrain takes days to land; asking again meanwhile would only pile them up). Only a
 * trigger or retrain before the day counts: rerunning a day whose trigger was sent decides the
 * same again, and the trigger's idempotency key keeps it from being sent twice. A critical
 * data-quality incident today on a monitored column or the volume blocks any reason, full or
 * partial, since a model retrained on broken data learns the breakage. Without any reason the
 * decision is none and {@code blockedBy} stays empty, even with such an incident: it blocks
 * nothing then, so {@code blockedBy} is non-empty exactly when the decision is blocked.
 *
 * <p>{@code reasons} lists the rules that hold (performance, prediction drift, feature drift),
 * then the gates that fail when a rule holds fully, whatever the decision, so a blocked day also
 * says what would still hold a retrain back. {@code evidence} holds the ids of the incidents
 * behind the rules, in the order of the reasons and, within one, of the days; the blocking
 * incidents are named by {@code blockedBy} alone.
 */
public final class RetrainPolicy {

  public static final String PERFORMANCE = "performance";
  public static final String PREDICTION_DRIFT = "prediction_drift";
  public static final String FEATURE_DRIFT = "feature_drift";
  public static final String LABELS = "labels";
  public static final String COOLDOWN = "cooldown";

  /** Bump when the rules change, so a stored fingerprint names the logic as well as the settings. */
  private static final String VERSION = "retrain-policy/1";
  /** Weights like 0.1 add up with rounding errors: 0.1 + 0.2 must still reach 0.3. */
  private static final double WEIGHT_TOLERANCE = 1e-9;

  private final RetrainSettings settings;
  /** The feature importances by lower-case name. */
  private final Map<String, Double> importance;

  /**
   * @throws IllegalArgumentException naming the setting by its config key when one is out of
   *     range: a severity other than warn or critical, days outside 1..of_days, of_days below 1,
   *     min_features not above 0, an importance negative or not finite, a negative count
   */
  public RetrainPolicy(RetrainSettings settings) {
    Objects.requireNonNull(settings, "retraining");
    this.settings = settings;
    alertingSeverity("retraining.performance.severity", settings.performanceSeverity());
    atLeastZero("retraining.performance.min_slice_labels", settings.minSliceLabels());
    Persistence p = require("retraining.prediction_drift", settings.predictionDrift());
    alertingSeverity("retraining.prediction_drift.severity", p.severity());
    window("retraining.prediction_drift", p.days(), p.ofDays());
    FeatureDrift f = require("retraining.feature_drift", settings.featureDrift());
    alertingSeverity("retraining.feature_drift.severity", f.severity());
    if (!(f.minFeatures() > 0) || Double.isInfinite(f.minFeatures())) {
      throw new IllegalArgumentException(
          "retraining.feature_drift.min_features must be finite and above 0, got " + f.minFeatures());
    }
    window("retraining.feature_drift", f.days(), f.ofDays());
    this.importance = importance(f.importance());
    atLeastZero("retraining.min_labelled_rows", settings.minLabelledRows());
    atLeastZero("retraining.cooldown_days", settings.cooldownDays());
  }

  public RetrainSettings settings() {
    return settings;
  }

  /**
   * A stable id of the rules and every setting (importances by lower-case name, in name order),
   * the same in every JVM: a stored decision names the policy that made it.
   */
  public String fingerprint() {
    FeatureDrift f = settings.featureDrift();
    Persistence p = settings.predictionDrift();
    Fingerprint id = new Fingerprint().add(VERSION)
        .add("performance.severity=" + settings.performanceSeverity().key())
        .add("performance.min_slice_labels=" + settings.minSliceLabels())
        .add("prediction_drift.severity=" + p.severity().key())
        .add("prediction_drift.days=" + p.days())
        .add("prediction_drift.of_days=" + p.ofDays())
        .add("feature_drift.severity=" + f.severity().key())
        .add("feature_drift.min_features=" + f.minFeatures())
        .add("feature_drift.days=" + f.days())
        .add("feature_drift.of_days=" + f.ofDays());
    new TreeMap<>(importance).forEach((name, weight) -> id.add("feature_drift.importance." + name + "=" + weight));
    id.add("importance.end")
        .add("min_labelled_rows=" + settings.minLabelledRows())
        .add("cooldown_days=" + settings.cooldownDays())
        .add("block_on_data_quality=" + settings.blockOnDataQuality());
    // Named only when set, so the fingerprints of decisions made before the setting existed hold.
    if (settings.acceptEstimatedPerformance()) {
      id.add("accept_estimated_performance=true");
    }
    return id.id();
  }

  public RetrainDecision decide(RetrainContext context) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(context.ds(), "context.ds");
    Objects.requireNonNull(context.incidents(), "context.incidents");
    List<Finding> findings = new ArrayList<>(performance(context));
    predictionDrift(context).ifPresent(findings::add);
    featureDrift(context).ifPresent(findings::add);
    LocalDate cooldownUntil = cooldownUntil(context);
    long labelled = context.labelledRowsSinceLastRetrain();
    if (findings.isEmpty()) {
      return new RetrainDecision(Decision.NONE, List.of(), List.of(), List.of(), labelled, cooldownUntil);
    }
    boolean full = findings.stream().anyMatch(Finding::full);
    List<Reason> reasons = new ArrayList<>(findings.stream().map(Finding::reason).toList());
    List<Reason> gates = full ? gates(context, cooldownUntil) : List.of();
    reasons.addAll(gates);
    List<String> evidence = findings.stream().flatMap(r -> r.ids().stream()).distinct().toList();
    List<String> blockedBy = blockers(context);
    Decision decision = !blockedBy.isEmpty() ? Decision.BLOCKED
        : full && gates.isEmpty() ? Decision.RETRAIN : Decision.WATCH;
    return new RetrainDecision(decision, List.copyOf(reasons), blockedBy, evidence, labelled, cooldownUntil);
  }

  /** A rule that holds, fully or in part, and the incidents behind it. */
  private record Finding(Reason reason, boolean full, List<String> ids) {}

  private List<Finding> performance(RetrainContext context) {
    List<Finding> findings = new ArrayList<>();
    for (Incident i : alerting(context, context.ds(), Kind.PERFORMANCE, settings.performanceSeverity()).toList()) {
      boolean estimated = Alert.ESTIMATED_MODEL_QUALITY.equals(i.subject());
      if (estimated && !settings.acceptEstimatedPerformance()) {
        continue;
      }
      String performance = estimated ? "estimated performance (before labels)" : "performance";
      String sentence;
      boolean full;
      if (wholeDay(i.slice()) || estimated) {
        // An estimate needs no labels in its slice: its test already weighs the slice's scored rows.
        full = true;
        sentence = String.format(Locale.ROOT, "%s degraded on %s (%s): %s", performance,
            wholeDay(i.slice()) ? "the whole day" : i.slice().key() + "=" + i.slice().value(), i.severity().key(),
            oneLine(i.summary()));
      } else {
        String slice = i.slice().key() + "=" + i.slice().value();
        Long known = context.sliceLabels() == null ? null : context.sliceLabels().get(slice);
        long labels = known == null ? 0 : known;
        full = labels >= settings.minSliceLabels();
        sentence = String.format(Locale.ROOT, full
                ? "%s degraded on %s (%s), with %s labelled predictions there (%s needed): %s"
                : "%s degraded on %s (%s), but too few labels in the slice: %s labelled predictions,"
                    + " %s needed: %s",
            performance, slice, i.severity().key(), count(labels), count(settings.minSliceLabels()), oneLine(i.summary()));
      }
      findings.add(new Finding(new Reason(PERFORMANCE, i.id(), sentence), full, List.of(i.id())));
    }
    return findings;
  }

  private Optional<Finding> predictionDrift(RetrainContext context) {
    Persistence rule = settings.predictionDrift();
    int held = 0;
    Set<String> subjects = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (LocalDate day : window(context.ds(), rule.ofDays())) {
      List<Incident> drifting = alerting(context, day, Kind.PREDICTION_DRIFT, rule.severity()).toList();
      if (!drifting.isEmpty()) {
        held++;
        drifting.forEach(i -> {
          subjects.add(i.subject());
          ids.add(i.id());
        });
      }
    }
    if (held == 0) {
      return Optional.empty();
    }
    String sentence = String.format(Locale.ROOT, "%sprediction drift on %s %s", qualifier(rule.severity()),
        String.join(", ", subjects), days(held, rule.days(), rule.ofDays()));
    return Optional.of(finding(PREDICTION_DRIFT, sentence, held >= rule.days(), ids));
  }

  private Optional<Finding> featureDrift(RetrainContext context) {
    FeatureDrift rule = settings.featureDrift();
    int held = 0;
    Map<String, Integer> daysBySubject = new LinkedHashMap<>();
    Set<String> ids = new LinkedHashSet<>();
    for (LocalDate day : window(context.ds(), rule.ofDays())) {
      Map<String, Incident> drifting = new LinkedHashMap<>();
      alerting(context, day, Kind.FEATURE_DRIFT, rule.severity()).filter(i -> weight(i.subject()) > 0)
          .forEach(i -> drifting.putIfAbsent(i.subject(), i));
      double weight = drifting.keySet().stream().mapToDouble(this::weight).sum();
      if (!drifting.isEmpty() && weight >= rule.minFeatures() - WEIGHT_TOLERANCE) {
        held++;
      }
      drifting.forEach((subject, i) -> {
        daysBySubject.merge(subject, 1, Integer::sum);
        ids.add(i.id());
      });
    }
    if (daysBySubject.isEmpty()) {
      return Optional.empty();
    }
    String features = daysBySubject.entrySet().stream().map(e -> {
      double w = weight(e.getKey());
      return e.getKey() + " (" + plural(e.getValue(), "day") + (w == 1 ? "" : ", weight " + number(w)) + ")";
    }).collect(Collectors.joining(", "));
    String sentence = String.format(Locale.ROOT, "%sdrift on features weighing %s or more %s; drifting: %s",
        qualifier(rule.severity()), number(rule.minFeatures()), days(held, rule.days(), rule.ofDays()), features);
    return Optional.of(finding(FEATURE_DRIFT, sentence, held >= rule.days(), ids));
  }

  /** One incident behind a rule is named by the reason; several only by the evidence. */
  private static Finding finding(String rule, String sentence, boolean full, Set<String> ids) {
    String id = ids.size() == 1 ? ids.iterator().next() : null;
    return new Finding(new Reason(rule, id, sentence), full, List.copyOf(ids));
  }

  private List<Reason> gates(RetrainContext context, LocalDate cooldownUntil) {
    List<Reason> gates = new ArrayList<>();
    long labelled = context.labelledRowsSinceLastRetrain();
    if (labelled < settings.minLabelledRows()) {
      String since = context.lastRetrain() == null ? "the reference window" : "the retrain of " + context.lastRetrain();
      gates.add(new Reason(LABELS, null, String.format(Locale.ROOT,
          "waiting for labels: %s of %s labelled predictions since %s", count(labelled),
          count(settings.minLabelledRows()), since)));
    }
    if (cooldownUntil != null && !context.ds().isAfter(cooldownUntil)) {
      LocalDate trigger = before(context.lastTrigger(), context.ds());
      LocalDate retrain = before(context.lastRetrain(), context.ds());
      LocalDate last = latest(trigger, retrain);
      String what = last.equals(trigger) && last.equals(retrain) ? "trigger and retrain"
          : last.equals(trigger) ? "trigger" : "retrain";
      gates.add(new Reason(COOLDOWN, null,
          String.format(Locale.ROOT, "cooldown until %s after the %s of %s", cooldownUntil, what, last)));
    }
    return gates;
  }

  /**
   * The last day of the cooldown after the latest trigger or retrain before the day; null without
   * one, or with {@code cooldown_days} 0.
   */
  private LocalDate cooldownUntil(RetrainContext context) {
    LocalDate last = latest(before(context.lastTrigger(), context.ds()), before(context.lastRetrain(), context.ds()));
    if (last == null || settings.cooldownDays() == 0) {
      return null;
    }
    return last.plusDays(settings.cooldownDays() - 1L);
  }

  /** Today's critical data-quality incidents on a monitored column or the volume, as sentences. */
  private List<String> blockers(RetrainContext context) {
    if (!settings.blockOnDataQuality()) {
      return List.of();
    }
    Set<String> monitored = context.monitoredColumns() == null ? Set.of() : context.monitoredColumns().stream()
        .map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    return alerting(context, context.ds(), Kind.DATA_QUALITY, Severity.CRITICAL)
        .filter(i -> i.subject() != null && (i.subject().equalsIgnoreCase(VolumeFinding.SUBJECT)
            || monitored.contains(i.subject().toLowerCase(Locale.ROOT))))
        .map(i -> String.format(Locale.ROOT, "critical data-quality incident %s on %s: %s", i.id(),
            i.subject().equalsIgnoreCase(VolumeFinding.SUBJECT) ? "the volume (" + i.subject() + ")" : i.subject(),
            oneLine(i.summary())))
        .toList();
  }

  /** The incidents of a kind that alert on a day at a severity or above. */
  private static Stream<Incident> alerting(RetrainContext context, LocalDate day, Kind kind, Severity atLeast) {
    List<Incident> rows = context.incidents().get(day);
    if (rows == null) {
      return Stream.empty();
    }
    return rows.stream().filter(i -> i != null && i.kind() == kind && i.status() != Status.RESOLVED
        && i.alertCount() > 0 && reaches(i.severity(), atLeast));
  }

  /** Critical reaches warn and critical; warn reaches warn; nothing else alerts. */
  static boolean reaches(Severity severity, Severity atLeast) {
    return severity == Severity.CRITICAL || (severity == Severity.WARN && atLeast == Severity.WARN);
  }

  /** The last {@code ofDays} days up to {@code ds}, oldest first. */
  private static List<LocalDate> window(LocalDate ds, int ofDays) {
    List<LocalDate> days = new ArrayList<>();
    for (int back = ofDays - 1; back >= 0; back--) {
      days.add(ds.minusDays(back));
    }
    return days;
  }

  private double weight(String feature) {
    return feature == null ? 1.0 : importance.getOrDefault(feature.toLowerCase(Locale.ROOT), 1.0);
  }

  private static boolean wholeDay(Slice slice) {
    return slice == null || ProfileLayout.GLOBAL_SLICE.equals(slice);
  }

  private static LocalDate before(LocalDate day, LocalDate ds) {
    return day != null && day.isBefore(ds) ? day : null;
  }

  private static LocalDate latest(LocalDate a, LocalDate b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }

  /** "on 2 of the last 5 days (3 needed)", or "today" for a window of one day. */
  private static String days(int held, int needed, int ofDays) {
    if (ofDays == 1) {
      return "today";
    }
    return String.format(Locale.ROOT, "on %d of the last %d days (%d needed)", held, ofDays, needed);
  }

  private static String qualifier(Severity severity) {
    return severity == Severity.CRITICAL ? "critical " : "";
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** 4200 as "4,200". */
  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A weight as people write it: 3, 2.5, 0.33. */
  private static String number(double x) {
    return BigDecimal.valueOf(x).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }

  private static <T> T require(String key, T value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return value;
  }

  private static void alertingSeverity(String key, Severity severity) {
    if (severity != Severity.WARN && severity != Severity.CRITICAL) {
      throw new IllegalArgumentException(key + " must be warn or critical, got "
          + (severity == null ? "nothing" : severity.key()));
    }
  }

  private static void atLeastZero(String key, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(key + " must be at least 0, got " + value);
    }
  }

  private static void window(String key, int days, int ofDays) {
    if (ofDays < 1) {
      throw new IllegalArgumentException(key + ".of_days must be at least 1, got " + ofDays);
    }
    if (days < 1 || days > ofDays) {
      throw new IllegalArgumentException(
          key + ".days must be between 1 and " + key + ".of_days (" + ofDays + "), got " + days);
    }
  }

  private static Map<String, Double> importance(Map<String, Double> given) {
    Map<String, Double> byName = new LinkedHashMap<>();
    if (given == null) {
      return byName;
    }
    given.forEach((name, weight) -> {
      if (name == null) {
        throw new IllegalArgumentException("retraining.feature_drift.importance names no column");
      }
      String key = "retraining.feature_drift.importance." + name;
      if (weight == null || !(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(key + " must be finite and at least 0, got " + weight);
      }
      if (byName.put(name.toLowerCase(Locale.ROOT), weight) != null) {
        throw new IllegalArgumentException(key + " is given twice (column names ignore case)");
      }
    });
    return Map.copyOf(byName);
  }
}
