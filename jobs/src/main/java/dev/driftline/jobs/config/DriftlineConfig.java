package dev.driftline.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One model's monitoring config, as read from YAML (keys in snake_case). Optional sections may be
 * null here; {@link ConfigLoader} checks the whole and {@link JobSpec} resolves the defaults.
 */
public record DriftlineConfig(
    String model,
    Input input,
    Features features,
    Prediction prediction,
    Slices slices,
    Reference reference,
    Binning binning,
    Drift drift,
    Quality quality,
    Output output,
    Labels labels,
    Performance performance,
    Latency latency,
    Release release,
    Retraining retraining,
    Trigger trigger,
    Embedding embedding) {

  /** When a day's incidents are a reason to retrain, and the gates that hold a retrain back. */
  public record Retraining(
      @JsonProperty("performance_severity") String performanceSeverity,
      @JsonProperty("min_slice_labels") Long minSliceLabels,
      @JsonProperty("prediction_drift") Persistence predictionDrift,
      @JsonProperty("feature_drift") FeatureDrift featureDrift,
      @JsonProperty("min_labelled_rows") Long minLabelledRows,
      @JsonProperty("cooldown_days") Integer cooldownDays,
      @JsonProperty("block_on_data_quality") Boolean blockOnDataQuality,
      @JsonProperty("reference_days_after_retrain") Integer referenceDaysAfterRetrain,
      @JsonProperty("accept_estimated_performance") Boolean acceptEstimatedPerformance) {}

  public record Persistence(String severity, Integer days, @JsonProperty("of_days") Integer ofDays) {}

  public record FeatureDrift(String severity, @JsonProperty("min_features") Double minFeatures, Integer days,
      @JsonProperty("of_days") Integer ofDays, Map<String, Double> importance) {}


  /** Where the prediction log is and how its rows map to days. */
  public record Input(
      String format,
      String path,
      String table,
      @JsonProperty("date_column") String dateColumn,
      @JsonProperty("timestamp_column") String timestampColumn,
      @JsonProperty("time_zone") String timeZone,
      @JsonProperty("model_version_column") String modelVersionColumn) {}

  public record Features(List<String> numeric, List<String> categorical, List<String> embedding) {}

  /** How embedding columns are sketched; every key optional. */
  public record Embedding(Integer projections, @JsonProperty("random_features") Integer randomFeatures,
      @JsonProperty("sample_rows") Integer sampleRows, Long seed) {}

  public record Prediction(String column, String kind) {}

  public record Slices(List<String> columns, @JsonProperty("max_values") Integer maxValues) {}

  /** A fixed range ({@code from}, {@code to}) or a rolling window ({@code rolling_days}, {@code lag_days}). */
  public record Reference(
      String from,
      String to,
      @JsonProperty("rolling_days") Integer rollingDays,
      @JsonProperty("lag_days") Integer lagDays) {}

  public record Binning(
      Integer bins,
      @JsonProperty("max_categories") Integer maxCategories,
      Double smoothing) {}

  public record Drift(
      Map<String, Threshold> thresholds,
      @JsonProperty("max_p_value") Double maxPValue,
      @JsonProperty("p_value_adjustment") String pValueAdjustment,
      @JsonProperty("min_rows") Integer minRows) {}

  public record Threshold(Double warn, Double critical) {}

  /**
   * Levels of the rise of each data-quality rate over the reference's, and of the factor a slice's
   * rows are off the reference's daily average.
   */
  public record Quality(Map<String, Threshold> thresholds, Threshold volume) {}

  public record Output(String warehouse, String database) {}

  /** Where labels are and how they join the predictions. */
  public record Labels(
      String format,
      String path,
      String table,
      @JsonProperty("request_id_column") String requestIdColumn,
      @JsonProperty("label_column") String labelColumn,
      @JsonProperty("arrival_column") String arrivalColumn,
      @JsonProperty("prediction_request_id_column") String predictionRequestIdColumn,
      @JsonProperty("window_days") Integer windowDays) {}

  public record Performance(
      Double threshold,
      @JsonProperty("bootstrap_replicates") Integer bootstrapReplicates,
      Long seed,
      @JsonProperty("min_labels") Integer minLabels,
      Map<String, Threshold> thresholds,
      Boolean estimate,
      @JsonProperty("estimate_check_coverage") Double estimateCheckCoverage) {}

  public record Latency(
      String column,
      @JsonProperty("slo_quantile") String sloQuantile,
      Threshold slo,
      @JsonProperty("cost_per_1000") Double costPer1000) {}

  public record Release(@JsonProperty("min_improvement") Double minImprovement) {}

  /**
   * How a retrain decision reaches the team's pipeline: {@code kind} is table, file, webhook,
   * airflow or databricks; the other keys belong to some kinds only (see {@link TriggerSpec}).
   * {@code token_env} names an environment variable holding the token, never the token itself.
   */
  public record Trigger(
      String kind,
      String url,
      @JsonProperty("dag_id") String dagId,
      @JsonProperty("job_id") Long jobId,
      String path,
      @JsonProperty("token_env") String tokenEnv,
      @JsonProperty("timeout_seconds") Integer timeoutSeconds,
      @JsonProperty("max_attempts") Integer maxAttempts) {}
}
