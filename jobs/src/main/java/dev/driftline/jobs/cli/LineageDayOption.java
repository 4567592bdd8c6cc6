package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** The options of the commands that read a stored day's lineage: the config and {@code --date}. */
public class LineageDayOption extends ConfigOption {

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the run day")
  String date;

  /** The stored graph of the config's model on {@code --date}; a day without one is a bad argument. */
  LineageGraph read(String appName) {
    LocalDate ds = date(date, "--date");
    JobSpec spec = load();
    Warehouse warehouse = new Warehouse(Sessions.create(appName), spec.warehouse(), spec.database());
    return WarehouseReads.of(warehouse, () -> LineageRows.read(warehouse, spec.model(), ds))
        .orElseThrow(() -> new ConfigException("--date: no lineage of " + spec.model() + " on " + ds + " in "
            + warehouse.path(Table.LINEAGE) + ": run the day first"));
  }
}
