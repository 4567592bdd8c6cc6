package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.report.ReportPage;
import dev.driftline.jobs.tables.ReportTables;
import dev.driftline.jobs.tables.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a day's drift report, one self-contained HTML file, from the stored tables (no log read).")
public final class ReportCommand implements Callable<Integer> {

  /** Days of trend shown unless --days says otherwise. */
  static final int DEFAULT_DAYS = 30;

  @Mixin
  ConfigOption config;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "the day reported")
  String date;

  @Option(names = "--days", defaultValue = "" + DEFAULT_DAYS, description = "days of trend ending on --date (default ${DEFAULT-VALUE})")
  int days;

  @Option(names = "--out", paramLabel = "FILE", description = "the HTML file (default <model>-<date>.html here)")
  Path out;

  @Override
  public Integer call() {
    LocalDate day = ConfigOption.date(date, "--date");
    JobSpec spec = config.load();
    Path file = out != null ? out : Path.of(fileName(spec.model(), day));
    write(Sessions.create("driftline report"), spec, day, days, file);
    System.out.println("report of " + day + " written to " + file);
    return 0;
  }

  /** Reads the day's tables and writes its report to {@code file}, creating its directory. */
  static Path write(SparkSession spark, JobSpec spec, LocalDate day, int days, Path file) {
    Warehouse warehouse = new Warehouse(spark, spec.warehouse(), spec.database());
    String html = ReportPage.render(WarehouseReads.of(warehouse, () -> ReportTables.read(warehouse, spec, day, days)));
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      return Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code <model>-<date>.html}, the model name reduced to characters safe in any file system. */
  static String fileName(String model, LocalDate day) {
    return model.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + day + ".html";
  }
}
