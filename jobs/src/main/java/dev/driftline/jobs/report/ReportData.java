package dev.driftline.jobs.report;

import dev.driftline.jobs.lineage.LineageGraph;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything a day's report shows, as plain values read from the stored tables: the renderer
 * ({@link ReportPage}) sees only this, never Spark. Doubles are NaN where the table holds NULL.
 */
public record ReportData(
    String model,
    LocalDate ds,
    List<LocalDate> window,
    Decision decision,
    List<Incident> incidents,
    List<HeatCell> heatmap,
    List<Trend> trends,
    Thresholds psiThresholds,
    List<MetricSeries> performance,
    List<MetricSeries> latency,
    List<QualityRow> quality,
    long qualityChecks,
    Lineage lineage) {

  /** The day's row of {@code retrain_decisions}; null fields when the table has none. */
  public record Decision(String decision, List<String> reasons, List<String> blockedBy, String triggerStatus) {}

  /**
   * An open incident of the day. For drift incidents, {@code histogram} and {@code movingBins} are
   * the column in the incident's slice (null and empty otherwise).
   */
  public record Incident(String id, String status, String kind, String column, String slice, String severity,
      LocalDate firstDs, String summary, List<Share> attribution, Histogram histogram, List<MovingBin> movingBins) {}

  /** A slice's share of a change ({@code incidents.attribution}). */
  public record Share(String slice, double share) {}

  /** Reference and day counts on the reference's bins. */
  public record Histogram(List<String> labels, List<Long> reference, List<Long> current) {}

  /** One of {@code drift_metrics.top_bins}. */
  public record MovingBin(String label, double refShare, double curShare, double psiContribution) {}

  /** One BASELINE comparison of the day: a column in a slice. */
  public record HeatCell(String column, String slice, double psi, String severity) {}

  /** A column's daily PSI and noise floor in a slice over the window; NaN on days without a value. */
  public record Trend(String column, String slice, double[] psi, double[] expectedPsi) {}

  /** Warn and critical levels of PSI; either may be null. */
  public record Thresholds(Double warn, Double critical) {}

  /** A metric's daily value, 95% interval and reference value over the window (NaN when absent). */
  public record MetricSeries(String metric, String slice, double[] value, double[] lower, double[] upper,
      double reference, String severity) {}

  /** A data-quality row that is not fine: which check, where, how much and why. */
  public record QualityRow(String check, String slice, String column, long rows, String severity, String reason) {}

  /**
   * Where the day's numbers come from: the day's {@code runs} row and its lineage graph (null for
   * a day written before the {@code lineage} table existed), filled in one place
   * ({@code ReportTables.lineage}).
   */
  public record Lineage(String runId, String command, String configFingerprint, String referenceId,
      Map<String, String> inputVersions, Map<String, Long> outputVersions, String driftlineVersion,
      String sparkVersion, String finishedAt, LineageGraph graph) {}
}
