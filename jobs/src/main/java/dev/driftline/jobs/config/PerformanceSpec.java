package dev.driftline.jobs.config;

import dev.driftline.jobs.config.JobSpec.Format;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.udfs.math.BinaryMetrics;
import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.MulticlassMetrics;
import dev.driftline.udfs.math.PerformanceEstimator;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.PoissonBootstrap;
import dev.driftline.udfs.math.RegressionMetrics;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved {@code labels}, {@code performance}, {@code latency} and {@code release} sections:
 * what the performance step and the compare command read. Without labels and latency the job
 * computes no performance ({@link #enabled()} is false).
 *
 * @param kind what the prediction column holds, or null without a prediction
 * @param prediction the prediction column, or null
 * @param labels where labels come from, or null when none are configured
 * @param thresholds degradation against the reference (in the metric's units) that raises warn or
 *     critical, per metric; an {@link EnumMap}, so the fingerprint is stable
 * @param latency the latency column and its SLO, or null
 * @param estimation how quality is estimated from the scores before the labels arrive, or null
 *     when it is not (it needs probability predictions and labels to calibrate on)
 */
public record PerformanceSpec(
    PredictionKind kind,
    ColumnSpec prediction,
    LabelSpec labels,
    double threshold,
    int replicates,
    long seed,
    int minLabels,
    Map<PerformanceMetric, Levels> thresholds,
    LatencySpec latency,
    double minImprovement,
    Estimation estimation) {

  public static final int DEFAULT_WINDOW_DAYS = 14;
  public static final double DEFAULT_THRESHOLD = BinaryMetrics.DEFAULT_THRESHOLD;
  public static final int DEFAULT_REPLICATES = PoissonBootstrap.DEFAULT_REPLICATES;
  public static final long DEFAULT_SEED = PoissonBootstrap.DEFAULT_SEED;
  public static final int DEFAULT_MIN_LABELS = PerformanceEstimator.DEFAULT_MIN_LABELS;
  public static final double DEFAULT_MIN_IMPROVEMENT = 0.0;
  public static final double DEFAULT_ESTIMATE_CHECK_COVERAGE = 0.5;
  /** For class predictions: an accuracy drop of 0.02 warns, 0.05 is critical. */
  public static final Map<PerformanceMetric, Levels> DEFAULT_CLASS_THRESHOLDS = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(PerformanceMetric.ACCURACY, new Levels(0.02, 0.05))));
  /** For probabilities: an AUC drop or a calibration error rise of 0.02 warns, 0.05 is critical. */
  public static final Map<PerformanceMetric, Levels> DEFAULT_PROBABILITY_THRESHOLDS = Collections.unmodifiableMap(
      new EnumMap<>(Map.of(PerformanceMetric.AUC, new Levels(0.02, 0.05), PerformanceMetric.ECE, new Levels(0.02, 0.05))));

  /** No labels, no latency: the job computes drift only. */
  public static final PerformanceSpec NONE = new PerformanceSpec(null, null, null, DEFAULT_THRESHOLD,
      DEFAULT_REPLICATES, DEFAULT_SEED, DEFAULT_MIN_LABELS, Map.of(), null, DEFAULT_MIN_IMPROVEMENT, null);

  public enum PredictionKind {
    PROBABILITY, CLASS, REGRESSION;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param location a path for DELTA and PARQUET, a metastore table name for TABLE
   * @param arrivalColumn when the label arrived: a timestamp (its day taken in the input's time
   *     zone) or a date
   * @param predictionRequestIdColumn the prediction log's request id column
   * @param windowDays days after a prediction during which its labels are counted; a run on D
   *     revisits the days D - windowDays .. D
   */
  public record LabelSpec(Format format, String location, String requestIdColumn, String labelColumn,
      String arrivalColumn, String predictionRequestIdColumn, int windowDays) {

    public String describe() {
      return format.name().toLowerCase(Locale.ROOT) + " " + location;
    }
  }

  /** Quantiles reported for latency, and which one the SLO applies to. */
  public enum LatencyQuantile {
    P50(0.5), P95(0.95), P99(0.99), MAX(1.0);

    public final double q;

    LatencyQuantile(double q) {
      this.q = q;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Quality estimated from calibrated scores ({@code ExpectedPerformance}).
   *
   * @param checkCoverage a day whose label coverage reaches it tests the estimate against its
   *     realized metrics; the latest such days decide whether the estimate is reliable
   */
  public record Estimation(double checkCoverage) {}

  /** @param slo warn and critical levels of {@code sloQuantile}, in the column's units; may be null */
  public record LatencySpec(ColumnSpec column, LatencyQuantile sloQuantile, Levels slo, Double costPer1000) {}

  public boolean enabled() {
    return labels != null || latency != null;
  }

  /**
   * The metrics of the prediction kind, or null when the job has no labels to score against.
   * {@code classes} (the known classes of class predictions, in index order) is ignored for the
   * other kinds.
   */
  public MetricFamily family(List<String> classes) {
    return labels == null ? null : switch (kind) {
      case PROBABILITY -> new BinaryMetrics(threshold, BinaryMetrics.DEFAULT_ECE_BINS);
      case REGRESSION -> new RegressionMetrics();
      case CLASS -> new MulticlassMetrics(classes);
    };
  }

  /** The metrics a prediction kind has, for checking the thresholds of the config. */
  static List<PerformanceMetric> metricsOf(PredictionKind kind) {
    return switch (kind) {
      case PROBABILITY -> new BinaryMetrics(DEFAULT_THRESHOLD, BinaryMetrics.DEFAULT_ECE_BINS).metrics();
      case REGRESSION -> new RegressionMetrics().metrics();
      case CLASS -> new MulticlassMetrics(List.of("any")).metrics().stream().distinct().toList();
    };
  }

  public PerformanceSpec withLabelsLocation(String location) {
    LabelSpec l = labels;
    return new PerformanceSpec(kind, prediction, new LabelSpec(l.format(), location, l.requestIdColumn(),
        l.labelColumn(), l.arrivalColumn(), l.predictionRequestIdColumn(), l.windowDays()), threshold, replicates, seed,
        minLabels, thresholds, latency, minImprovement, estimation);
  }
}
