package dev.driftline.jobs.trigger;

import java.util.Locale;

/**
 * What came of a trigger.
 *
 * @param httpStatus the last HTTP status received, null without HTTP (or no answer)
 * @param runId the receiver's run id (Airflow dag_run_id, Databricks run_id), or the marker file, null otherwise
 * @param message one line for the logs and the table, never a credential
 */
public record TriggerOutcome(Status status, Integer httpStatus, String runId, String message) {

  public enum Status {
    NOT_CONFIGURED, SENT, ALREADY_SENT, FAILED, SUPPRESSED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
