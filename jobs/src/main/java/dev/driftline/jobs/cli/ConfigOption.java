package dev.driftline.jobs.cli;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The {@code --config} option every job command takes, and date parsing with one-line errors. */
public class ConfigOption {

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the model's YAML config")
  Path config;

  @Option(names = "--warehouse", paramLabel = "DIR", description = "override output.warehouse from the config")
  String warehouse;

  public JobSpec load() {
    JobSpec spec = ConfigLoader.load(config);
    return warehouse == null ? spec : ConfigLoader.withWarehouse(spec, warehouse);
  }

  static LocalDate date(String text, String option) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw new ConfigException(option + ": '" + text + "' is not a date (yyyy-MM-dd)");
    }
  }

  static DateRange range(String from, String to) {
    LocalDate start = date(from, "--from");
    LocalDate end = date(to, "--to");
    if (end.isBefore(start)) {
      throw new ConfigException("--to " + end + " is before --from " + start);
    }
    return new DateRange(start, end);
  }
}
