package dev.driftline.jobs.lineage;

import static dev.driftline.jobs.lineage.LineageNode.Kind;
import static dev.driftline.jobs.lineage.LineageNode.Param;

import dev.driftline.jobs.decision.Incident;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds one day's lineage graph from what the run read and computed, in the order the run
 * computes it:
 *
 * <pre>
 * input ─┬─ profile ─┬─ drift ───┐
 *        │           └─ quality ─┼─ incident:ID ─┬─ decision ── trigger
 * reference ─────────────────────┤               │
 * labels:DAY ── performance:DAY ─┘───────────────┘
 * </pre>
 *
 * The roots (input, reference, labels) stand for data by version or content; every computed node
 * carries the code version, those that apply thresholds also the config fingerprint, and those
 * whose output matters downstream a digest of it. State a run carries from earlier days (the
 * previous day's profile, drift trends, open incidents, past retrains) enters through those output
 * digests.
 */
public final class DayLineage {

  private final LocalDate ds;
  private final String configFingerprint;
  private final String codeVersion;
  private final Map<String, LineageNode> nodes = new LinkedHashMap<>();

  public DayLineage(LocalDate ds, String configFingerprint, CodeVersion code) {
    this.ds = ds;
    this.configFingerprint = configFingerprint;
    this.codeVersion = code.toString();
  }

  /**
   * A stored day's graph without its decision and trigger, for {@code decide}, which decides the
   * day again from the stored tables: the nodes upstream keep their fingerprints.
   */
  public static DayLineage beforeDecision(LineageGraph stored, LocalDate ds, String configFingerprint, CodeVersion code) {
    DayLineage day = new DayLineage(ds, configFingerprint, code);
    stored.nodes().stream().filter(n -> n.kind() != Kind.DECISION && n.kind() != Kind.TRIGGER)
        .forEach(n -> day.nodes.put(n.id(), n));
    return day;
  }

  /** The prediction log's rows of the day, read at {@code version} (Delta version or file listing digest). */
  public DayLineage input(String source, String version) {
    return add(Kind.INPUT, "input", "predictions of " + ds + " in " + source + " @ " + version,
        params(Param.INPUT_VERSION, source + " @ " + version, "day", ds.toString()), List.of());
  }

  public DayLineage reference(String referenceId, String window) {
    return add(Kind.REFERENCE, "reference", "reference " + referenceId + " of " + window,
        params(Param.REFERENCE, referenceId, "window", window), List.of());
  }

  /** The day's histograms: the input binned on the reference. */
  public DayLineage profile() {
    return add(Kind.PROFILE, "profile", "profile of " + ds, params(Param.CODE_VERSION, codeVersion),
        List.of("input", "reference"));
  }

  /** The day's drift rows; {@code alerts} are what they raise. */
  public DayLineage drift(List<String> alerts) {
    return add(Kind.DRIFT, "drift", "drift of " + ds + ": " + alerts(alerts), computed(alerts),
        List.of("profile", "reference"));
  }

  /** The day's data-quality rows; {@code alerts} are what they raise. */
  public DayLineage quality(List<String> alerts) {
    return add(Kind.QUALITY, "quality", "data quality of " + ds + ": " + alerts(alerts), computed(alerts),
        List.of("profile", "reference"));
  }

  /**
   * A day's performance (the run day, or an earlier day of the label window whose quality the
   * run day's incidents judge), from its predictions joined with the labels arrived so far.
   *
   * @param labelFingerprint the fingerprint of the day's joined predictions and labels
   * @param referenceFingerprint the performance reference's fingerprint (reference, window, config)
   * @param alerts what the day's rows raise
   */
  public DayLineage performance(LocalDate day, String labels, String labelFingerprint, String referenceFingerprint,
      List<String> alerts) {
    String labelsId = "labels:" + day;
    // The run day's labelled predictions are its input's rows; an earlier day's enter by content alone.
    add(Kind.LABELS, labelsId, "predictions of " + day + " with labels from " + labels,
        params(Param.LABEL_FINGERPRINT, labelFingerprint, "day", day.toString()),
        day.equals(ds) ? List.of("input") : List.of());
    Map<String, String> params = computed(alerts);
    params.put("reference_fingerprint", referenceFingerprint);
    return add(Kind.PERFORMANCE, "performance:" + day, "performance of " + day + ": " + alerts(alerts),
        params, List.of(labelsId, "reference"));
  }

  /**
   * One incident, computed from the findings of its kind: drift, data quality, or the performance
   * of the days its evidence names (every performance node when it names none, e.g. resolved).
   *
   * @param content what identifies its state that day (id, status, severity, evidence)
   */
  public DayLineage incident(String incidentId, Incident.Kind kind, String label, List<String> evidence,
      List<String> content) {
    List<String> parents = switch (kind) {
      case FEATURE_DRIFT, PREDICTION_DRIFT -> List.of("drift");
      case DATA_QUALITY -> List.of("quality");
      case PERFORMANCE, LATENCY -> performanceBehind(evidence);
    };
    Map<String, String> params = computed(content);
    params.put("incident_id", incidentId);
    return add(Kind.INCIDENT, "incident:" + incidentId, label, params, parents);
  }

  /**
   * The day's retraining decision: from every incident of the day and the findings they come
   * from (a day without incidents is decided by their absence).
   *
   * @param content the decision and its reasons
   */
  public DayLineage decision(String decision, String policyFingerprint, List<String> content) {
    List<String> parents = nodes.values().stream().filter(n -> switch (n.kind()) {
      case DRIFT, QUALITY, PERFORMANCE, INCIDENT -> true;
      default -> false;
    }).map(LineageNode::id).toList();
    Map<String, String> params = computed(content);
    params.put("decision", decision);
    params.put("policy_fingerprint", policyFingerprint);
    return add(Kind.DECISION, "decision", "decision " + decision, params, parents);
  }

  /** The trigger the decision sent; its delivery status differs between reruns and is left out. */
  public DayLineage trigger(String kind, String idempotencyKey, String payload) {
    Map<String, String> params = computed(List.of(payload));
    params.put("trigger_kind", kind);
    params.put("idempotency_key", idempotencyKey);
    return add(Kind.TRIGGER, "trigger", "trigger " + kind, params, List.of("decision"));
  }

  public LineageGraph graph() {
    return LineageGraph.of(nodes.values());
  }

  private static String alerts(List<String> alerts) {
    return alerts.size() + (alerts.size() == 1 ? " alert" : " alerts");
  }

  private List<String> performanceBehind(List<String> evidence) {
    List<String> all = nodes.values().stream().filter(n -> n.kind() == Kind.PERFORMANCE).map(LineageNode::id).toList();
    List<String> named = all.stream().filter(id -> evidence.stream()
        .anyMatch(e -> e.startsWith("performance_metrics/" + id.substring("performance:".length()) + "/"))).toList();
    return named.isEmpty() ? all : named;
  }

  /** The parameters of a computed node: config, code, and a digest of its output. */
  private Map<String, String> computed(List<String> output) {
    return params(Param.CONFIG, configFingerprint, Param.CODE_VERSION, codeVersion, Param.OUTPUT,
        LineageNode.digest(output));
  }

  private static Map<String, String> params(String... namesAndValues) {
    Map<String, String> out = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      out.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return out;
  }

  private DayLineage add(Kind kind, String id, String label, Map<String, String> params, List<String> parentIds) {
    List<LineageNode> parents = new ArrayList<>();
    for (String p : parentIds) {
      LineageNode parent = nodes.get(p);
      if (parent == null) {
        throw new IllegalStateException("lineage node " + id + " needs " + p + " first");
      }
      parents.add(parent);
    }
    nodes.put(id, LineageNode.of(kind, id, label, params, parents));
    return this;
  }
}
