package dev.driftline.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --dry-run}: decide and write the tables, send no retrain trigger. */
public class DryRunOption {

  @Option(names = "--dry-run", description = "decide retraining and write the tables, but send no trigger")
  boolean dryRun;

  boolean deliver() {
    return !dryRun;
  }
}
