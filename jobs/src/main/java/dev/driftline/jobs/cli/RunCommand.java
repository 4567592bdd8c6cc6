package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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

  @Option(names = "--report", paramLabel = "DIR", description = "also write the day's HTML report to DIR/<model>-<date>.html")
  Path reportDir;

  @Override
  public Integer call() {
    LocalDate day = ConfigOption.date(date, "--date");
    Severity level = failOn.level();
    JobSpec spec = config.load();
    SparkSession spark = Sessions.create("driftline run");
    NightlyJob job = new NightlyJob(spark, spec);
    RunResult result = job.run(new DateRange(day, day), "run", false, dryRun.deliver());
    Report.print(System.out, result);
    if (reportDir != null) {
      Path file = ReportCommand.write(spark, spec, day, ReportCommand.DEFAULT_DAYS,
          reportDir.resolve(ReportCommand.fileName(spec.model(), day)));
      System.out.println("report written to " + file);
    }
    return failOn.exitCode(level, result);
  }
}
