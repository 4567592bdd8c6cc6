package dev.driftline.jobs.decision;

import java.util.Map;

/**
 * The {@code retraining} section, resolved: when a day's alerts are a reason to retrain and which
 * gates hold a retrain back. Defaults ({@link #DEFAULTS}) are those of a careful team.
 *
 * @param performanceSeverity a performance incident at or above this severity (its degradation
 *     is significant beyond the noise floors, else it would not alert) is a reason at once
 * @param minSliceLabels a performance incident on a slice narrower than the whole day counts only
 *     with at least this many labelled predictions in that slice
 * @param predictionDrift prediction drift at or above a severity on K of the last N days
 * @param featureDrift drift on enough monitored features (weighted) on K of the last N days
 * @param minLabelledRows labelled predictions needed since the last retrain (data sufficiency)
 * @param cooldownDays days after a sent trigger or a recorded retrain during which no new retrain is decided
 * @param blockOnDataQuality block when a critical data-quality incident is open on a monitored
 *     feature, the prediction, or the volume ({@code __rows__})
 * @param acceptEstimatedPerformance an incident on estimated performance (before labels) counts as
 *     a performance reason; otherwise only realized performance does
 */
public record RetrainSettings(Severity performanceSeverity, long minSliceLabels, Persistence predictionDrift,
    FeatureDrift featureDrift, long minLabelledRows, int cooldownDays, boolean blockOnDataQuality,
    boolean acceptEstimatedPerformance) {

  /** Incidents of at least {@code severity} on at least {@code days} of the last {@code ofDays} days (today included). */
  public record Persistence(Severity severity, int days, int ofDays) {}

  /**
   * Feature drift holds on a day when the features with a drift incident of at least
   * {@code severity} weigh at least {@code minFeatures} (each weighs its {@code importance}, 1 when
   * not listed), on at least {@code days} of the last {@code ofDays}.
   */
  public record FeatureDrift(Severity severity, double minFeatures, int days, int ofDays,
      Map<String, Double> importance) {}

  public static final RetrainSettings DEFAULTS = new RetrainSettings(Severity.CRITICAL, 1_000,
      new Persistence(Severity.WARN, 3, 5), new FeatureDrift(Severity.WARN, 3, 3, 5, Map.of()), 10_000, 7, true, false);
}
