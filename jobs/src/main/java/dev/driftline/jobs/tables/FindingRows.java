package dev.driftline.jobs.tables;

import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.EmbeddingFinding;
import dev.driftline.udfs.math.EmbeddingDrift;
import dev.driftline.jobs.decision.Assessment;
import dev.driftline.jobs.decision.DriftFinding;
import dev.driftline.jobs.decision.QualityFinding;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityFinding.Rate;
import dev.driftline.jobs.decision.SchemaFinding;
import dev.driftline.jobs.decision.VolumeFinding;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Assessed findings of one model, day and run as rows of {@code drift_metrics} and
 * {@code data_quality}: the edge where typed values become table rows.
 */
public final class FindingRows {

  private final String model;
  private final LocalDate ds;
  private final String runId;

  public FindingRows(String model, LocalDate ds, String runId) {
    this.model = model;
    this.ds = ds;
    this.runId = runId;
  }

  /** A {@code drift_metrics} row: every measure of the comparison, its top bins and its severity. */
  public Row drift(Assessed<DriftFinding> assessed, String referenceId, double smoothing) {
    DriftFinding f = assessed.finding();
    DriftSummary s = f.summary();
    boolean numeric = f.column().kind() == Kind.NUMERIC;
    long[] r = f.ref().counts();
    long[] q = f.cur().counts();
    double[] p = DriftMetrics.rawShares(r);
    double[] qs = DriftMetrics.rawShares(q);
    double[] contributions = DriftMetrics.psiContributions(r, q, smoothing);
    List<Row> top = new ArrayList<>();
    for (int bin : s.topBins()) {
      top.add(RowFactory.create(bin, f.binLabels().get(bin), nanToZero(p[bin]), nanToZero(qs[bin]), contributions[bin]));
    }
    RowBuilder b = common(Table.DRIFT_METRICS, f.slice(), f.column())
        .set("reference_id", referenceId)
        .set("comparison", f.comparison().key()).set("compared_to", f.comparedTo())
        .set("n_ref", s.nRef()).set("n_cur", s.nCur()).set("nonempty_bins", s.nonEmptyBins())
        .set("chi2_p_adjusted", f.pAdjusted())
        .set("mean_ref", numeric ? f.ref().mean() : Double.NaN)
        .set("mean_cur", numeric ? f.cur().mean() : Double.NaN)
        .set("top_bins", top);
    for (DriftMeasure m : DriftMeasure.values()) {
      b.set(m.key(), s.value(m));
    }
    return severity(b, assessed.assessment()).build();
  }

  /** A {@code data_quality} values row: every rate of the column, the reference's null rate and the severity. */
  public Row quality(Assessed<QualityFinding> assessed) {
    QualityFinding f = assessed.finding();
    RowBuilder b = common(Table.DATA_QUALITY, f.slice(), f.column()).set("check", "values")
        .set("rows", f.rows())
        .set("ref_null_rate", f.rate(Measure.NULL_RATE).refValue());
    f.rates().forEach((measure, rate) -> b.set(measure.key(), rate.value()));
    Assessment a = assessed.assessment();
    Rate behind = a.metric() == null ? null : f.rate(Measure.valueOf(a.metric().toUpperCase(Locale.ROOT)));
    b.set("p_adjusted", behind == null ? Double.NaN : behind.pAdjusted());
    return severity(b, a).build();
  }

  /** A {@code data_quality} volume row: the slice's rows against the reference's daily average. */
  public Row volume(Assessed<VolumeFinding> assessed) {
    VolumeFinding f = assessed.finding();
    return severity(common(Table.DATA_QUALITY, f.slice(), VolumeFinding.SUBJECT).set("check", "volume")
        .set("rows", f.rows()).set("expected_rows", f.expectedRows()).set("volume_ratio", f.ratio())
        .set("p_adjusted", f.pAdjusted()), assessed.assessment()).build();
  }

  /** A {@code data_quality} schema row: an input column whose type changed since the reference, on the global slice. */
  public Row schema(Assessed<SchemaFinding> assessed, long rows) {
    SchemaFinding f = assessed.finding();
    return severity(common(Table.DATA_QUALITY, ProfileLayout.GLOBAL_SLICE, f.column()).set("check", "schema")
        .set("rows", rows).set("ref_type", f.refType()).set("input_type", f.dayType()), assessed.assessment()).build();
  }

  /** An {@code embedding_drift} row: the embedding's measures in one slice and its severity. */
  public Row embedding(Assessed<EmbeddingFinding> assessed, String referenceId) {
    EmbeddingFinding f = assessed.finding();
    RowBuilder b = common(Table.EMBEDDING_DRIFT, f.slice(), f.column()).set("reference_id", referenceId)
        .set("dimensions", f.dimensions()).set("n_ref", f.refRows()).set("n_cur", f.rows())
        .set("invalid_cur", f.invalidRows()).set("p_value", f.pValue()).set("p_adjusted", f.pAdjusted());
    EmbeddingDrift d = f.drift();
    if (d != null) {
      b.set("cosine_distance", d.cosineDistance()).set("normalized_euclidean", d.normalizedEuclidean())
          .set("sliced_wasserstein", d.slicedWasserstein()).set("max_wasserstein", d.maxWasserstein())
          .set("sliced_wasserstein_normalized", d.slicedWassersteinNormalized()).set("mean_psi", d.meanPsi())
          .set("max_psi", d.maxPsi()).set("share_projections_past_psi", d.shareOfProjectionsPastPsi())
          .set("mmd2", d.mmd2()).set("mmd2_p_value", f.sampled().mmd2PValue())
          .set("classifier_auc_sampled", f.sampled().classifierAuc());
    }
    return severity(b, assessed.assessment()).build();
  }

  private RowBuilder common(Table table, Slice slice, MonitoredColumn column) {
    return common(table, slice, column.name())
        .set("column_kind", column.kind().name().toLowerCase(Locale.ROOT))
        .set("column_role", column.role().name().toLowerCase(Locale.ROOT));
  }

  private RowBuilder common(Table table, Slice slice, String column) {
    return RowBuilder.of(table)
        .set("model", model).set("ds", ds).set("run_id", runId)
        .set("slice_key", slice.key()).set("slice_value", slice.value())
        .set("column_name", column);
  }

  private static RowBuilder severity(RowBuilder b, Assessment a) {
    return b.set("severity", a.severity().key()).set("severity_metric", a.metric())
        .set("severity_threshold", a.threshold()).set("severity_reason", a.reason());
  }

  private static double nanToZero(double x) {
    return Double.isNaN(x) ? 0 : x;
  }
}
