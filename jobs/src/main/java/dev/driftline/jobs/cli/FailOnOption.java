package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.Severity;
import picocli.CommandLine.Option;

/**
 * {@code --fail-on warn|critical}: exit {@value #INCIDENT_EXIT} when an incident at that severity
 * or above opened on the run's days, after every table is written, so a scheduler can stop or
 * page on it.
 */
public class FailOnOption {

  /** The exit code of a run that succeeded but opened an incident at the {@code --fail-on} level. */
  public static final int INCIDENT_EXIT = 3;

  @Option(names = "--fail-on", paramLabel = "warn|critical",
      description = "exit " + INCIDENT_EXIT + " when an incident of this severity or above opened on the run's days")
  String failOn;

  /** Checked before the run, so a typo costs no compute. */
  Severity level() {
    if (failOn == null) {
      return null;
    }
    return switch (failOn) {
      case "warn" -> Severity.WARN;
      case "critical" -> Severity.CRITICAL;
      default -> throw new ConfigException("--fail-on: '" + failOn + "' is not one of warn, critical");
    };
  }

  int exitCode(Severity level, RunResult run) {
    boolean opened = level != null && run.days().stream().flatMap(d -> d.incidents().stream())
        .anyMatch(i -> i.status() == Incident.Status.OPENED
            && (i.severity() == Severity.CRITICAL || i.severity() == level));
    return opened ? INCIDENT_EXIT : 0;
  }
}
