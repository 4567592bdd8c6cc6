package dev.driftline.jobs.performance;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.LatencyFinding;
import dev.driftline.jobs.decision.LatencyPolicy;
import dev.driftline.jobs.decision.PerformanceFinding;
import dev.driftline.jobs.decision.PerformancePolicy;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.jobs.tables.RowBuilder;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.math.LatencySketch;
import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.PerformanceAccumulator.GroupState;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceEstimator;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Turns a filled {@link PerformanceAccumulator} into {@code performance_metrics} rows: per day and
 * slice, each quality metric with its interval, the reference value and the delta with its
 * severity, then latency quantiles and cost.
 */
final class PerformanceRows {

  static final String SKETCH_NOTE = String.format(Locale.ROOT,
      "approximate: past %d values the quantile comes from log buckets, within %.0f%% of the exact value",
      LatencySketch.EXACT_LIMIT, LatencySketch.RELATIVE_ACCURACY * 100);

  private final JobSpec spec;
  private final PerformanceSpec performance;
  private final ReferenceProfile reference;
  private final String runId;
  private final PerformanceAccumulator acc;
  private final int referenceDay;
  private final PerformanceEstimator estimator;
  private final List<Slice> slices;
  private final Map<Integer, List<PerformanceEstimate>> referenceEstimates = new HashMap<>();

  private final List<String> names;
  private final PerformancePolicy performancePolicy;
  private final LatencyPolicy latencyPolicy;

  PerformanceRows(JobSpec spec, ReferenceProfile reference, String runId, PerformanceAccumulator acc, int referenceDay,
      MetricFamily family) {
    this.spec = spec;
    this.performance = spec.performance();
    this.reference = reference;
    this.runId = runId;
    this.acc = acc;
    this.referenceDay = referenceDay;
    this.estimator = family == null ? null : new PerformanceEstimator(family, performance.replicates(),
        performance.seed(), performance.minLabels());
    this.names = family == null ? List.of() : family.names();
    this.slices = acc.layout().slices();
    this.performancePolicy = new PerformancePolicy(performance.thresholds());
    this.latencyPolicy = performance.latency() == null ? null : new LatencyPolicy(performance.latency());
  }

  List<Row> dayRows(LocalDate ds, int day, LocalDate labelsAsOf, String labelFingerprint, String referenceFingerprint) {
    List<Row> rows = new ArrayList<>();
    for (int g = 0; g < slices.size(); g++) {
      GroupState state = acc.group(day, g);
      if (state.scored() == 0) {
        continue;
      }
      Base base = new Base(ds, slices.get(g), state, labelsAsOf, labelFingerprint, referenceFingerprint);
      if (estimator != null) {
        List<PerformanceEstimate> refs = referenceEstimates.computeIfAbsent(g,
            group -> estimator.estimate(acc.group(referenceDay, group).sample()));
        List<PerformanceEstimate> estimates = estimator.estimate(state.sample());
        for (int m = 0; m < estimates.size(); m++) {
          rows.add(qualityRow(base, names.get(m), estimates.get(m), refs.get(m)));
        }
      }
      if (performance.latency() != null && state.latency().count() > 0) {
        for (LatencyQuantile q : LatencyQuantile.values()) {
          rows.add(latencyRow(base, q, state.latency()));
        }
      }
      if (performance.latency() != null && performance.latency().costPer1000() != null) {
        double cost = state.scored() / 1000.0 * performance.latency().costPer1000();
        rows.add(base.builder("cost", "cost").set("value", cost).set("n", state.scored())
            .set("severity", Severity.NONE.key())
            .set("severity_reason", String.format(Locale.ROOT, "%d predictions at %s per 1,000", state.scored(),
                performance.latency().costPer1000()))
            .build());
      }
    }
    return rows;
  }

  /** The columns every row of a slice and day shares. */
  private final class Base {
    final LocalDate ds;
    final Slice slice;
    final GroupState state;
    final LocalDate labelsAsOf;
    final String labelFingerprint;
    final String referenceFingerprint;

    Base(LocalDate ds, Slice slice, GroupState state, LocalDate labelsAsOf, String labelFingerprint,
        String referenceFingerprint) {
      this.ds = ds;
      this.slice = slice;
      this.state = state;
      this.labelsAsOf = labelsAsOf;
      this.labelFingerprint = labelFingerprint;
      this.referenceFingerprint = referenceFingerprint;
    }

    RowBuilder builder(String metric, String kind) {
      long labelled = state.sample().size();
      return RowBuilder.of(Table.PERFORMANCE_METRICS)
          .set("model", spec.model()).set("ds", ds).set("run_id", runId)
          .set("reference_id", reference.referenceId()).set("reference_window", reference.window().toString())
          .set("slice_key", slice.key()).set("slice_value", slice.value())
          .set("metric", metric).set("metric_kind", kind)
          .set("excluded", 0L)
          .set("scored", state.scored()).set("labelled", labelled)
          .set("label_coverage", labelled / (double) state.scored())
          .set("invalid_labels", state.invalid()).set("duplicate_labels", state.duplicateLabels())
          .set("labels_as_of", labelsAsOf)
          .set("label_window_end", ds.plusDays(performance.labels() == null ? 0 : performance.labels().windowDays()))
          .set("bootstrap_replicates", performance.replicates())
          .set("label_fingerprint", labelFingerprint).set("reference_fingerprint", referenceFingerprint);
    }
  }

  private Row qualityRow(Base base, String name, PerformanceEstimate e, PerformanceEstimate ref) {
    Assessed<PerformanceFinding> assessed = performancePolicy.apply(PerformanceFinding.of(name, e, ref));
    MetricDelta delta = assessed.finding().delta();
    return severity(base.builder(name, "quality"), assessed.assessment())
        .set("value", e.value()).set("ci_lower", e.lower()).set("ci_upper", e.upper())
        .set("ci_method", e.method()).set("standard_error", e.standardError()).set("note", e.note())
        .set("n", e.n()).set("excluded", e.excluded())
        .set("ref_value", ref.value()).set("ref_n", ref.n()).set("ref_standard_error", ref.standardError())
        .set("delta", delta.delta()).set("delta_standard_error", delta.standardError())
        .set("delta_ci_lower", delta.lower()).set("delta_ci_upper", delta.upper())
        .build();
  }

  private static RowBuilder severity(RowBuilder b, Assessment a) {
    return b.set("severity", a.severity().key()).set("severity_threshold", a.threshold())
        .set("severity_reason", a.reason());
  }

  private Row latencyRow(Base base, LatencyQuantile q, LatencySketch sketch) {
    double value = q == LatencyQuantile.MAX ? sketch.max() : sketch.quantile(q.q);
    boolean exact = sketch.isExact() || q == LatencyQuantile.MAX;
    RowBuilder b = base.builder("latency_" + q.key(), "latency").set("value", value).set("n", sketch.count())
        .set("ci_method", exact ? "exact" : "sketch").set("note", exact ? null : SKETCH_NOTE);
    return severity(b, latencyPolicy.assess(new LatencyFinding(q, value))).build();
  }
}
