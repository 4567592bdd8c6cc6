package dev.driftline.jobs;

import dev.driftline.jobs.cli.BackfillCommand;
import dev.driftline.jobs.cli.CompareCommand;
import dev.driftline.jobs.cli.DecideCommand;
import dev.driftline.jobs.cli.DemoCommand;
import dev.driftline.jobs.cli.ExplainCommand;
import dev.driftline.jobs.cli.LineageCommand;
import dev.driftline.jobs.cli.ReferenceCommand;
import dev.driftline.jobs.cli.ReportCommand;
import dev.driftline.jobs.cli.RetrainedCommand;
import dev.driftline.jobs.cli.RunCommand;
import dev.driftline.jobs.cli.SqlCommand;
import dev.driftline.jobs.cli.TuneCommand;
import dev.driftline.jobs.cli.ValidateCommand;
import dev.driftline.jobs.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code driftline <command>}: the entry point of the launcher and of
 * {@code spark-submit --class dev.driftline.jobs.Main}. Exit codes: 0 success, 1 job failure,
 * 2 bad usage or config, 3 an incident at the {@code --fail-on} level opened (the tables are
 * written).
 */
@Command(name = "driftline", mixinStandardHelpOptions = true, version = "driftline " + NightlyJob.VERSION,
    description = "Nightly drift monitoring for ML models on Spark and Delta Lake.",
    subcommands = {DemoCommand.class, ValidateCommand.class, ReferenceCommand.class, RunCommand.class,
        BackfillCommand.class, ReportCommand.class, DecideCommand.class, RetrainedCommand.class, CompareCommand.class,
        TuneCommand.class, SqlCommand.class, LineageCommand.class, ExplainCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this instead of main). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof ConfigException) {
        err.println("driftline: config error: " + e.getMessage());
        return EXIT_USAGE;
      }
      err.println("driftline: failed: " + NightlyJob.oneLine(e));
      return EXIT_FAILURE;
    });
    return cli.execute(args);
  }
}
