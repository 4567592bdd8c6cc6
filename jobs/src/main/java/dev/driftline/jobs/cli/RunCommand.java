package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.config.DateRange;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Profile one day, compare it with the reference and the previous day, write the tables.")
public final class RunCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Mixin
  FailOnOption failOn;

  @Mixin
  DryRunOption dryRun;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day to process")
  String date;

  @Override
  public Integer call() {
    LocalDate day = ConfigOption.date(date, "--date");
    Severity level = failOn.level();
    NightlyJob job = new NightlyJob(Sessions.create("driftline run"), config.load());
    RunResult result = job.run(new DateRange(day, day), "run", false, dryRun.deliver());
    Report.print(System.out, result);
    return failOn.exitCode(level, result);
  }
}
