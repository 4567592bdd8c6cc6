package dev.driftline.jobs.lineage;

import dev.driftline.jobs.profile.Fingerprint;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One node of a day's lineage graph: what was read or computed, the parameters it was computed
 * with, the nodes it was computed from, and its fingerprint.
 *
 * <p>The fingerprint is content-addressed and chained: the first 16 hex digits of a SHA-256 over
 * the node's kind, its parameters (sorted by name) and each parent's id and fingerprint (sorted by
 * id). Nothing that differs between identical reruns (run id, wall clock, trigger status) enters
 * it, so identical inputs give identical fingerprints and a changed input changes exactly the
 * fingerprints downstream of it.
 *
 * @param id stable id within the day, e.g. {@code profile}, {@code labels:2026-03-08}, {@code incident:<id>}
 * @param label what the node stands for, in words (not fingerprinted)
 * @param params the parameters the fingerprint covers, by name (see {@link Param})
 * @param parents ids of the nodes it was computed from
 */
public record LineageNode(String id, Kind kind, String label, SortedMap<String, String> params, List<String> parents,
    String fingerprint) {

  /** What a node is. */
  public enum Kind {
    /** The prediction log's rows of the day, at the input's version. */
    INPUT,
    /** A day's predictions joined with the labels arrived so far. */
    LABELS,
    /** The reference the day is compared with. */
    REFERENCE,
    /** The day's histograms on the reference bins. */
    PROFILE,
    /** The day's drift_metrics rows. */
    DRIFT,
    /** The day's data_quality rows (values, volume, schema). */
    QUALITY,
    /** A day's performance_metrics rows. */
    PERFORMANCE,
    /** One incident of the day. */
    INCIDENT,
    /** The day's retraining decision. */
    DECISION,
    /** The retrain trigger the decision sent. */
    TRIGGER;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /** The names of the parameters lineage records; each is also a column of the lineage table. */
  public static final class Param {
    public static final String CONFIG = "config_fingerprint";
    public static final String REFERENCE = "reference_id";
    public static final String INPUT_VERSION = "input_version";
    public static final String LABEL_FINGERPRINT = "label_fingerprint";
    public static final String CODE_VERSION = "code_version";
    public static final String OUTPUT = "output_digest";
    /** The parameters with a column of their own in the lineage table. */
    public static final List<String> COLUMNS = List.of(CONFIG, REFERENCE, INPUT_VERSION, LABEL_FINGERPRINT,
        CODE_VERSION, OUTPUT);

    private Param() {}
  }

  public LineageNode {
    params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
    parents = List.copyOf(parents);
  }

  /** A node computed from {@code parents}, its fingerprint chained from theirs. */
  public static LineageNode of(Kind kind, String id, String label, Map<String, String> params,
      List<LineageNode> parents) {
    Fingerprint f = new Fingerprint().add("lineage/1").add(kind.key());
    new TreeMap<>(params).forEach((name, value) -> f.add(name).add(value));
    parents.stream().sorted(Comparator.comparing(LineageNode::id)).forEach(p -> f.add(p.id()).add(p.fingerprint()));
    return new LineageNode(id, kind, label, new TreeMap<>(params), parents.stream().map(LineageNode::id).toList(),
        f.id());
  }

  /** A digest of a node's output, the same whatever order the lines come in. */
  public static String digest(List<String> lines) {
    Fingerprint f = new Fingerprint().add("output/1");
    lines.stream().sorted().forEach(f::add);
    return f.id();
  }

  public String param(String name) {
    return params.get(name);
  }
}
