package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.decision.Severity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Run every day of a range in order and write them in one transaction per table; days without rows are skipped (a range without any row fails).")
public final class BackfillCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Mixin
  FailOnOption failOn;

  @Mixin
  DryRunOption dryRun;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "first day")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "last day (inclusive)")
  String to;

  @Override
  public Integer call() {
    var days = ConfigOption.range(from, to);
    Severity level = failOn.level();
    NightlyJob job = new NightlyJob(Sessions.create("driftline backfill"), config.load());
    RunResult result = job.run(days, "backfill", true, dryRun.deliver());
    Report.print(System.out, result);
    return failOn.exitCode(level, result);
  }
}
