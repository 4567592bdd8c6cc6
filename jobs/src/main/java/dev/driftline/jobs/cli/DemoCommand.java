package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.NightlyJob.DayResult;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.jobs.demo.InjectedDrift;
import dev.driftline.udfs.math.ProfileLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Generate a synthetic card-fraud prediction log with drift injected on known days,",
        "build its reference from the first 14 days, run every later day and show what was detected."})
public final class DemoCommand implements Callable<Integer> {

  /** The demo's config, shipped in the jar and in conf/examples. */
  static final String CONFIG_RESOURCE = "/examples/card-fraud.yaml";
  /** The last days, whose labels are mostly still to come, for which the estimates are printed. */
  private static final int ESTIMATE_DAYS = 11;

  @Option(names = "--dir", defaultValue = "demo-out", description = "where to write the log and the tables (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--rows-per-day", defaultValue = "20000", description = "rows a day (default ${DEFAULT-VALUE})")
  int rowsPerDay;

  @Override
  public Integer call() throws IOException {
    return run(System.out);
  }

  int run(PrintStream out) throws IOException {
    DemoSpec demo = new DemoSpec(DemoSpec.DEFAULT.start(), DemoSpec.DEFAULT.days(), rowsPerDay, DemoSpec.DEFAULT.seed());
    JobSpec spec = demoSpec(dir);
    SparkSession spark = Sessions.create("driftline demo");
    // The demo's tables start empty, so what it prints is what this run found.
    deleteRecursively(Path.of(spec.warehouse()));

    long start = System.nanoTime();
    DemoLog.write(spark, demo, spec.input().location(), dir.resolve("card-fraud/labels").toString());
    out.printf("generated %d days x %d rows of card-fraud predictions in %s (%.1f s)%n", demo.days(), rowsPerDay,
        spec.input().location(), (System.nanoTime() - start) / 1e9);

    NightlyJob job = new NightlyJob(spark, spec);
    DateRange days = new DateRange(spec.reference().to().plusDays(1), demo.start().plusDays(demo.days() - 1L));
    RunResult run = job.run(days, "backfill", false);
    List<DayResult> results = run.days();
    Report.printDays(out, results);

    out.println();
    out.printf("%-10s  %-18s  %-16s  %-16s  %-8s  %s%n", "injected", "column", "slice", "incident", "caught",
        "change");
    boolean allFound = true;
    for (InjectedDrift drift : DemoLog.injectedDrifts(demo)) {
      boolean found = detected(results, drift);
      allFound &= found;
      out.printf("%-10s  %-18s  %-16s  %-16s  %-8s  %s%n", drift.firstDay(), drift.column(),
          drift.sliceKey() + "=" + drift.sliceValue(), drift.kind(), found ? "yes" : "MISSED", drift.description());
    }
    if (run.performance() != null) {
      out.println();
      out.println("performance of the whole day (labels arrive 1-10 days late, so recent days are partly labelled):");
      PerformanceReport.print(out, run.performance().sliceDays(), days.start());
      LocalDate aucDrop = PerformanceReport.firstAlert(run.performance().sliceDays(), days.start(), "auc");
      LocalDate calibration = PerformanceReport.firstAlert(run.performance().sliceDays(), days.start(), "ece");
      out.printf("performance drop: auc first alerts on %s, calibration (ece) on %s%n",
          aucDrop == null ? "no day (MISSED)" : aucDrop, calibration == null ? "no day (MISSED)" : calibration);
      out.println();
      out.println("estimated from the scores before the labels (isotonic calibration on the reference), next to the"
          + " labels arrived so far:");
      PerformanceReport.printEstimated(out, run.performance().sliceDays(), days.end().minusDays(ESTIMATE_DAYS - 1),
          List.of(ProfileLayout.GLOBAL_SLICE, new ProfileLayout.Slice("device", ProfileLayout.OTHER_SLICE),
              new ProfileLayout.Slice("device", "web")));
      out.println("smart_tv, unseen in the reference, is device=__other__: its extra fraud comes from a risk the scores"
          + " do not carry, which no estimate from scores can see, so its labels refute the estimate (unreliable)."
          + " After the score shift the scores double while fraud does not: the estimate follows the scores until"
          + " those days' labels reach performance.estimate_check_coverage and refute it.");
    }
    out.println();
    out.println("retraining decisions (each day from the tables above; a backfill triggers only its last day):");
    Report.printDecisions(out, run.decisions());
    Path report = ReportCommand.write(spark, spec, days.end(), ReportCommand.DEFAULT_DAYS, dir.resolve("report.html"));
    out.printf("%ndone in %.1f s. Tables are Delta tables under %s%n", (System.nanoTime() - start) / 1e9,
        job.warehouse().root());
    out.println("report of " + days.end() + ": " + report.toAbsolutePath() + " (open it in a browser)");
    out.println("try:  ./driftline sql --warehouse " + spec.warehouse()
        + " \"SELECT ds, status, severity, kind, column_name, slice_key, slice_value FROM incidents"
        + " WHERE status = 'opened' ORDER BY ds\"");
    if (run.performance() != null) {
      out.println("      ./driftline sql --warehouse " + spec.warehouse() + " \"SELECT ds, slice_value, metric,"
          + " round(value, 3) AS value, round(ci_lower, 3) AS lo, round(ci_upper, 3) AS hi, round(delta, 3) AS delta,"
          + " severity FROM performance_metrics WHERE slice_key = 'device' AND metric = 'auc' ORDER BY ds\"");
    }
    return allFound ? 0 : 1;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    }
  }

  /**
   * An incident on the drift's first day, for its column, on its slice: the narrowest slice that
   * explains it, as a person reading the day's incidents would see it.
   */
  static boolean detected(List<DayResult> results, InjectedDrift drift) {
    return results.stream().filter(r -> r.ds().equals(drift.firstDay())).flatMap(r -> r.incidents().stream())
        .anyMatch(i -> i.open() && drift.kind().equals(i.kind().key()) && drift.column().equals(i.subject())
            && drift.sliceKey().equals(i.slice().key()) && drift.sliceValue().equals(i.slice().value()));
  }

  /** The shipped demo config, reading and writing under {@code dir}. */
  static JobSpec demoSpec(Path dir) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
      if (in == null) {
        throw new IOException("demo config " + CONFIG_RESOURCE + " is missing from the jar");
      }
      JobSpec spec = ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "card-fraud.yaml");
      spec = ConfigLoader.withInputPath(spec, dir.resolve("card-fraud/predictions").toString());
      spec = ConfigLoader.withLabelsPath(spec, dir.resolve("card-fraud/labels").toString());
      return ConfigLoader.withWarehouse(spec, dir.resolve("warehouse").toString());
    }
  }
}
