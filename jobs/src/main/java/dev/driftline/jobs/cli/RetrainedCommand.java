package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.Sessions;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retrained", mixinStandardHelpOptions = true,
    description = "Record that the model was retrained and took over on a day: cooldown and data sufficiency count from it.")
public final class RetrainedCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day the retrained model took over")
  String date;

  @Option(names = "--version", paramLabel = "VERSION", description = "the new model version")
  String version;

  @Override
  public Integer call() {
    LocalDate day = ConfigOption.date(date, "--date");
    var spec = config.load();
    new NightlyJob(Sessions.create("driftline retrained"), spec).recordRetrain(day, version);
    System.out.println("recorded the retrain of " + spec.model() + " on " + day
        + (version == null ? "" : " (version " + version + ")"));
    return 0;
  }
}
