package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.jobs.Sessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code driftline bench}: generates the logs, measures every path, prints and writes the report. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure Driftline's profile against the scan limit, the other aggregation paths, naive Spark, "
        + "Deequ and the full nightly run, on generated Parquet prediction logs.")
public final class BenchMain implements Callable<Integer> {

  enum SuiteName { full, smoke, custom }

  @Option(names = "--suite", description = "full (the published benchmark), smoke (tiny, every path) or custom "
      + "(one case from the shape options). Default: ${DEFAULT-VALUE}")
  SuiteName suite = SuiteName.full;

  @Option(names = "--rows", description = "custom: rows on the profiled day. Default: ${DEFAULT-VALUE}")
  long rows = 16_000_000;

  @Option(names = "--numeric", description = "custom: numeric features. Default: ${DEFAULT-VALUE}")
  int numeric = Suite.DEFAULT_NUMERIC;

  @Option(names = "--categorical", split = ",", description = "custom: cardinality of each categorical feature. "
      + "Default: 10 features cycling 3,10,50,200,1000")
  List<Integer> categorical = LogShape.categoricalCycle(Suite.DEFAULT_CATEGORICAL);

  @Option(names = "--slice-cardinalities", split = ",", description = "custom: cardinality of each generated "
      + "slice column. Default: 10,50,200,10000")
  List<Integer> sliceCardinalities = Suite.SLICE_CARDINALITIES;

  @Option(names = "--slice-dims", split = ",", description = "custom: which slice columns the job slices by "
      + "(0-based). Default: 0,1,2")
  List<Integer> sliceDims = Suite.DEFAULT_DIMS;

  @Option(names = "--paths", split = ",", description = "custom: paths to measure (driftline is always run first). "
      + "Default: scan-limit,driftline,full-run")
  List<String> paths = List.of("scan-limit", "driftline", "full-run");

  @Option(names = "--cases", split = ",", description = "only these cases of the suite")
  List<String> cases;

  @Option(names = "--reps", description = "timed repetitions per path. Default: ${DEFAULT-VALUE}")
  int reps = 5;

  @Option(names = "--warmups", description = "untimed (but checked) runs before timing. Default: ${DEFAULT-VALUE}")
  int warmups = 1;

  @Option(names = "--data-dir", description = "where generated logs are cached. Default: ${DEFAULT-VALUE}")
  Path dataDir = Path.of("bench-out", "data");

  @Option(names = "--warehouse-dir", description = "where the full runs write. Default: ${DEFAULT-VALUE}")
  Path warehouseDir = Path.of("bench-out", "warehouse");

  @Option(names = "--output", description = "markdown file to write (notes below its marker are kept); "
      + "'-' prints only. Default: ${DEFAULT-VALUE}")
  String output = "BENCHMARKS.md";

  @Option(names = "--generate-only", description = "generate (or find) the cases' logs and stop")
  boolean generateOnly;

  private String[] args = new String[0];

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    BenchMain main = new BenchMain();
    main.args = args.clone();
    CommandLine cli = new CommandLine(main);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      commandLine.getErr().println("driftline bench: failed: " + dev.driftline.jobs.NightlyJob.oneLine(e));
      return 1;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    if (reps < 1 || warmups < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--reps must be >= 1 and --warmups >= 0");
    }
    List<BenchCase> selected = switch (suite) {
      case full -> Suite.full();
      case smoke -> Suite.smoke();
      case custom -> List.of(new BenchCase("custom", new LogShape(rows, numeric, categorical, sliceCardinalities),
          sliceDims, paths));
    };
    if (cases != null) {
      selected = selected.stream().filter(c -> cases.contains(c.name())).toList();
    }
    SparkSession spark = Sessions.create("driftline-bench");
    if (generateOnly) {
      selected.stream().map(BenchCase::shape).distinct().forEach(s -> LogGenerator.ensure(spark, s, dataDir));
      return 0;
    }
    String command = "./driftline bench " + String.join(" ", args);
    Map<String, CaseResult> results = run(spark, selected, dataDir, warehouseDir, warmups, reps, report -> {
      if (!output.equals("-")) {
        MarkdownReport.write(Path.of(output), MarkdownReport.render(command, spark.version(), report, false));
      }
    });
    String report = MarkdownReport.render(command, spark.version(), results, true);
    System.out.println(report);
    if (!output.equals("-")) {
      MarkdownReport.write(Path.of(output), report);
    }
    return 0;
  }

  /** Measures every case, calling {@code afterCase} with the results so far after each path. */
  static Map<String, CaseResult> run(SparkSession spark, List<BenchCase> cases, Path dataDir, Path warehouseDir,
      int warmups, int reps, java.util.function.Consumer<Map<String, CaseResult>> afterCase) {
    Map<String, BenchPath> all = AggregationPaths.all();
    Map<String, CaseResult> results = new LinkedHashMap<>();
    for (BenchCase c : cases) {
      for (String p : c.paths()) {
        if (!all.containsKey(p)) {
          throw new IllegalArgumentException("unknown path '" + p + "'; known: " + all.keySet());
        }
      }
    }
    for (BenchCase c : cases) {
      Measurement.log("case %s: %s, slices %s", c.name(), c.shape().describe(), c.describeSlices());
      Prepared prepared = c.prepare(spark, dataDir, warehouseDir);
      double loadBefore = loadAverage();
      BinCounts expected = expectedCounts(prepared);
      List<Measurement> measurements = new ArrayList<>();
      for (String p : c.paths()) {
        measurements.add(Measurement.measure(all.get(p), prepared, expected, warmups, reps));
        results.put(c.name(), new CaseResult(c, prepared.layout().columnCount(), prepared.layout().groupCount(),
            expected.histogramCount(), List.copyOf(measurements), new double[] {loadBefore, loadAverage()}));
        afterCase.accept(results);
      }
    }
    return results;
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Driftline's own counts, the reference every path is checked against. */
  static BinCounts expectedCounts(Prepared prepared) {
    return BinCounts.of(dev.driftline.udfs.ProfileScan.scan(prepared.input(), prepared.layout()));
  }
}
