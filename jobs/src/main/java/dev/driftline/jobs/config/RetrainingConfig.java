package dev.driftline.jobs.config;

import dev.driftline.jobs.decision.RetrainSettings;
import dev.driftline.jobs.decision.RetrainSettings.FeatureDrift;
import dev.driftline.jobs.decision.RetrainSettings.Persistence;
import dev.driftline.jobs.decision.Severity;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The {@code retraining} section resolved over {@link RetrainSettings#DEFAULTS}, key by key. */
final class RetrainingConfig {

  private RetrainingConfig() {}

  /**
   * @param features the monitored features' names: {@code importance} may only weigh those
   */
  static RetrainSettings resolve(DriftlineConfig.Retraining r, Collection<String> features) {
    RetrainSettings d = RetrainSettings.DEFAULTS;
    if (r == null) {
      return d;
    }
    Persistence prediction = persistence(r.predictionDrift(), d.predictionDrift(), "retraining.prediction_drift");
    FeatureDrift feature = d.featureDrift();
    if (r.featureDrift() != null) {
      DriftlineConfig.FeatureDrift f = r.featureDrift();
      Persistence p = persistence(new DriftlineConfig.Persistence(f.severity(), f.days(), f.ofDays()),
          new Persistence(feature.severity(), feature.days(), feature.ofDays()), "retraining.feature_drift");
      double minFeatures = f.minFeatures() == null ? feature.minFeatures() : f.minFeatures();
      if (!(minFeatures > 0) || Double.isInfinite(minFeatures)) {
        throw new ConfigException("retraining.feature_drift.min_features: must be above 0, got " + minFeatures);
      }
      Map<String, Double> importance = new TreeMap<>();
      if (f.importance() != null) {
        f.importance().forEach((name, weight) -> {
          String at = "retraining.feature_drift.importance." + name;
          if (features.stream().noneMatch(name::equals)) {
            throw new ConfigException(at + ": not a monitored feature (features: " + String.join(", ", features) + ")");
          }
          if (weight == null || !(weight >= 0) || weight.isInfinite()) {
            throw new ConfigException(at + ": must be a number >= 0, got " + weight);
          }
          importance.put(name, weight);
        });
      }
      feature = new FeatureDrift(p.severity(), minFeatures, p.days(), p.ofDays(), Map.copyOf(importance));
    }
    long minSliceLabels = nonNegative(r.minSliceLabels(), d.minSliceLabels(), "retraining.min_slice_labels");
    long minLabelled = nonNegative(r.minLabelledRows(), d.minLabelledRows(), "retraining.min_labelled_rows");
    long cooldown = nonNegative(r.cooldownDays() == null ? null : r.cooldownDays().longValue(), d.cooldownDays(),
        "retraining.cooldown_days");
    return new RetrainSettings(severity(r.performanceSeverity(), d.performanceSeverity(), "retraining.performance_severity"),
        minSliceLabels, prediction, feature, minLabelled, (int) cooldown,
        r.blockOnDataQuality() == null ? d.blockOnDataQuality() : r.blockOnDataQuality(),
        r.acceptEstimatedPerformance() == null ? d.acceptEstimatedPerformance() : r.acceptEstimatedPerformance());
  }

  private static Persistence persistence(DriftlineConfig.Persistence p, Persistence d, String at) {
    if (p == null) {
      return d;
    }
    int ofDays = p.ofDays() == null ? Math.max(d.ofDays(), p.days() == null ? 0 : p.days()) : p.ofDays();
    int days = p.days() == null ? Math.min(d.days(), ofDays) : p.days();
    if (ofDays < 1 || ofDays > 60) {
      throw new ConfigException(at + ".of_days: must be between 1 and 60, got " + ofDays);
    }
    if (days < 1 || days > ofDays) {
      throw new ConfigException(at + ".days: must be between 1 and of_days (" + ofDays + "), got " + days);
    }
    return new Persistence(severity(p.severity(), d.severity(), at + ".severity"), days, ofDays);
  }

  private static Severity severity(String key, Severity d, String at) {
    if (key == null) {
      return d;
    }
    return switch (key) {
      case "warn" -> Severity.WARN;
      case "critical" -> Severity.CRITICAL;
      default -> throw new ConfigException(at + ": '" + key + "' is not warn or critical");
    };
  }

  private static long nonNegative(Long value, long d, String at) {
    if (value == null) {
      return d;
    }
    if (value < 0) {
      throw new ConfigException(at + ": must be >= 0, got " + value);
    }
    return value;
  }
}
