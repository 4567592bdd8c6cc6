package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.lineage.LineageFormat;
import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "lineage", mixinStandardHelpOptions = true,
    description = "Print a day's lineage graph: input versions, reference, profile, findings, incidents, decision and"
        + " trigger, each with its fingerprint.")
public final class LineageCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the run day")
  String date;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (an indented tree), dot (Graphviz) or mermaid; default ${DEFAULT-VALUE}")
  String format;

  @Override
  public Integer call() {
    LineageFormat f = Arrays.stream(LineageFormat.values())
        .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(format)).findFirst()
        .orElseThrow(() -> new ConfigException("--format: '" + format + "' is not text, dot or mermaid"));
    System.out.print(f.render(stored(config, date, "driftline lineage")));
    return 0;
  }

  /** The stored graph of the config's model on {@code date}; a day without one is a bad argument. */
  static LineageGraph stored(ConfigOption config, String date, String appName) {
    LocalDate ds = ConfigOption.date(date, "--date");
    JobSpec spec = config.load();
    Warehouse warehouse = new Warehouse(Sessions.create(appName), spec.warehouse(), spec.database());
    return LineageRows.read(warehouse, spec.model(), ds).orElseThrow(() -> new ConfigException("--date: no lineage of "
        + spec.model() + " on " + ds + " in " + warehouse.path(Table.LINEAGE)
        + ": run the day first"));
  }
}
