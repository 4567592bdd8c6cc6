package dev.driftline.jobs.trigger;

/**
 * Starts a team's retrain pipeline for one decision. Implementations never throw for a failed
 * delivery: they return {@link TriggerOutcome.Status#FAILED} with a one-line message, free of
 * credentials.
 */
@FunctionalInterface
public interface Trigger {

  TriggerOutcome send(TriggerRequest request);
}
