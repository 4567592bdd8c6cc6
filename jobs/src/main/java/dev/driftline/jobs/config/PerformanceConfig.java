package dev.driftline.jobs.config;

import static dev.driftline.jobs.config.ConfigLoader.positive;
import static dev.driftline.jobs.config.ConfigLoader.required;

import dev.driftline.jobs.config.JobSpec.Format;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.config.PerformanceSpec.LabelSpec;
import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.config.PerformanceSpec.LatencySpec;
import dev.driftline.jobs.config.PerformanceSpec.PredictionKind;
import dev.driftline.udfs.math.PerformanceMetric;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Resolves the {@code labels}, {@code performance}, {@code latency} and {@code release} sections. */
final class PerformanceConfig {

  private PerformanceConfig() {}

  static PerformanceSpec resolve(DriftlineConfig c) {
    PredictionKind kind = null;
    ColumnSpec prediction = null;
    if (c.prediction() != null) {
      kind = PredictionKind.valueOf(c.prediction().kind().toUpperCase(Locale.ROOT));
      prediction = ColumnSpec.parse(c.prediction().column(), "prediction.column");
    }
    LabelSpec labels = c.labels() == null ? null : labels(c.labels());
    if (labels != null && kind == null) {
      throw new ConfigException("labels: scoring against labels needs a prediction section (column and kind)");
    }
    DriftlineConfig.Performance p = c.performance();
    if (p != null && labels == null) {
      throw new ConfigException("performance: needs a labels section to score against");
    }
    if (c.release() != null && labels == null) {
      throw new ConfigException("release: needs a labels section to compare models on");
    }
    p = p == null ? new DriftlineConfig.Performance(null, null, null, null, null, null, null) : p;
    double threshold = PerformanceSpec.DEFAULT_THRESHOLD;
    if (p.threshold() != null) {
      if (kind != PredictionKind.PROBABILITY) {
        throw new ConfigException("performance.threshold: only used with prediction.kind probability");
      }
      threshold = p.threshold();
      if (!(threshold > 0 && threshold <= 1)) {
        throw new ConfigException("performance.threshold: must be in (0, 1], got " + threshold);
      }
    }
    int replicates = positive(p.bootstrapReplicates(), PerformanceSpec.DEFAULT_REPLICATES,
        "performance.bootstrap_replicates");
    if (replicates < 2 || replicates > 10_000) {
      throw new ConfigException("performance.bootstrap_replicates: must be between 2 and 10000, got " + replicates);
    }
    long seed = p.seed() == null ? PerformanceSpec.DEFAULT_SEED : p.seed();
    int minLabels = positive(p.minLabels(), PerformanceSpec.DEFAULT_MIN_LABELS, "performance.min_labels");
    Map<PerformanceMetric, Levels> thresholds = labels == null ? Map.of() : thresholds(p.thresholds(), kind);
    double minImprovement = c.release() == null || c.release().minImprovement() == null
        ? PerformanceSpec.DEFAULT_MIN_IMPROVEMENT : c.release().minImprovement();
    if (!(minImprovement >= 0) || Double.isInfinite(minImprovement)) {
      throw new ConfigException("release.min_improvement: must be a number >= 0, got " + minImprovement);
    }
    LatencySpec latency = c.latency() == null ? null : latency(c.latency());
    return new PerformanceSpec(kind, prediction, labels, threshold, replicates, seed, minLabels, thresholds, latency,
        minImprovement, estimation(p, kind, labels));
  }

  /** On by default for probabilities with labels to calibrate on; nothing else can be estimated. */
  private static PerformanceSpec.Estimation estimation(DriftlineConfig.Performance p, PredictionKind kind,
      LabelSpec labels) {
    boolean possible = kind == PredictionKind.PROBABILITY && labels != null;
    if (Boolean.TRUE.equals(p.estimate()) && !possible) {
      throw new ConfigException("performance.estimate: only for prediction.kind probability, got " + kind.key());
    }
    double coverage = p.estimateCheckCoverage() == null ? PerformanceSpec.DEFAULT_ESTIMATE_CHECK_COVERAGE
        : p.estimateCheckCoverage();
    if (!(coverage > 0 && coverage <= 1)) {
      throw new ConfigException("performance.estimate_check_coverage: must be in (0, 1], got " + coverage);
    }
    return possible && !Boolean.FALSE.equals(p.estimate()) ? new PerformanceSpec.Estimation(coverage) : null;
  }

  private static LabelSpec labels(DriftlineConfig.Labels l) {
    String formatText = required(l.format(), "labels.format").toLowerCase(Locale.ROOT);
    Format format = switch (formatText) {
      case "delta" -> Format.DELTA;
      case "parquet" -> Format.PARQUET;
      case "table" -> Format.TABLE;
      default -> throw new ConfigException("labels.format: '" + l.format() + "' is not one of delta, parquet, table");
    };
    String location;
    if (format == Format.TABLE) {
      location = required(l.table(), "labels.table");
      if (l.path() != null) {
        throw new ConfigException("labels.path: not used with format 'table' (name the table in labels.table)");
      }
    } else {
      location = required(l.path(), "labels.path");
      if (l.table() != null) {
        throw new ConfigException("labels.table: only used with format 'table'");
      }
    }
    String requestId = column(required(l.requestIdColumn(), "labels.request_id_column"), "labels.request_id_column");
    String predictionRequestId = l.predictionRequestIdColumn() == null ? requestId
        : column(l.predictionRequestIdColumn(), "labels.prediction_request_id_column");
    int window = positive(l.windowDays(), PerformanceSpec.DEFAULT_WINDOW_DAYS, "labels.window_days");
    return new LabelSpec(format, location, requestId,
        column(required(l.labelColumn(), "labels.label_column"), "labels.label_column"),
        column(required(l.arrivalColumn(), "labels.arrival_column"), "labels.arrival_column"),
        predictionRequestId, window);
  }

  /** Label-table columns are plain names: they are joined and ordered on, not computed. */
  private static String column(String name, String key) {
    ColumnSpec c = ColumnSpec.parse(name, key);
    if (!c.isPlainColumn()) {
      throw new ConfigException(key + ": '" + name + "' must be a column name");
    }
    return c.name();
  }

  private static Map<PerformanceMetric, Levels> thresholds(Map<String, DriftlineConfig.Threshold> raw,
      PredictionKind kind) {
    if (raw == null || raw.isEmpty()) {
      return switch (kind) {
        case PROBABILITY -> PerformanceSpec.DEFAULT_PROBABILITY_THRESHOLDS;
        case CLASS -> PerformanceSpec.DEFAULT_CLASS_THRESHOLDS;
        case REGRESSION -> Map.of();
      };
    }
    List<PerformanceMetric> available = PerformanceSpec.metricsOf(kind);
    Map<PerformanceMetric, Levels> out = new EnumMap<>(PerformanceMetric.class);
    raw.forEach((key, t) -> {
      String at = "performance.thresholds." + key;
      PerformanceMetric metric;
      try {
        metric = PerformanceMetric.fromKey(key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + ": " + e.getMessage());
      }
      if (!available.contains(metric)) {
        throw new ConfigException(at + ": not a metric of " + kind.key() + " predictions (one of "
            + available.stream().map(PerformanceMetric::key).collect(Collectors.joining(", ")) + ")");
      }
      out.put(metric, levels(t, at, false));
    });
    return Collections.unmodifiableMap(out);
  }

  /** Warn and critical levels of a threshold: at least one, each finite and >= 0 (> 0 when strict), critical not below warn. */
  static Levels levels(DriftlineConfig.Threshold t, String at, boolean strictlyPositive) {
    if (t == null || (t.warn() == null && t.critical() == null)) {
      throw new ConfigException(at + ": set warn, critical or both");
    }
    for (Double level : new Double[] {t.warn(), t.critical()}) {
      if (level != null && (!(strictlyPositive ? level > 0 : level >= 0) || level.isInfinite())) {
        throw new ConfigException(at + ": levels must be " + (strictlyPositive ? "> 0" : ">= 0") + ", got " + level);
      }
    }
    if (t.warn() != null && t.critical() != null && t.critical() < t.warn()) {
      throw new ConfigException(at + ": critical (" + t.critical() + ") is below warn (" + t.warn() + ")");
    }
    return new Levels(t.warn(), t.critical());
  }

  private static LatencySpec latency(DriftlineConfig.Latency l) {
    ColumnSpec column = ColumnSpec.parse(required(l.column(), "latency.column"), "latency.column");
    LatencyQuantile quantile = LatencyQuantile.P99;
    if (l.sloQuantile() != null) {
      try {
        quantile = LatencyQuantile.valueOf(l.sloQuantile().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("latency.slo_quantile: '" + l.sloQuantile() + "' is not one of p50, p95, p99, max");
      }
    }
    Levels slo = l.slo() == null ? null : levels(l.slo(), "latency.slo", true);
    Double cost = l.costPer1000();
    if (cost != null && (!(cost >= 0) || cost.isInfinite())) {
      throw new ConfigException("latency.cost_per_1000: must be a number >= 0, got " + cost);
    }
    return new LatencySpec(column, quantile, slo, cost);
  }
}
