package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.List;

/**
 * The performance of one slice on one day: its quality metrics against the reference, its latency
 * quantiles and its cost, each assessed, with the counts and lineage they share.
 *
 * @param referenceWindow the days whose labelled predictions give the reference values
 * @param labelled predictions with a valid label arrived by {@code labelsAsOf}
 * @param invalidLabels labelled predictions left out because the label or prediction is invalid
 * @param duplicateLabels labels beyond the first for one prediction
 * @param labelsAsOf labels that arrived up to this day are counted
 * @param labelWindowEnd labels arriving after it are never counted
 * @param bootstrapReplicates Poisson bootstrap replicates behind bootstrap intervals
 * @param labelFingerprint the day's predictions and arrived labels: the day is recomputed when it changes
 * @param referenceFingerprint the reference's predictions, labels and the performance config
 * @param quality one per metric of the model's family, in its order; empty without labels
 * @param latency one per quantile; empty without latency values
 * @param cost null when no cost is configured
 * @param estimated quality estimated from the day's scores, one per estimated metric; empty when
 *     estimation is off or there is no calibration
 */
public record SliceDayPerformance(LocalDate ds, Slice slice, String referenceId, DateRange referenceWindow,
    long scored, long labelled, long invalidLabels, long duplicateLabels, LocalDate labelsAsOf,
    LocalDate labelWindowEnd, int bootstrapReplicates, String labelFingerprint, String referenceFingerprint,
    List<Assessed<PerformanceFinding>> quality, List<Latency> latency, Cost cost,
    List<EstimatedPerformance> estimated) {

  /**
   * One latency quantile as assessed.
   *
   * @param n the latency values it is computed over
   * @param exact false when it comes from the sketch's log buckets
   */
  public record Latency(Assessed<LatencyFinding> assessed, long n, boolean exact) {}

  /** The day's serving cost: {@code scored / 1000 * per1000}. */
  public record Cost(double value, double per1000) {}

  public SliceDayPerformance withEstimated(List<EstimatedPerformance> e) {
    return new SliceDayPerformance(ds, slice, referenceId, referenceWindow, scored, labelled, invalidLabels,
        duplicateLabels, labelsAsOf, labelWindowEnd, bootstrapReplicates, labelFingerprint, referenceFingerprint,
        quality, latency, cost, List.copyOf(e));
  }

  /** labelled / scored: how much of the day's labels have arrived. */
  public double labelCoverage() {
    return labelled / (double) scored;
  }
}
