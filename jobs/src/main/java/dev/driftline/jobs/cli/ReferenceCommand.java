package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.profile.ReferenceProfile;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reference", mixinStandardHelpOptions = true,
    description = "Build the reference profile (bins and histograms per slice) and write reference_profiles.")
public final class ReferenceCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "run date whose reference to build (required for a rolling reference)")
  String date;

  @Override
  public Integer call() {
    JobSpec spec = config.load();
    LocalDate runDate;
    if (date != null) {
      runDate = ConfigOption.date(date, "--date");
    } else if (spec.reference().isRolling()) {
      throw new ConfigException("--date: required with a rolling reference (reference.rolling_days)");
    } else {
      runDate = spec.reference().to().plusDays(1);
    }
    ReferenceProfile ref = new NightlyJob(Sessions.create("driftline reference"), spec).buildReference(runDate);
    System.out.printf("reference %s: window %s, %d rows, %d slices, %d columns%n", ref.referenceId(), ref.window(),
        ref.profile().rows(), ref.profile().slices().size(), ref.profile().columns().size());
    return 0;
  }
}
