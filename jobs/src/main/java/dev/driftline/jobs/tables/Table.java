package dev.driftline.jobs.tables;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import dev.driftline.udfs.math.DriftMeasure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The output tables: the warehouse contract. Every schema is defined here and only here, each
 * column with the comment that Delta stores and {@code DESCRIBE} shows. Every table is partitioned
 * by {@code ds} and every row carries {@code model}, {@code ds} and {@code run_id}.
 */
public enum Table {

  REFERENCE_PROFILES("Reference distribution of every monitored column per slice: the bins later days are compared on.",
      common("last day of the reference window"),
      f("reference_id", StringType, false, "deterministic fingerprint of the reference: config, window and contents"),
      f("spec_fingerprint", StringType, false, "fingerprint of the config parts and window that define the reference"),
      f("window_start", DateType, false, "first day of the reference window"),
      f("window_end", DateType, false, "last day of the reference window"),
      sliceAndColumn(),
      f("bin_cuts", createArrayType(DoubleType), false, "numeric cut points; bin i is [cut(i-1), cut(i)), the outer bins are open-ended and hold values outside the reference range"),
      f("categories", createArrayType(StringType), false, "categorical vocabulary (top values by reference frequency); then come the __OTHER__ and __NULL__ bins"),
      f("bin_labels", createArrayType(StringType), false, "human-readable label of each bin"),
      f("bin_points", createArrayType(DoubleType), false, "value representing each numeric bin for Wasserstein distance: the reference mean in the bin, or the bin midpoint when the bin was empty"),
      histogramColumns(),
      f("input_schema", createMapType(StringType, StringType), true, "every input column's type when the reference was built (global slice rows only), what the daily schema check compares with"),
      f("created_at", TimestampType, false, "when the reference was built")),

  FEATURE_PROFILES("Per-day histogram of every monitored column per slice, on the reference bins.",
      common("the day profiled"),
      f("reference_id", StringType, false, "reference whose bins the counts are on"),
      sliceAndColumn(),
      histogramColumns()),

  DRIFT_METRICS("Drift of every monitored column per slice and day against the reference (BASELINE) and the previous day (CONSECUTIVE).",
      common("the day compared"),
      f("reference_id", StringType, false, "reference whose bins the comparison uses"),
      f("comparison", StringType, false, "BASELINE (against the reference) or CONSECUTIVE (against the previous day)"),
      f("compared_to", StringType, false, "what the day is compared with: the reference window (start..end) or the previous day"),
      sliceAndColumn(),
      f("n_ref", LongType, false, "binned rows on the compared-to side"),
      f("n_cur", LongType, false, "binned rows on the day's side"),
      f("nonempty_bins", IntegerType, false, "bins non-empty on either side (B'); tests use B'-1 degrees of freedom"),
      measureColumns(),
      f("chi2_p_adjusted", DoubleType, true, "chi-square p-value adjusted across the day's comparisons of the same kind (drift.p_value_adjustment; Benjamini-Hochberg by default); what alerting tests against drift.max_p_value"),
      f("mean_ref", DoubleType, true, "mean of the finite values on the compared-to side (numeric only)"),
      f("mean_cur", DoubleType, true, "mean of the finite values on the day's side (numeric only)"),
      f("top_bins", createArrayType(TopBin.TYPE), false, "the bins contributing most to the PSI, largest first"),
      f("severity", StringType, false, "none, warn, critical, emerging (below every threshold but PSI projected to reach warn within two weeks, BASELINE only), or insufficient_data when either side has fewer than drift.min_rows rows"),
      f("severity_metric", StringType, true, "metric whose threshold set the severity"),
      f("severity_threshold", DoubleType, true, "threshold that was crossed"),
      f("severity_reason", StringType, false, "why the severity is what it is, in words")),

  EMBEDDING_DRIFT("Drift of every embedding column (features.embedding) per slice and day against the reference: mean-vector distances, random projections and MMD^2.",
      common("the day compared"),
      f("reference_id", StringType, false, "reference whose window the embedding is compared with"),
      slice(),
      f("column_name", StringType, false, "embedding column"),
      f("dimensions", IntegerType, false, "the embedding's length, the most common one in the reference"),
      f("n_ref", LongType, false, "valid rows of the slice in the reference window"),
      f("n_cur", LongType, false, "valid rows of the slice that day"),
      f("invalid_cur", LongType, false, "rows of the slice that day left out: null, another length, or a value that is null, NaN or infinite"),
      f("cosine_distance", DoubleType, true, "1 - cosine of the angle between the reference's and the day's mean vectors (null when a mean is zero)"),
      f("normalized_euclidean", DoubleType, true, "distance between the mean vectors over the reference's spread (square root of its summed variances, floor 1e-3)"),
      f("sliced_wasserstein", DoubleType, true, "Wasserstein-1 distance along each random projection (binned as a numeric column), averaged over the projections"),
      f("max_wasserstein", DoubleType, true, "the largest projection's Wasserstein-1 distance"),
      f("sliced_wasserstein_normalized", DoubleType, true, "each projection's Wasserstein-1 over its reference standard deviation, averaged: comparable across embeddings"),
      f("mean_psi", DoubleType, true, "PSI of each projection's bins, averaged over the projections"),
      f("max_psi", DoubleType, true, "the largest projection's PSI: what the severity compares with drift.thresholds.psi"),
      f("share_projections_past_psi", DoubleType, true, "share of projections whose PSI reaches the psi warn level"),
      f("mmd2", DoubleType, true, "squared maximum mean discrepancy of an RBF kernel (bandwidth: the reference's median distance), estimated from embedding.random_features random Fourier features"),
      f("mmd2_p_value", DoubleType, true, "permutation test of the exact MMD^2 between the sampled rows (at most embedding.sample_rows a side), 99 relabellings: (1 + at least as large) / 100; the no-change threshold of mmd2"),
      f("classifier_auc_sampled", DoubleType, true, "sampled: cross-validated ROC AUC of a logistic regression telling the day's sampled rows from the reference's (5 folds, L2 penalty 1 on standardised values); 0.5 alike, 1 apart; null with fewer than 5 sampled rows a side"),
      f("p_value", DoubleType, true, "chi-square test of the projection that moved most, times the projections tested (Bonferroni), at most 1"),
      f("p_adjusted", DoubleType, true, "p_value adjusted across the day's embedding tests (drift.p_value_adjustment); what alerting tests against drift.max_p_value"),
      f("severity", StringType, false, "none, warn, critical (max_psi reached a drift.thresholds.psi level and p_adjusted <= drift.max_p_value), or insufficient_data (fewer than drift.min_rows valid rows on a side)"),
      f("severity_metric", StringType, true, "metric whose threshold set the severity"),
      f("severity_threshold", DoubleType, true, "threshold that was crossed"),
      f("severity_reason", StringType, false, "why the severity is what it is, in words")),

  DATA_QUALITY("Per-day data quality: each monitored column's missing values and values outside the reference per slice (check 'values'), each slice's volume ('volume'), and the input's schema against the reference's ('schema').",
      common("the day checked"),
      f("check", StringType, false, "values (a monitored column in a slice), volume (a slice's rows; column_name __rows__) or schema (an input column whose type changed since the reference; slice __all__)"),
      slice(),
      f("column_name", StringType, false, "monitored column (values), __rows__ (volume), or input column (schema)"),
      f("column_kind", StringType, true, "numeric, categorical or embedding (values rows)"),
      f("column_role", StringType, true, "feature or prediction (values rows)"),
      f("rows", LongType, false, "rows of the slice that day"),
      f("null_rate", DoubleType, true, "share of rows with a null value (values rows); for an embedding, a value the sketches cannot use: null, of another length than the reference's, or holding a null, NaN or infinity"),
      f("nan_rate", DoubleType, true, "share of rows with NaN (numeric only)"),
      f("infinity_rate", DoubleType, true, "share of rows with +/-Infinity (numeric only)"),
      f("out_of_range_rate", DoubleType, true, "share of non-null values below the reference minimum or above its maximum (numeric only)"),
      f("unseen_category_rate", DoubleType, true, "share of non-null values outside the reference vocabulary (categorical only)"),
      f("ref_null_rate", DoubleType, true, "null share in the reference, for comparison"),
      f("expected_rows", DoubleType, true, "the reference's average rows per day in the slice (volume rows)"),
      f("volume_ratio", DoubleType, true, "rows that day divided by expected_rows (volume rows)"),
      f("ref_type", StringType, true, "the input column's type when the reference was built, null when it was not there (schema rows)"),
      f("input_type", StringType, true, "the input column's type that day, null when it is missing (schema rows)"),
      f("p_adjusted", DoubleType, true, "p-value of the test behind the severity, adjusted across the day's tests of the same check: the two-proportion test of the rate against the reference (values), the exact test of the rows against the reference's daily rate (volume)"),
      f("severity", StringType, false, "none, warn, critical (values: a rate rose past its quality.thresholds level, significantly; volume: the rows are a quality.volume factor off the reference's, significantly; schema: a monitored column is missing or retyped), info (schema: any other change), or insufficient_data (fewer than drift.min_rows rows, or expected a day)"),
      f("severity_metric", StringType, true, "rate whose threshold set the severity"),
      f("severity_threshold", DoubleType, true, "threshold of the rate's rise that was crossed"),
      f("severity_reason", StringType, false, "why the severity is what it is, in words")),

  INCIDENTS("The day's alerts grouped by cause: a column or metric and the narrowest slice that explains it, tracked across days.",
      common("the day the incident was assessed"),
      f("incident_id", StringType, false, "stable id of the incident across the days it stays open"),
      f("status", StringType, false, "opened (first day), ongoing (alerting again), or resolved (no alert this day)"),
      f("kind", StringType, false, "feature_drift, prediction_drift, data_quality, performance or latency"),
      f("column_name", StringType, false, "the column (drift, data quality) or the metric (performance, latency)"),
      f("slice_key", StringType, false, "dimension of the slice that explains the incident, or __all__"),
      f("slice_value", StringType, false, "value of that slice, or __all__"),
      f("severity", StringType, false, "the highest severity among the incident's alerts that day: critical, warn, or emerging (projected to reach warn soon)"),
      f("first_ds", DateType, false, "first day of the incident"),
      f("last_ds", DateType, false, "last day the incident alerted"),
      f("affected_slices", createArrayType(StringType), false, "every alerting slice (key=value) the incident stands for"),
      f("alert_count", IntegerType, false, "alert rows behind the incident that day (0 when resolved)"),
      f("attribution", createArrayType(Attribution.TYPE), false, "share of the global change each slice of the explaining dimension explains, largest first, and 'mix' for a change of slice mix (drift only)"),
      f("top_bins", createArrayType(StringType), false, "bins that moved most in the incident's slice, as label: reference share -> day share"),
      f("summary", StringType, false, "the incident in one sentence"),
      f("evidence", createArrayType(StringType), false, "rows behind the incident: drift_metrics/comparison/slice/column, data_quality/slice/column (same day), performance_metrics/prediction day/slice/metric")),

  PERFORMANCE_METRICS("Model quality per slice and day from the labels arrived so far, with 95% intervals and the change against the reference; for probabilities also the quality estimated from calibrated scores before the labels arrive; latency and cost per slice and day.",
      common("the day the predictions were made"),
      f("reference_id", StringType, false, "reference whose slice values split the rows"),
      f("reference_window", StringType, false, "days (start..end) whose labelled predictions give the reference value"),
      slice(),
      f("metric", StringType, false, "quality metric (accuracy, precision, recall, f1, auc, log_loss, brier, ece, predicted_positive_rate, actual_positive_rate; regression: mae, rmse, mape, r2, mean_error; class: accuracy, macro_f1, class_recall:<class>, predicted_class_share:<class>), latency_p50/p95/p99/max, or cost"),
      f("metric_kind", StringType, false, "quality (from labels), estimated (expected from the day's calibrated scores, before the labels), latency or cost (from the predictions alone)"),
      f("value", DoubleType, true, "the metric on the day's labelled predictions (NULL when undefined, see note)"),
      f("ci_lower", DoubleType, true, "lower end of the 95% confidence interval"),
      f("ci_upper", DoubleType, true, "upper end of the 95% confidence interval"),
      f("ci_method", StringType, true, "wilson (proportions), bootstrap (Poisson bootstrap percentile interval), outcome_bootstrap (estimated: where the realized value falls when outcomes are drawn from the calibrated scores), exact or sketch (latency); NULL when there is no interval"),
      f("standard_error", DoubleType, true, "standard error of the value: binomial for proportions, the bootstrap replicates' standard deviation otherwise"),
      f("note", StringType, true, "why there is no value or interval, or the error bound of an approximate latency quantile"),
      f("n", LongType, false, "rows the value is computed over: its denominator for proportions (e.g. predicted positives for precision), else the labelled rows it uses, or the latency values"),
      f("excluded", LongType, false, "labelled rows the metric leaves out (mape: rows whose label is 0)"),
      f("scored", LongType, false, "predictions in the slice that day"),
      f("labelled", LongType, false, "predictions with a valid label arrived by labels_as_of"),
      f("label_coverage", DoubleType, true, "labelled / scored: how much of the day's labels have arrived"),
      f("invalid_labels", LongType, false, "labelled predictions left out because the label or prediction is invalid for the model's output (e.g. a label other than 0/1)"),
      f("duplicate_labels", LongType, false, "labels beyond the first for one prediction; the latest arrival is used"),
      f("labels_as_of", DateType, false, "the row counts labels that arrived up to this day (the run date, at most label_window_end); it is rewritten when a later label arrives within the window"),
      f("label_window_end", DateType, false, "ds + labels.window_days: labels arriving after it are never counted, so from then on the row is final"),
      f("ref_value", DoubleType, true, "the metric on the reference window's labelled predictions in the same slice"),
      f("ref_n", LongType, true, "rows the reference value is computed over"),
      f("ref_standard_error", DoubleType, true, "standard error of the reference value"),
      f("delta", DoubleType, true, "value - ref_value"),
      f("delta_standard_error", DoubleType, true, "sqrt(standard_error^2 + ref_standard_error^2): day and reference are different requests"),
      f("delta_ci_lower", DoubleType, true, "lower end of the normal 95% interval of the delta"),
      f("delta_ci_upper", DoubleType, true, "upper end of the normal 95% interval of the delta"),
      f("noise_floor", DoubleType, true, "the value expected by chance alone at this sample size from a perfect model; for ece, E[ECE] of a perfectly calibrated model on the day's scores (labels drawn as Bernoulli(score)); NULL for other metrics"),
      f("ref_noise_floor", DoubleType, true, "the same for the reference's labelled predictions"),
      f("p_value", DoubleType, true, "normal p-value of the degradation: one-sided in the direction that makes the metric worse (two-sided for neutral metrics), of (delta - (noise_floor - ref_noise_floor)) / delta_standard_error; the floors only when both are set, so for ece the degradation is (value - noise_floor) - (ref_value - ref_noise_floor)"),
      f("p_adjusted", DoubleType, true, "p_value adjusted across the day's tests (every slice and metric with a threshold and a standard error) as drift.p_value_adjustment says (Benjamini-Hochberg by default); NULL when not tested"),
      f("severity", StringType, false, "none, warn, critical (the degradation beyond the noise floors crosses a configured threshold and p_adjusted <= drift.max_p_value), or insufficient_data (no interval on either side)"),
      f("severity_threshold", DoubleType, true, "threshold that was crossed (degradation for quality metrics, the SLO for latency)"),
      f("severity_reason", StringType, false, "why the severity is what it is, in words"),
      f("bootstrap_replicates", IntegerType, false, "Poisson bootstrap replicates behind bootstrap intervals"),
      f("label_fingerprint", StringType, false, "fingerprint of the day's predictions and arrived labels: the day is recomputed when it changes"),
      f("reference_fingerprint", StringType, false, "fingerprint of the reference's predictions, labels and the performance config: the day is recomputed when it changes"),
      f("realized_value", DoubleType, true, "estimated rows: the metric on the labels arrived so far (the quality row's value), NULL without labels"),
      f("estimate_error", DoubleType, true, "estimated rows: |value - realized_value| once the day's labels are final (labels_as_of >= label_window_end), else NULL"),
      f("check_expected", DoubleType, true, "estimated rows: the estimate on the labelled rows alone, which realized_value tests; NULL below performance.min_labels labels or below performance.estimate_check_coverage"),
      f("check_z", DoubleType, true, "estimated rows: (realized_value - check_expected) / its standard error, about standard normal while the score-outcome relation holds"),
      f("estimate_status", StringType, true, "estimated rows: reliable, unreliable (the latest checked days of the slice refute the estimate: concept drift; the row then never alerts) or unchecked (no day with enough labels yet)"),
      f("estimate_p_adjusted", DoubleType, true, "estimated rows: adjusted p-value of the disagreement on the latest checked days (chi-square of their check_z, Bonferroni over auc, accuracy and actual_positive_rate, adjusted across the day's slices)"),
      f("estimate_reason", StringType, true, "estimated rows: the reliability judgement in words"),
      f("calibration", StringType, true, "estimated rows: the calibration that turned scores into probabilities (isotonic on the reference window's labels of the slice, or of the whole reference for a slice with too few)")),

  RELEASE_COMPARISONS("A candidate model version against a baseline on the labelled requests both scored: per-day metric pairs, the mean delta with its standard error and interval, and a verdict.",
      common("the last day compared"),
      f("metric", StringType, false, "metric compared (e.g. auc)"),
      f("baseline", StringType, false, "baseline model version"),
      f("candidate", StringType, false, "candidate model version"),
      f("from_ds", DateType, false, "first day of the compared range"),
      f("to_ds", DateType, false, "last day of the compared range"),
      f("days", IntegerType, false, "days with the metric defined for both versions"),
      f("compared_days", createArrayType(DateType), false, "those days, in order"),
      f("baseline_values", createArrayType(DoubleType), false, "the baseline's metric on each compared day"),
      f("candidate_values", createArrayType(DoubleType), false, "the candidate's metric on each compared day"),
      f("labelled_requests", createArrayType(LongType), false, "labelled requests both versions scored, per compared day"),
      f("mean_delta", DoubleType, false, "mean over days of candidate - baseline"),
      f("standard_error", DoubleType, false, "standard deviation of the daily deltas / sqrt(days)"),
      f("ci_lower", DoubleType, false, "lower end of the 95% Student-t interval of the mean delta (days - 1 degrees of freedom)"),
      f("ci_upper", DoubleType, false, "upper end of that interval"),
      f("min_improvement", DoubleType, false, "release.min_improvement the verdict used"),
      f("verdict", StringType, false, "promote (interval above 0 and mean improvement >= min_improvement), reject (interval below 0), or hold"),
      f("verdict_reason", StringType, false, "the verdict in words")),

  RETRAIN_DECISIONS("One retraining decision per model and day, with its reasons, its gates and what its trigger did.",
      common("the day decided"),
      f("decision", StringType, false, "none, watch (a reason holds but not yet enough, or a gate holds it back), retrain, or blocked (a critical data-quality incident is open: fix the data first)"),
      f("reasons", createArrayType(Reason.TYPE), false, "the rules that hold (performance, prediction_drift, feature_drift) and the gates that held a retrain back (labels, cooldown), each with a sentence"),
      f("blocked_by", createArrayType(StringType), false, "the open critical data-quality incidents that block a retrain, in words"),
      f("policy_fingerprint", StringType, false, "fingerprint of the retraining settings that decided"),
      f("evidence", createArrayType(Evidence.TYPE), false, "the incidents behind the reasons: id, kind, column, slice, severity and summary"),
      f("labelled_rows_since_last_retrain", LongType, false, "labelled predictions of the days after the last recorded retrain (or the reference window)"),
      f("last_retrain", DateType, true, "the last retrain recorded with driftline retrained, NULL when none"),
      f("cooldown_until", DateType, true, "last day of the cooldown after the last retrain decision or recorded retrain, NULL when none"),
      f("trigger_kind", StringType, false, "none, table, file, webhook, airflow or databricks (trigger.kind)"),
      f("trigger_status", StringType, true, "for a retrain decision: not_configured, sent, already_sent (the receiver or this table already had it), failed (retried by the next run), suppressed (a backfill's earlier days, or --dry-run); NULL otherwise"),
      f("trigger_http_status", IntegerType, true, "last HTTP status the trigger received"),
      f("trigger_run_id", StringType, true, "the receiver's run id (Airflow dag_run_id, Databricks run_id) or the marker file"),
      f("trigger_message", StringType, true, "what the trigger did, in words"),
      f("idempotency_key", StringType, true, "the same for every rerun of the model's day: what receivers deduplicate on"),
      f("trigger_payload", StringType, true, "the JSON the trigger sent (or will resend after a failure), for a retrain decision"),
      f("decided_at", TimestampType, false, "when the decision was made")),

  RETRAIN_EVENTS("Retrains recorded with driftline retrained: cooldown and data sufficiency count from them.",
      common("the day the retrained model took over"),
      f("model_version", StringType, true, "the new model version, when given"),
      f("recorded_at", TimestampType, false, "when the retrain was recorded")),

  LINEAGE("The day's lineage graph, one row per node: input (the prediction log's day at its version) and labels:DAY "
      + "(a day's predictions joined with the labels arrived so far, by content) and the reference -> profile -> drift, "
      + "quality and performance:DAY -> incident:ID -> decision -> trigger. A node's fingerprint is a SHA-256 (first 16 "
      + "hex digits) over its kind, its params and its parents' ids and fingerprints, never the run id or a time: "
      + "identical reruns give identical fingerprints, a changed input changes exactly the fingerprints downstream of it.",
      common("the run day whose graph the node belongs to"),
      f("node_id", StringType, false, "stable id of the node within the day: input, reference, profile, drift, quality, labels:DAY, performance:DAY, incident:ID, decision, trigger"),
      f("kind", StringType, false, "input, labels, reference, profile, drift, quality, performance, incident, decision or trigger"),
      f("label", StringType, false, "what the node stands for, in words (not fingerprinted)"),
      f("fingerprint", StringType, false, "content-addressed fingerprint of the node, chained from its parents'"),
      f("parents", createArrayType(StringType), false, "node_id of each node it was computed from: the graph's edges"),
      f("config_fingerprint", StringType, true, "fingerprint of the resolved config, for nodes that apply thresholds"),
      f("reference_id", StringType, true, "the reference's id (reference node)"),
      f("input_version", StringType, true, "the prediction log and its Delta version or file listing digest (input node)"),
      f("label_fingerprint", StringType, true, "fingerprint of the day's predictions and arrived labels (labels nodes)"),
      f("code_version", StringType, true, "Driftline version and the git commit its jar was built from, for computed nodes"),
      f("output_digest", StringType, true, "digest of the node's output that matters downstream: alerts raised, an incident's state, the decision and its reasons, the trigger payload"),
      f("params", createMapType(StringType, StringType), false, "every parameter the fingerprint covers, by name (the columns above and e.g. window, day, policy_fingerprint, reference_fingerprint)")),

  RUNS("One row per job run and day: lineage, timings and outcome.",
      common("the day the run processed (the reference window end for reference builds)"),
      f("command", StringType, false, "reference, run, backfill or decide"),
      f("status", StringType, false, "running (not finished, or stopped without a trace: see process), succeeded, skipped (a backfill day without input rows), failed, or interrupted (stopped; its unpublished rows were removed by a later run)"),
      f("error", StringType, true, "one-line error of a failed run, or why a day was skipped"),
      f("config_fingerprint", StringType, false, "SHA-256 of the resolved config"),
      f("reference_id", StringType, true, "reference used"),
      f("input_versions", createMapType(StringType, StringType), false, "version of each input read (Delta version, or a file listing digest)"),
      f("output_versions", createMapType(StringType, LongType), false, "Delta version of each table written"),
      f("rows_read", LongType, false, "input rows read for the day"),
      f("rows_written", LongType, false, "output rows written for the day"),
      f("step_millis", createMapType(StringType, LongType), false, "wall time of each step in milliseconds"),
      f("started_at", TimestampType, false, "when the run started"),
      f("finished_at", TimestampType, true, "when the run finished; NULL while it runs"),
      f("driftline_version", StringType, false, "Driftline version"),
      f("spark_version", StringType, false, "Spark version"),
      f("findings", createMapType(StringType, LongType), true, "data-quality findings of the day's run by name (duplicate_labels, orphan_labels, invalid_labels), NULL when none were checked"),
      f("process", StringType, true, "pid@host of the JVM that ran it: how a later run tells a run that was killed from one still running"),
      f("replaced", createArrayType(Replaced.TYPE), true, "the tables and days whose rows the run replaced (on its first day's row); a published view shows, per table and day, the rows of the latest succeeded run that replaced them"));

  /**
   * The tables a run writes for its days in several commits: readers see a day's rows in them only
   * once the run's {@code runs} rows say it succeeded (the other tables are written in one commit).
   */
  public static final Set<Table> PUBLISHED_BY_RUNS = Collections.unmodifiableSet(EnumSet.of(FEATURE_PROFILES,
      DRIFT_METRICS, EMBEDDING_DRIFT, DATA_QUALITY, INCIDENTS, PERFORMANCE_METRICS, RETRAIN_DECISIONS, LINEAGE));

  /** A table and day a run replaced, as stored in {@code runs.replaced}. */
  public static final class Replaced {
    public static final StructType TYPE = new StructType(new StructField[] {
        f("table_name", StringType, true, "table"),
        f("ds", DateType, true, "day")});

    private Replaced() {}
  }

  /** The view name of a table's published rows, e.g. {@code drift_metrics_published}. */
  public String publishedName() {
    return tableName() + "_published";
  }

  /** A reason of a retraining decision, as stored in {@code retrain_decisions.reasons}. */
  public static final class Reason {
    public static final StructType TYPE = new StructType(new StructField[] {
        f("rule", StringType, true, "performance, prediction_drift, feature_drift, labels or cooldown"),
        f("incident_id", StringType, true, "the incident behind it, NULL for gates and rules of several incidents"),
        f("sentence", StringType, true, "the reason in words")});

    private Reason() {}
  }

  /** An incident behind a retraining decision, as stored in {@code retrain_decisions.evidence}. */
  public static final class Evidence {
    public static final StructType TYPE = new StructType(new StructField[] {
        f("incident_id", StringType, true, "incident id"),
        f("kind", StringType, true, "incident kind"),
        f("column_name", StringType, true, "column or metric"),
        f("slice", StringType, true, "slice as key=value"),
        f("severity", StringType, true, "severity that day"),
        f("summary", StringType, true, "the incident's summary that day")});

    private Evidence() {}
  }

  /**
   * A bin's part in a comparison, as stored in {@code drift_metrics.top_bins}. Delta keeps no NOT
   * NULL constraint inside arrays and maps, so nested fields are declared nullable here.
   */
  public static final class TopBin {
    public static final StructType TYPE = new StructType(new StructField[] {
        f("bin", IntegerType, true, "bin index"),
        f("label", StringType, true, "bin label"),
        f("ref_share", DoubleType, true, "raw share of the bin on the compared-to side"),
        f("cur_share", DoubleType, true, "raw share of the bin on the day's side"),
        f("psi_contribution", DoubleType, true, "the bin's term of the PSI")});

    private TopBin() {}
  }

  /** A slice's share of a change, as stored in {@code incidents.attribution}. */
  public static final class Attribution {
    public static final StructType TYPE = new StructType(new StructField[] {
        f("slice", StringType, true, "slice value of the explaining dimension, or mix"),
        f("share", DoubleType, true, "share of the global change it explains")});

    private Attribution() {}
  }

  private final String comment;
  private final StructType schema;

  Table(String comment, Object... columns) {
    this.comment = comment;
    List<StructField> fields = new ArrayList<>();
    for (Object c : columns) {
      if (c instanceof StructField f) {
        fields.add(f);
      } else {
        fields.addAll(List.of((StructField[]) c));
      }
    }
    this.schema = new StructType(fields.toArray(new StructField[0]));
  }

  /** Table name in the warehouse and in SQL, e.g. {@code drift_metrics}. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String comment() {
    return comment;
  }

  public StructType schema() {
    return schema;
  }

  private static StructField[] common(String dsMeaning) {
    return new StructField[] {
        f("model", StringType, false, "model name from the config"),
        f("ds", DateType, false, dsMeaning + "; the partition column"),
        f("run_id", StringType, false, "id of the run that wrote the row (see the runs table)")};
  }

  private static StructField[] slice() {
    return new StructField[] {
        f("slice_key", StringType, false, "slice dimension, or __all__ for the whole day"),
        f("slice_value", StringType, false, "value of the slice dimension (__all__, __other__ for values outside the top values, __null__ for nulls)")};
  }

  private static StructField[] sliceAndColumn() {
    StructField[] slice = slice();
    return new StructField[] {
        slice[0],
        slice[1],
        f("column_name", StringType, false, "monitored column"),
        f("column_kind", StringType, false, "numeric or categorical"),
        f("column_role", StringType, false, "feature or prediction")};
  }

  /** A column per drift measure, named and described by its registry entry. */
  private static StructField[] measureColumns() {
    return Arrays.stream(DriftMeasure.values())
        .map(m -> f(m.key(), DoubleType, true, m.description()))
        .toArray(StructField[]::new);
  }

  private static StructField[] histogramColumns() {
    return new StructField[] {
        f("counts", createArrayType(LongType), false, "rows per bin (numeric: non-null, non-NaN values; categorical: every row, nulls in the __NULL__ bin)"),
        f("bin_sums", createArrayType(DoubleType), false, "sum of the finite values per bin (numeric only; zeros for categorical)"),
        f("rows", LongType, false, "rows in the slice"),
        f("nulls", LongType, false, "null values (numeric only; categorical nulls are in the __NULL__ bin)"),
        f("nans", LongType, false, "NaN values"),
        f("neg_infinities", LongType, false, "-Infinity values (counted in the first bin)"),
        f("pos_infinities", LongType, false, "+Infinity values (counted in the last bin)"),
        f("finite_count", LongType, false, "finite values"),
        f("mean", DoubleType, true, "mean of the finite values"),
        f("variance", DoubleType, true, "population variance of the finite values"),
        f("min", DoubleType, true, "smallest finite value"),
        f("max", DoubleType, true, "largest finite value")};
  }

  static StructField f(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }
}
