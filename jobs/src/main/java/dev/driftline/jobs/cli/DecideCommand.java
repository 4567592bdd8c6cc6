package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.DateRange;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "decide", mixinStandardHelpOptions = true,
    description = "Decide retraining again from the stored tables (no log read), e.g. to replay a policy change over"
        + " past days; sends no trigger.")
public final class DecideCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Days days;

  static final class Days {
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the day to decide")
    String date;

    @ArgGroup(exclusive = false)
    Range range;
  }

  static final class Range {
    @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "first day")
    String from;

    @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "last day (inclusive)")
    String to;
  }

  @Override
  public Integer call() {
    DateRange range = days.date != null ? ConfigOption.range(days.date, days.date)
        : ConfigOption.range(days.range.from, days.range.to);
    NightlyJob job = new NightlyJob(Sessions.create("driftline decide"), config.load());
    Report.printDecisions(System.out, job.decide(range));
    return 0;
  }
}
