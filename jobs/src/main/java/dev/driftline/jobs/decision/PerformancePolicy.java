package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceMetric;
import java.util.Locale;
import java.util.Map;

/**
 * Warn or critical when a quality metric degraded against the reference by at least its threshold
 * and the delta's interval excludes 0, so that a noisy day on few labels does not raise an alert.
 */
public final class PerformancePolicy implements Policy<PerformanceFinding> {

  private final Map<PerformanceMetric, Levels> thresholds;

  public PerformancePolicy(Map<PerformanceMetric, Levels> thresholds) {
    this.thresholds = thresholds;
  }

  @Override
  public Assessment assess(PerformanceFinding f) {
    PerformanceMetric metric = f.metric();
    Levels levels = thresholds.get(metric);
    if (levels == null) {
      return Assessment.none("no threshold configured for " + metric.key());
    }
    MetricDelta delta = f.delta();
    if (Double.isNaN(delta.standardError())) {
      String why = f.day().note() != null ? "day: " + f.day().note()
          : f.ref().note() != null ? "reference: " + f.ref().note() : "no standard error";
      return Assessment.insufficient("no interval for the delta (" + why + ")");
    }
    double degradation = metric.degradation(delta.delta());
    Severity reached = levels.reached(degradation);
    String interval = String.format(Locale.ROOT, "delta %.4g, 95%% interval [%.4g, %.4g]", delta.delta(),
        delta.lower(), delta.upper());
    if (!reached.alerts()) {
      return Assessment.none(String.format(Locale.ROOT, "%s degraded by %.4g, below the warn threshold (%s)",
          metric.key(), degradation, interval));
    }
    double threshold = levels.threshold(reached);
    String crossed = String.format(Locale.ROOT, "%s degraded by %.4g >= %s threshold %.4g", metric.key(), degradation,
        reached.key(), threshold);
    if (!delta.excludesZero()) {
      return new Assessment(Severity.NONE, metric.key(), threshold,
          crossed + " but not significant: " + interval + " includes 0");
    }
    return new Assessment(reached, metric.key(), threshold, crossed + " (" + interval + ")");
  }
}
