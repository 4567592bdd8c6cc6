package dev.driftline.jobs.decision;

import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.Incident.Kind;
import dev.driftline.jobs.decision.Incident.Status;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.udfs.math.DriftAttribution;
import dev.driftline.udfs.math.DriftAttribution.Share;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Groups a day's alerts into incidents, one per cause: a kind and a column (or metric), whatever
 * slices alert. The incident sits on the narrowest slice that explains it:
 * <ul>
 *   <li>without a global alert, the slice whose alert ranks highest;
 *   <li>with one, for drift, the slice of some dimension whose own change explains most of the
 *       global change ({@link DriftAttribution}): at least half of it, and well beyond its share
 *       of the rows (a slice with weight w <= 0.8 must explain (1 + w) / 2), so a change everywhere
 *       stays on the global slice and a change in one state moves to that state;
 *   <li>otherwise the global slice, listing every slice that alerts.
 * </ul>
 * Incidents carry over from the previous day by cause: the same cause keeps its id and first day
 * ({@code ongoing}); a cause that stopped alerting gets a {@code resolved} row for the day.
 */
public final class Incidents {

  private static final int TOP_BINS = 3;
  /**
   * A slice with more of the rows than this is most of the day: a change in it is the day's
   * change, and a dimension with one value (a single model version) explains nothing.
   */
  private static final double MAX_EXPLAINING_WEIGHT = 0.8;

  private final String model;

  public Incidents(String model) {
    this.model = model;
  }

  /**
   * @param drift every drift finding of the day (the BASELINE ones of a column attribute its change)
   * @param alerts the day's alerts of every kind (see {@link Alert})
   * @param previous the previous day's incidents; open ones carry over
   */
  public List<Incident> of(LocalDate ds, List<Assessed<DriftFinding>> drift, List<Alert> alerts,
      List<Incident> previous) {
    Map<String, Incident> open = previous.stream().filter(Incident::open)
        .collect(Collectors.toMap(Incident::cause, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Map<String, List<Alert>> byCause = alerts.stream().collect(Collectors.groupingBy(
        a -> a.kind().key() + "/" + a.subject(), LinkedHashMap::new, Collectors.toList()));
    Map<String, Cause> causes = new LinkedHashMap<>();
    byCause.forEach((key, group) -> causes.put(key, cause(group, drift)));
    foldConsequences(causes);
    List<Incident> incidents = new ArrayList<>();
    causes.forEach((key, cause) -> incidents.add(incident(ds, cause, open.remove(key))));
    open.values().forEach(gone -> incidents.add(resolved(ds, gone)));
    return incidents;
  }

  /**
   * A day without rows: its alerts (the volume's) make incidents as on any day, and every other
   * open incident carries over as ongoing with no alert, since a day without rows could not
   * show whether its cause went away.
   */
  public List<Incident> withoutRows(LocalDate ds, List<Alert> alerts, List<Incident> previous) {
    Set<String> causes = alerts.stream().map(a -> a.kind().key() + "/" + a.subject()).collect(Collectors.toSet());
    List<Incident> incidents = new ArrayList<>(of(ds, List.of(), alerts,
        previous.stream().filter(i -> causes.contains(i.cause())).toList()));
    previous.stream().filter(i -> i.open() && !causes.contains(i.cause())).forEach(i -> incidents.add(
        new Incident(i.id(), Status.ONGOING, i.kind(), i.subject(), i.slice(), i.severity(), i.firstDs(), i.lastDs(),
            i.affectedSlices(), 0, i.attribution(), i.topBins(),
            String.format(Locale.ROOT, "%s: no rows on %s to judge it (last alert %s)", i.subject(), ds, i.lastDs()),
            i.evidence())));
    return incidents;
  }

  /**
   * One cause's alerts, where it sits, and the alerts of other kinds it explains: a prediction
   * that drifts, or a quality that drops, in the very slice where a feature drifted.
   */
  private record Cause(List<Alert> alerts, Explanation why, Map<Slice, DriftFinding> baseline,
      List<Alert> consequences) {

    Alert first() {
      return alerts.get(0);
    }
  }

  private static Cause cause(List<Alert> group, List<Assessed<DriftFinding>> drift) {
    Alert first = group.get(0);
    Alert top = group.stream().max(byRank()).orElseThrow();
    Alert global = group.stream().filter(a -> a.slice().equals(ProfileLayout.GLOBAL_SLICE))
        .max(Comparator.comparingDouble(Alert::excess)).orElse(null);
    Map<Slice, DriftFinding> baseline = drift.stream().map(Assessed::finding)
        .filter(f -> f.comparison() == Comparison.BASELINE && f.column().name().equals(first.subject())
            && isDrift(first.kind()))
        .collect(Collectors.toMap(DriftFinding::slice, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    Explanation why = global == null ? new Explanation(top.slice(), List.of(), null) : explain(baseline, group);
    return new Cause(group, why, baseline, new ArrayList<>());
  }

  /**
   * A prediction drift or a quality drop on a narrow slice (not the whole day) where a feature
   * drifted the same day is the feature's consequence: the model sees a moved input there. Its
   * alerts join the feature's incident instead of opening their own. Likewise the volume of the
   * slices of one dimension, when that dimension is a feature that drifted: a change of mix
   * moves both, one cause.
   */
  private static void foldConsequences(Map<String, Cause> causes) {
    List<String> folded = new ArrayList<>();
    causes.forEach((key, c) -> {
      Kind kind = c.first().kind();
      if (kind == Kind.DATA_QUALITY && c.first().subject().equals(VolumeFinding.SUBJECT)) {
        Set<String> dimensions = c.alerts().stream().map(a -> a.slice().key()).collect(Collectors.toSet());
        if (dimensions.size() == 1 && !dimensions.contains(ProfileLayout.GLOBAL)) {
          String dimension = dimensions.iterator().next();
          causes.values().stream().filter(f -> f.first().kind() == Kind.FEATURE_DRIFT
                  && f.first().subject().equalsIgnoreCase(dimension))
              .findFirst().ifPresent(feature -> {
                feature.consequences().addAll(c.alerts());
                folded.add(key);
              });
        }
        return;
      }
      if ((kind != Kind.PREDICTION_DRIFT && kind != Kind.PERFORMANCE) || c.why().slice().equals(ProfileLayout.GLOBAL_SLICE)) {
        return;
      }
      causes.values().stream().filter(f -> f.first().kind() == Kind.FEATURE_DRIFT && f.why().slice().equals(c.why().slice()))
          .findFirst().ifPresent(feature -> {
            feature.consequences().addAll(c.alerts());
            folded.add(key);
          });
    });
    folded.forEach(causes::remove);
  }

  private Incident incident(LocalDate ds, Cause cause, Incident before) {
    Alert first = cause.first();
    Explanation why = cause.why();
    List<Alert> all = new ArrayList<>(cause.alerts());
    all.addAll(cause.consequences());
    Set<String> affected = new LinkedHashSet<>();
    all.forEach(a -> affected.add(a.slice().key() + "=" + a.slice().value()));
    Severity severity = all.stream().map(Alert::severity).max(Comparator.comparingInt(Incidents::rank)).orElseThrow();
    Alert speaking = cause.alerts().stream().filter(a -> a.slice().equals(why.slice())).max(byRank())
        .orElse(cause.alerts().stream().max(byRank()).orElseThrow());
    LocalDate firstDs = before == null ? ds : before.firstDs();
    String id = before == null ? new Fingerprint().add("incident/1").add(model).add(first.kind().key())
        .add(first.subject()).add(ds).id() : before.id();
    return new Incident(id, before == null ? Status.OPENED : Status.ONGOING, first.kind(), first.subject(), why.slice(),
        severity, firstDs, ds, List.copyOf(affected), all.size(), why.attribution(),
        topBins(cause.baseline().get(why.slice())),
        summary(cause, speaking, affected.size(), severity), all.stream().map(Alert::evidence).distinct().toList());
  }

  private static Comparator<Alert> byRank() {
    return Comparator.comparingInt((Alert a) -> rank(a.severity())).thenComparingDouble(Alert::excess);
  }

  /** The slice that explains a global alert, and the attribution over its dimension. */
  private record Explanation(Slice slice, List<Share> attribution, String dimension) {}

  private static Explanation explain(Map<Slice, DriftFinding> baseline, List<Alert> group) {
    DriftFinding global = baseline.get(ProfileLayout.GLOBAL_SLICE);
    if (global == null) {
      return new Explanation(ProfileLayout.GLOBAL_SLICE, List.of(), null);
    }
    Set<Slice> alerting = group.stream().map(Alert::slice).collect(Collectors.toSet());
    Map<String, List<DriftFinding>> byDimension = baseline.values().stream()
        .filter(f -> !f.slice().equals(ProfileLayout.GLOBAL_SLICE))
        .collect(Collectors.groupingBy(f -> f.slice().key(), LinkedHashMap::new, Collectors.toList()));
    Explanation explaining = null;
    Explanation mostConcentrated = null;
    double explainingShare = Double.NEGATIVE_INFINITY;
    double topShare = Double.NEGATIVE_INFINITY;
    long rows = DriftMetrics.total(global.cur().counts());
    for (Map.Entry<String, List<DriftFinding>> d : byDimension.entrySet()) {
      List<DriftFinding> slices = d.getValue();
      DriftAttribution.Result r = DriftAttribution.of(slices.stream().map(f -> f.slice().value()).toList(),
          slices.stream().map(f -> f.ref().counts()).toList(), slices.stream().map(f -> f.cur().counts()).toList());
      Share top = r.top();
      if (top == null || Double.isNaN(top.share())) {
        continue;
      }
      List<Share> attribution = new ArrayList<>(r.withinSlices().subList(0, Math.min(5, r.withinSlices().size())));
      attribution.add(new Share("mix", r.mix()));
      Slice topSlice = new Slice(d.getKey(), top.slice());
      double weight = slices.stream().filter(f -> f.slice().equals(topSlice))
          .mapToDouble(f -> DriftMetrics.total(f.cur().counts()) / (double) rows).findFirst().orElse(0);
      if (weight <= MAX_EXPLAINING_WEIGHT && top.share() >= Math.max(0.5, (1 + weight) / 2)
          && alerting.contains(topSlice) && top.share() > explainingShare) {
        explainingShare = top.share();
        explaining = new Explanation(topSlice, List.copyOf(attribution), d.getKey());
      }
      if (top.share() > topShare) {
        topShare = top.share();
        mostConcentrated = new Explanation(ProfileLayout.GLOBAL_SLICE, List.copyOf(attribution), d.getKey());
      }
    }
    if (explaining != null) {
      return explaining;
    }
    return mostConcentrated != null ? mostConcentrated : new Explanation(ProfileLayout.GLOBAL_SLICE, List.of(), null);
  }

  private static List<String> topBins(DriftFinding f) {
    if (f == null) {
      return List.of();
    }
    double[] p = DriftMetrics.rawShares(f.ref().counts());
    double[] q = DriftMetrics.rawShares(f.cur().counts());
    return f.summary().topBins().stream().limit(TOP_BINS).map(bin -> String.format(Locale.ROOT, "%s: %.3f -> %.3f",
        f.binLabels().get(bin), nanToZero(p[bin]), nanToZero(q[bin]))).toList();
  }

  private static String summary(Cause cause, Alert speaking, int slices, Severity severity) {
    Alert first = cause.first();
    Explanation why = cause.why();
    String where = why.slice().equals(ProfileLayout.GLOBAL_SLICE) ? "the whole day"
        : why.slice().key() + "=" + why.slice().value();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s %s in %s (%s): %s", first.subject(),
        verb(first.kind()), where, severity.key(), speaking.reason()));
    if (first.kind() == Kind.PERFORMANCE) {
      s.append("; metrics: ").append(metrics(cause.alerts()));
    }
    if (slices > 1) {
      s.append(String.format(Locale.ROOT, "; %d slices alert", slices));
    }
    why.attribution().stream().filter(a -> a.slice().equals(why.slice().value()) && why.dimension() != null)
        .findFirst().ifPresent(a -> s.append(String.format(Locale.ROOT,
            "; a change inside %s=%s explains %.0f%% of the global change", why.dimension(), a.slice(), 100 * a.share())));
    why.attribution().stream().filter(a -> a.slice().equals("mix") && a.share() >= 0.5).findFirst()
        .ifPresent(a -> s.append(String.format(Locale.ROOT, "; a change of the %s mix explains %.0f%% of it",
            why.dimension(), 100 * a.share())));
    cause.consequences().stream().collect(Collectors.groupingBy(a -> a.kind() == Kind.PERFORMANCE
            ? (a.subject().equals(Alert.ESTIMATED_MODEL_QUALITY) ? "estimated quality degraded (" : "quality degraded (")
                + metrics(List.of(a)) + ")"
            : a.subject().equals(VolumeFinding.SUBJECT) ? "the rows of " + a.slice().key() + " slices changed"
            : a.subject() + " drifted", LinkedHashMap::new, Collectors.toList()))
        .forEach((what, alerts) -> s.append(String.format(Locale.ROOT, "; with it, %s (%s)", what,
            alerts.stream().map(Alert::severity).max(Comparator.comparingInt(Incidents::rank)).orElseThrow().key())));
    return s.toString();
  }

  /** The metrics of performance alerts, from their evidence keys. */
  private static String metrics(List<Alert> alerts) {
    return alerts.stream().map(a -> a.evidence().substring(a.evidence().lastIndexOf('/') + 1)).distinct()
        .collect(Collectors.joining(", "));
  }

  private Incident resolved(LocalDate ds, Incident gone) {
    return new Incident(gone.id(), Status.RESOLVED, gone.kind(), gone.subject(), gone.slice(), gone.severity(),
        gone.firstDs(), gone.lastDs(), gone.affectedSlices(), 0, gone.attribution(), gone.topBins(),
        String.format(Locale.ROOT, "%s %s: no alert on %s (last alert %s)", gone.subject(), "resolved", ds,
            gone.lastDs()), gone.evidence());
  }

  private static boolean isDrift(Kind kind) {
    return kind == Kind.FEATURE_DRIFT || kind == Kind.PREDICTION_DRIFT;
  }

  private static String verb(Kind kind) {
    return switch (kind) {
      case FEATURE_DRIFT, PREDICTION_DRIFT -> "drifted";
      case DATA_QUALITY -> "has a data-quality problem";
      case PERFORMANCE -> "degraded";
      case LATENCY -> "is slow";
    };
  }

  /** Critical outranks warn, which outranks anything else that raises an incident. */
  static int rank(Severity s) {
    return s == Severity.CRITICAL ? 3 : s == Severity.WARN ? 2 : 1;
  }

  private static double nanToZero(double x) {
    return Double.isNaN(x) ? 0 : x;
  }
}
