package dev.driftline.jobs.tables;

import dev.driftline.jobs.decision.Alert;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.EstimatedPerformance;
import dev.driftline.jobs.decision.PerformanceFinding;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.decision.SliceDayPerformance.Cost;
import dev.driftline.jobs.decision.SliceDayPerformance.Latency;
import dev.driftline.udfs.math.LatencySketch;
import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The performance of slices and days as rows of {@code performance_metrics}: per slice and day,
 * a row per quality metric, then per estimated metric, then per latency quantile, then the cost.
 */
public final class PerformanceMetricsRows {

  static final String SKETCH_NOTE = String.format(Locale.ROOT,
      "approximate: past %d values the quantile comes from log buckets, within %.0f%% of the exact value",
      LatencySketch.EXACT_LIMIT, LatencySketch.RELATIVE_ACCURACY * 100);

  private final String model;
  private final String runId;

  public PerformanceMetricsRows(String model, String runId) {
    this.model = model;
    this.runId = runId;
  }

  public List<Row> rows(List<SliceDayPerformance> sliceDays) {
    List<Row> rows = new ArrayList<>();
    for (SliceDayPerformance p : sliceDays) {
      p.quality().forEach(q -> rows.add(quality(p, q, "quality").build()));
      p.estimated().forEach(e -> rows.add(estimated(p, e)));
      p.latency().forEach(l -> rows.add(latency(p, l)));
      if (p.cost() != null) {
        rows.add(cost(p, p.cost()));
      }
    }
    return rows;
  }

  /**
   * The alert of a stored or new {@code performance_metrics} row, null unless it is warn or
   * critical: incidents are made from rows, so a rerun that recomputes nothing raises the same.
   */
  public static Alert alert(Row r) {
    Severity severity = Severity.fromKey(r.getAs("severity"));
    if (!severity.alerts()) {
      return null;
    }
    boolean latency = "latency".equals(r.getAs("metric_kind"));
    double threshold = r.<Double>getAs("severity_threshold");
    double excess = (latency ? r.<Double>getAs("value") : Math.abs(r.<Double>getAs("delta"))) / threshold;
    if ("estimated".equals(r.getAs("metric_kind"))) {
      return Alert.ofEstimatedPerformance(r.<java.sql.Date>getAs("ds").toLocalDate(),
          new Slice(r.getAs("slice_key"), r.getAs("slice_value")), r.getAs("metric"), severity, excess,
          r.getAs("severity_reason"));
    }
    return Alert.ofPerformance(r.<java.sql.Date>getAs("ds").toLocalDate(),
        new Slice(r.getAs("slice_key"), r.getAs("slice_value")), r.getAs("metric"), latency, severity, excess,
        r.getAs("severity_reason"));
  }

  private RowBuilder quality(SliceDayPerformance p, Assessed<PerformanceFinding> assessed, String kind) {
    PerformanceFinding f = assessed.finding();
    PerformanceEstimate e = f.day();
    PerformanceEstimate ref = f.ref();
    MetricDelta delta = f.delta();
    return severity(common(p, f.name(), kind), assessed.assessment())
        .set("value", e.value()).set("ci_lower", e.lower()).set("ci_upper", e.upper())
        .set("ci_method", e.method()).set("standard_error", e.standardError()).set("note", e.note())
        .set("n", e.n()).set("excluded", e.excluded())
        .set("ref_value", ref.value()).set("ref_n", ref.n()).set("ref_standard_error", ref.standardError())
        .set("delta", delta.delta()).set("delta_standard_error", delta.standardError())
        .set("delta_ci_lower", delta.lower()).set("delta_ci_upper", delta.upper())
        .set("noise_floor", e.noiseFloor()).set("ref_noise_floor", ref.noiseFloor())
        .set("p_value", f.pValue()).set("p_adjusted", f.pAdjusted());
  }

  private Row estimated(SliceDayPerformance p, EstimatedPerformance e) {
    double value = e.assessed().finding().day().value();
    boolean labelsFinal = !p.labelsAsOf().isBefore(p.labelWindowEnd());
    RowBuilder b = quality(p, e.assessed(), "estimated")
        .set("realized_value", e.realized())
        .set("estimate_error", labelsFinal ? Math.abs(value - e.realized()) : Double.NaN)
        .set("calibration", e.calibration());
    if (e.check() != null) {
      b.set("check_expected", e.check().expected()).set("check_z", e.check().z());
    }
    if (e.reliability() != null) {
      b.set("estimate_status", e.reliability().status()).set("estimate_p_adjusted", e.reliability().pValue())
          .set("estimate_reason", e.reliability().reason());
    }
    return b.build();
  }

  private Row latency(SliceDayPerformance p, Latency l) {
    RowBuilder b = common(p, "latency_" + l.assessed().finding().quantile().key(), "latency")
        .set("value", l.assessed().finding().value()).set("n", l.n())
        .set("ci_method", l.exact() ? "exact" : "sketch").set("note", l.exact() ? null : SKETCH_NOTE);
    return severity(b, l.assessed().assessment()).build();
  }

  /** Cost is informational: no policy judges it. */
  private Row cost(SliceDayPerformance p, Cost c) {
    return common(p, "cost", "cost").set("value", c.value()).set("n", p.scored())
        .set("severity", Severity.NONE.key())
        .set("severity_reason", String.format(Locale.ROOT, "%d predictions at %s per 1,000", p.scored(), c.per1000()))
        .build();
  }

  /** The columns every row of a slice and day shares. */
  private RowBuilder common(SliceDayPerformance p, String metric, String kind) {
    return RowBuilder.of(Table.PERFORMANCE_METRICS)
        .set("model", model).set("ds", p.ds()).set("run_id", runId)
        .set("reference_id", p.referenceId()).set("reference_window", p.referenceWindow().toString())
        .set("slice_key", p.slice().key()).set("slice_value", p.slice().value())
        .set("metric", metric).set("metric_kind", kind)
        .set("excluded", 0L)
        .set("scored", p.scored()).set("labelled", p.labelled())
        .set("label_coverage", p.labelCoverage())
        .set("invalid_labels", p.invalidLabels()).set("duplicate_labels", p.duplicateLabels())
        .set("labels_as_of", p.labelsAsOf())
        .set("label_window_end", p.labelWindowEnd())
        .set("bootstrap_replicates", p.bootstrapReplicates())
        .set("label_fingerprint", p.labelFingerprint()).set("reference_fingerprint", p.referenceFingerprint());
  }

  private static RowBuilder severity(RowBuilder b, Assessment a) {
    return b.set("severity", a.severity().key()).set("severity_threshold", a.threshold())
        .set("severity_reason", a.reason());
  }
}
