package dev.driftline.jobs.cli;

import dev.driftline.jobs.JobFailure;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.io.ParquetFileTypes;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.performance.PerformanceStep;
import dev.driftline.jobs.tables.Warehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config, its input (columns exist, types fit) and its warehouse (logs read, every"
        + " stored row's run recorded) without writing anything.")
public final class ValidateCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "a Parquet input: check the files a run on this "
      + "day reads (its reference window, the day before and the day); default: the input's last day")
  String date;

  @Override
  public Integer call() {
    JobSpec spec = config.load();
    LocalDate day = date == null ? null : ConfigOption.date(date, "--date");
    SparkSession spark = Sessions.create("driftline validate");
    PredictionLog log = PredictionLog.open(spark, spec);
    if (spec.performance().enabled()) {
      PerformanceStep.check(spark, spec, log);
    }
    String files = checkFiles(spec, log, day);
    List<String> problems = new Warehouse(spark, spec.warehouse(), spec.database()).problems(spec.model());
    if (!problems.isEmpty()) {
      throw new JobFailure("warehouse " + spec.warehouse() + ": " + problems.get(0)
          + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : ""));
    }
    System.out.println("config ok: model " + spec.model() + ", input " + log.describe() + " (" + log.version() + ")");
    System.out.println("  numeric:     " + names(spec.numericColumns().stream().map(c -> c.spec()).toList()));
    System.out.println("  categorical: " + names(spec.categoricalColumns().stream().map(c -> c.spec()).toList()));
    System.out.println("  slices:      " + names(spec.sliceDimensions()));
    System.out.println("  reference:   " + (spec.reference().isRolling()
        ? spec.reference().rollingDays() + " days ending " + spec.reference().lagDays() + " day(s) before the run date"
        : spec.reference().from() + ".." + spec.reference().to()));
    if (spec.performance().labels() != null) {
      System.out.println("  labels:      " + spec.performance().labels().describe());
    }
    if (files != null) {
      System.out.println("  files:       " + files);
    }
    System.out.println("  warehouse:   " + spec.warehouse() + " (every table's log reads, every stored row's run is"
        + " recorded)");
    return 0;
  }

  /**
   * A Parquet input's files of the days a run on {@code day} reads (all files when they are not in
   * day directories) checked against the input's schema from their footers: a file that stores a
   * column with another type fails the command as it would fail the run. Null for the other formats.
   */
  private static String checkFiles(JobSpec spec, PredictionLog log, LocalDate day) {
    if (log.fileCount() == 0) {
      return null;
    }
    LocalDate runDay = day != null ? day : log.lastPartitionDay();
    DateRange window = runDay == null ? null : spec.reference().forRunDate(runDay);
    Predicate<LocalDate> read = runDay == null ? d -> true
        : d -> window.contains(d) || d.equals(runDay) || d.equals(runDay.minusDays(1));
    List<ParquetFileTypes.Conflict> conflicts = log.fileTypeConflicts(read);
    if (!conflicts.isEmpty()) {
      long files = conflicts.stream().map(ParquetFileTypes.Conflict::file).distinct().count();
      throw new JobFailure(conflicts.get(0).message()
          + (files > 1 ? " (" + (files - 1) + " more file(s) disagree with the schema)" : ""));
    }
    return "the column types of every Parquet file " + (runDay == null ? "match the input's schema"
        : "of " + window + ", " + runDay.minusDays(1) + " and " + runDay + " (a run on " + runDay + ") match the input's schema");
  }

  private static String names(java.util.List<ColumnSpec> specs) {
    return specs.isEmpty() ? "(none)" : specs.stream()
        .map(s -> s.isPlainColumn() ? s.name() : s.name() + " = " + s.expression()).collect(Collectors.joining(", "));
  }
}
