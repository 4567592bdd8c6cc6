package dev.driftline.bench;

import java.util.List;
import java.util.stream.Stream;

/** The cases a benchmark run measures. */
final class Suite {

  /** Both scan limits and both profile paths: the profile reads column batches where the input has them. */
  static final List<String> SCAN_AND_PROFILE = List.of("scan-limit", "scan-limit-columnar", "driftline",
      "driftline-rows");
  /** Every slice column the generated logs carry: the default three and a high-cardinality one. */
  static final List<Integer> SLICE_CARDINALITIES = List.of(10, 50, 200, 10_000);
  static final List<Integer> DEFAULT_DIMS = List.of(0, 1, 2);
  static final int DEFAULT_NUMERIC = 50;
  static final int DEFAULT_CATEGORICAL = 10;

  private Suite() {}

  static LogShape shape(long rows, int numeric) {
    return new LogShape(rows, numeric, LogShape.categoricalCycle(DEFAULT_CATEGORICAL), SLICE_CARDINALITIES);
  }

  /**
   * The published benchmark, sized to finish in about an hour on 2 shared cores. The expensive
   * peers run where they finish in minutes: every alternative at 1M rows of the default shape,
   * Deequ at 1M rows x 10 numeric features with one slice dimension (one Deequ run per slice value
   * and a separate Spark job per column make the default shape take hours). The slice series runs
   * at 1M rows (compare-1M is its 3-dimension point), the rows series is 1M, 4M, 16M, and the full
   * nightly run is measured at 16M and 1M rows, next to its profile. The embedding case adds a
   * 64-dimension embedding to 4M rows of the peer shape and measures its scan limit and sketch next
   * to the profile's. Cases run in order of importance, and the report is rewritten after each one,
   * so a run cut short still leaves its finished cases.
   */
  static List<BenchCase> full() {
    LogShape small = shape(1_000_000, DEFAULT_NUMERIC);
    LogShape peer = shape(1_000_000, 10);
    return List.of(
        new BenchCase("default-16M", shape(16_000_000, DEFAULT_NUMERIC), DEFAULT_DIMS,
            Stream.concat(SCAN_AND_PROFILE.stream(), Stream.of("full-run")).toList()),
        new BenchCase("deequ-peer", peer, List.of(0), List.of("scan-limit", "driftline", "naive", "deequ",
            "vectorized-udaf", "long-format", "sql-builders")),
        new BenchCase("slices-0", small, List.of(), SCAN_AND_PROFILE),
        new BenchCase("slices-1", small, List.of(0), SCAN_AND_PROFILE),
        new BenchCase("slices-highcard", small, List.of(3), SCAN_AND_PROFILE),
        new BenchCase("rows-4M", shape(4_000_000, DEFAULT_NUMERIC), DEFAULT_DIMS, SCAN_AND_PROFILE),
        new BenchCase("numeric-10", peer, DEFAULT_DIMS, SCAN_AND_PROFILE),
        // Wider than whole-stage codegen takes (spark.sql.codegen.maxFields): no column batches, rows only.
        new BenchCase("numeric-200", shape(1_000_000, 200), DEFAULT_DIMS, List.of("scan-limit", "driftline")),
        new BenchCase("compare-1M", small, DEFAULT_DIMS, List.of("scan-limit", "driftline", "vectorized-udaf",
            "full-run", "naive")),
        new BenchCase("embedding-4M", shape(4_000_000, 10).withEmbedding(64), DEFAULT_DIMS,
            List.of("scan-limit", "driftline", "embedding-scan-limit", "driftline-embedding")));
  }

  /**
   * Every path on a tiny log, for the test and for trying the harness out: a categorical feature
   * and a slice column with more values than their caps, so OTHER bins and groups are exercised.
   */
  static List<BenchCase> smoke() {
    LogShape tiny = new LogShape(20_000, 4, List.of(3, 60), List.of(4, 12), 8);
    return List.of(new BenchCase("smoke", tiny, List.of(0, 1), 8, List.copyOf(AggregationPaths.all().keySet())));
  }
}
