package dev.driftline.jobs.decision;

import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;

/**
 * One quality metric of one slice and day next to the reference's, with the change and its
 * interval.
 *
 * @param name the metric as written to tables (per-class metrics carry their class)
 */
public record PerformanceFinding(String name, PerformanceMetric metric, PerformanceEstimate day,
    PerformanceEstimate ref, MetricDelta delta) {

  public static PerformanceFinding of(String name, PerformanceEstimate day, PerformanceEstimate ref) {
    return new PerformanceFinding(name, day.metric(), day, ref, MetricDelta.of(day, ref));
  }
}
