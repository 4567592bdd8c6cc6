package dev.driftline.jobs.decision;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * A day's retraining decision and why.
 *
 * @param reasons the rules that hold (fully, or in part for watch), and for watch the gate that
 *     held a retrain back, each with a sentence a person can read
 * @param blockedBy the open critical data-quality incidents that block a retrain, as sentences
 * @param evidence the ids of the incidents behind the reasons
 * @param cooldownUntil the last day of the cooldown after the last trigger or retrain, null when none
 */
public record RetrainDecision(Decision decision, List<Reason> reasons, List<String> blockedBy, List<String> evidence,
    long labelledRowsSinceLastRetrain, LocalDate cooldownUntil) {

  /** none: nothing calls for a retrain; watch: something does, not yet enough; retrain; blocked: broken data first. */
  public enum Decision {
    NONE, WATCH, RETRAIN, BLOCKED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param rule performance, prediction_drift, feature_drift (reasons) or labels, cooldown (gates)
   * @param incidentId the incident behind it, null for gates and multi-incident rules
   */
  public record Reason(String rule, String incidentId, String sentence) {}
}
