package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.decision.SliceDayPerformance.Cost;
import dev.driftline.jobs.decision.SliceDayPerformance.Latency;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.List;

/** Hand-made {@link SliceDayPerformance} values for the mapper and report tests. */
public final class SliceDays {

  public static final DateRange REFERENCE_WINDOW = new DateRange(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 7));

  private SliceDays() {}

  /** A quality metric: the day's estimate against a reference of 1000 rows, with the given assessment. */
  public static Assessed<PerformanceFinding> quality(PerformanceMetric metric, double value, double lower,
      double upper, double ref, Assessment assessment) {
    String method = Double.isNaN(lower) ? null : "bootstrap";
    PerformanceEstimate day = new PerformanceEstimate(metric, value, 90, 2, lower, upper, 0.01, method, null);
    PerformanceEstimate reference = new PerformanceEstimate(metric, ref, 1000, 0, Double.NaN, Double.NaN, 0.005,
        "bootstrap", null);
    return new Assessed<>(PerformanceFinding.of(metric.key(), day, reference), assessment);
  }

  /** 120 predictions of which 90 labelled, labels counted up to ds + 2 of a 5-day window. */
  public static SliceDayPerformance day(LocalDate ds, Slice slice, List<Assessed<PerformanceFinding>> quality,
      List<Latency> latency, Cost cost) {
    return new SliceDayPerformance(ds, slice, "ref-1", REFERENCE_WINDOW, 120, 90, 3, 1, ds.plusDays(2),
        ds.plusDays(5), 50, "label-fp", "ref-fp", quality, latency, cost, List.of());
  }
}
