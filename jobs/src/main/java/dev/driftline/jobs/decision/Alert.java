package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.Incident.Kind;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;

/**
 * One assessed finding that alerts (or is emerging), reduced to what grouping it into incidents
 * needs.
 *
 * @param excess how far past its threshold the value is (value / threshold), to rank alerts
 * @param evidence the key of the row behind it: {@code drift_metrics/comparison/slice/column},
 *     {@code embedding_drift/slice/column},
 *     {@code data_quality/slice/column} or {@code performance_metrics/day of the predictions/slice/metric}
 *     ({@code .../slice/estimated/metric} for an estimate), a slice written {@code slice_key=slice_value}
 */
public record Alert(Kind kind, String subject, Slice slice, Severity severity, double excess, String reason,
    String evidence) {

  /**
   * The subject of every quality-metric alert: a model that got worse shows in several metrics at
   * once (AUC, log loss, calibration), one cause; the evidence names each metric.
   */
  public static final String MODEL_QUALITY = "model_quality";
  /** The subject of incidents on performance estimated before the labels arrive. */
  public static final String ESTIMATED_MODEL_QUALITY = "estimated_model_quality";

  /** The drift finding's alert, or null when it does not alert. */
  public static Alert of(Assessed<DriftFinding> a) {
    DriftFinding f = a.finding();
    if (!raises(a.severity())) {
      return null;
    }
    Kind kind = driftKind(f.column().role());
    double value = f.value(DriftMeasure.fromKey(a.assessment().metric()));
    return new Alert(kind, f.column().name(), f.slice(), a.severity(), value / a.assessment().threshold(),
        a.assessment().reason(), evidence("drift_metrics/" + f.comparison().key(), f.slice(), f.column().name()));
  }

  /** The embedding finding's alert (a feature drift of the embedding column), or null when it does not alert. */
  public static Alert ofEmbedding(Assessed<EmbeddingFinding> a) {
    if (!raises(a.severity())) {
      return null;
    }
    EmbeddingFinding f = a.finding();
    return new Alert(Kind.FEATURE_DRIFT, f.column(), f.slice(), a.severity(),
        f.drift().maxPsi() / a.assessment().threshold(), a.assessment().reason(),
        evidence("embedding_drift", f.slice(), f.column()));
  }

  /**
   * The data-quality finding's alert, or null when it does not alert. Values outside the
   * reference's range or vocabulary are the column's distribution moving, so they join its drift
   * incident; nulls, NaN and infinities are a broken feed, a data-quality incident of their own.
   */
  public static Alert ofQuality(Assessed<QualityFinding> a) {
    QualityFinding f = a.finding();
    if (!raises(a.severity())) {
      return null;
    }
    QualityFinding.Measure measure = QualityFinding.Measure.valueOf(a.assessment().metric().toUpperCase(
        java.util.Locale.ROOT));
    QualityFinding.Rate rate = f.rate(measure);
    double rise = rate.value() - rate.refValue();
    boolean moved = measure == QualityFinding.Measure.OUT_OF_RANGE_RATE
        || measure == QualityFinding.Measure.UNSEEN_CATEGORY_RATE;
    Kind kind = !moved ? Kind.DATA_QUALITY : driftKind(f.column().role());
    return new Alert(kind, f.column().name(), f.slice(), a.severity(), rise / a.assessment().threshold(),
        a.assessment().reason(), evidence("data_quality", f.slice(), f.column().name()));
  }

  /** The volume finding's alert (a data-quality alert on {@link VolumeFinding#SUBJECT}), or null. */
  public static Alert ofVolume(Assessed<VolumeFinding> a) {
    VolumeFinding f = a.finding();
    if (!raises(a.severity())) {
      return null;
    }
    return new Alert(Kind.DATA_QUALITY, VolumeFinding.SUBJECT, f.slice(), a.severity(),
        f.factor() / a.assessment().threshold(), a.assessment().reason(),
        evidence("data_quality", f.slice(), VolumeFinding.SUBJECT));
  }

  /**
   * The schema finding's alert, or null: a data-quality alert on the column, so that it joins the
   * incident of the nulls or unseen values the change makes in that column.
   */
  public static Alert ofSchema(Assessed<SchemaFinding> a) {
    if (!raises(a.severity())) {
      return null;
    }
    return new Alert(Kind.DATA_QUALITY, a.finding().column(), ProfileLayout.GLOBAL_SLICE, a.severity(), 1,
        a.assessment().reason(), evidence("data_quality", ProfileLayout.GLOBAL_SLICE, a.finding().column()));
  }

  private static Kind driftKind(Role role) {
    return role == Role.PREDICTION ? Kind.PREDICTION_DRIFT : Kind.FEATURE_DRIFT;
  }

  /**
   * A performance or latency alert of one slice on one day of predictions, as its
   * {@code performance_metrics} row says. Labels arrive late, so that day may be before the day
   * the alert is raised on: reason and evidence name it.
   *
   * @param metric the row's metric ({@code auc}, {@code latency_p99}, ...)
   * @param excess how far past its threshold, as the row gives it (|delta| or the value, over the threshold)
   */
  public static Alert ofPerformance(java.time.LocalDate predictions, Slice slice, String metric, boolean latency,
      Severity severity, double excess, String reason) {
    return new Alert(latency ? Kind.LATENCY : Kind.PERFORMANCE, latency ? metric : MODEL_QUALITY, slice, severity,
        excess, "predictions of " + predictions + ": " + reason,
        evidence("performance_metrics/" + predictions, slice, metric));
  }

  /**
   * The alert of an estimated quality metric (from scores, before the labels): a performance
   * incident of its own ({@link #ESTIMATED_MODEL_QUALITY}), apart from the realized one.
   */
  public static Alert ofEstimatedPerformance(java.time.LocalDate predictions, Slice slice, String metric,
      Severity severity, double excess, String reason) {
    return new Alert(Kind.PERFORMANCE, ESTIMATED_MODEL_QUALITY, slice, severity, excess,
        "predictions of " + predictions + ", estimated from their scores: " + reason,
        evidence("performance_metrics/" + predictions, slice, "estimated/" + metric));
  }

  /** True for the severities an incident is made of: alerts, and drift projected to alert soon. */
  static boolean raises(Severity s) {
    return s.alerts() || s == Severity.EMERGING;
  }

  static String evidence(String table, Slice slice, String subject) {
    return table + "/" + slice.key() + "=" + slice.value() + "/" + subject;
  }
}
