package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.performance.ReleaseCompare;
import dev.driftline.jobs.tables.Warehouse;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare a candidate model version with a baseline on the labelled requests both scored",
        "(shadow traffic in the same log, or with --candidate-config the candidate's own log joined on",
        "request id): per-day metric pairs, the mean delta, its standard error and 95% interval, and a",
        "verdict (promote, hold, reject) written to release_comparisons."})
public final class CompareCommand implements Callable<Integer> {

  @Mixin
  ConfigOption config;

  @Option(names = "--baseline", required = true, paramLabel = "VERSION", description = "the model version in production")
  String baseline;

  @Option(names = "--candidate", required = true, paramLabel = "VERSION", description = "the model version to decide on")
  String candidate;

  @Option(names = "--candidate-config", paramLabel = "FILE",
      description = "the candidate model's own config (its prediction log); --baseline and --candidate then name the two models")
  java.nio.file.Path candidateConfig;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "first day")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "last day (inclusive)")
  String to;

  @Option(names = "--metric", defaultValue = "auc", paramLabel = "METRIC",
      description = "metric to compare (default ${DEFAULT-VALUE}; e.g. log_loss, brier, rmse)")
  String metric;

  @Override
  public Integer call() {
    var days = ConfigOption.range(from, to);
    JobSpec spec = config.load();
    var spark = Sessions.create("driftline compare");
    ReleaseCompare compare = new ReleaseCompare(spark, spec);
    ReleaseCompare.Result result = candidateConfig == null ? compare.compare(baseline, candidate, days, metric)
        : compare.compareLogs(dev.driftline.jobs.config.ConfigLoader.load(candidateConfig), baseline, candidate, days,
            metric);
    compare.write(new Warehouse(spark, spec.warehouse(), spec.database()), result);
    print(System.out, result);
    return 0;
  }

  static void print(PrintStream out, ReleaseCompare.Result r) {
    out.printf(Locale.ROOT, "%-10s  %10s  %10s  %10s  %9s%n", "ds", r.baseline(), r.candidate(), "delta", "requests");
    for (int i = 0; i < r.days().size(); i++) {
      out.printf(Locale.ROOT, "%-10s  %10.4f  %10.4f  %+10.4f  %9d%n", r.days().get(i), r.baselineValues()[i],
          r.candidateValues()[i], r.candidateValues()[i] - r.baselineValues()[i], r.labelledRequests()[i]);
    }
    var c = r.comparison();
    out.printf(Locale.ROOT, "%s: mean delta %+.4f, standard error %.4f, 95%% interval [%+.4f, %+.4f] over %d days%n",
        r.metric().key(), c.meanDelta(), c.standardError(), c.lower(), c.upper(), c.days());
    out.printf(Locale.ROOT, "verdict: %s (%s)%n", c.verdict().key(), c.reason());
  }
}
