package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.performance.PerformanceStep;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config and its input (columns exist, types fit) without writing anything.")
public final class ValidateCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Override
  public Integer call() {
    JobSpec spec = config.load();
    SparkSession spark = Sessions.create("driftline validate");
    PredictionLog log = PredictionLog.open(spark, spec);
    if (spec.performance().enabled()) {
      PerformanceStep.check(spark, spec, log);
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
    System.out.println("  warehouse:   " + spec.warehouse());
    return 0;
  }

  private static String names(java.util.List<ColumnSpec> specs) {
    return specs.isEmpty() ? "(none)" : specs.stream()
        .map(s -> s.isPlainColumn() ? s.name() : s.name() + " = " + s.expression()).collect(Collectors.joining(", "));
  }
}
