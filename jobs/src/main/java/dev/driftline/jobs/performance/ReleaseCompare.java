package dev.driftline.jobs.performance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.io.LabelLog;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.tables.RowBuilder;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.PerformanceScan;
import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ReleaseComparison;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Compares two model versions of one prediction log on the labelled requests both scored (shadow
 * traffic): per day, the metric of each version on exactly the same requests, then the paired
 * {@link ReleaseComparison} across days, written to {@code release_comparisons}.
 */
public final class ReleaseCompare {

  private final SparkSession spark;
  private final JobSpec spec;

  /** The comparison with the per-day values behind it. */
  public record Result(String baseline, String candidate, PerformanceMetric metric, DateRange range,
      List<LocalDate> days, double[] baselineValues, double[] candidateValues, long[] labelledRequests,
      ReleaseComparison comparison, String runId) {}

  public ReleaseCompare(SparkSession spark, JobSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  /** Two versions in this spec's log (shadow traffic), told apart by its model version column. */
  public Result compare(String baseline, String candidate, DateRange range, String metricKey) {
    String versionColumn = spec.input().modelVersionColumn();
    if (versionColumn == null) {
      throw new ConfigException("input.model_version_column: compare needs it to tell the versions apart"
          + " (or give the candidate's own config with --candidate-config)");
    }
    return compare(baseline, candidate, range, metricKey, (input, days) -> {
      // The version column is always a slice dimension (JobSpec.sliceDimensions), so the input carries it.
      int dimension = 0;
      while (!spec.sliceDimensions().get(dimension).name().equalsIgnoreCase(versionColumn)) {
        dimension++;
      }
      return input.rows(days).withColumn("version", col("s" + dimension));
    });
  }

  /**
   * The model of this spec's log (named {@code baseline}) against the model of another log
   * ({@code candidateSpec}, named {@code candidate}), joined on request id: the same labels score
   * both, on the requests both logs hold.
   */
  public Result compareLogs(JobSpec candidateSpec, String baseline, String candidate, DateRange range, String metricKey) {
    if (candidateSpec.performance().kind() != spec.performance().kind()) {
      throw new ConfigException("--candidate-config: its prediction kind (" + candidateSpec.performance().kind().key()
          + ") differs from the baseline's (" + spec.performance().kind().key() + ")");
    }
    return compare(baseline, candidate, range, metricKey, (input, days) -> {
      PerformanceInput other = new PerformanceInput(candidateSpec, PredictionLog.open(spark, candidateSpec),
          LabelLog.open(spark, candidateSpec), LocalDate.of(9999, 12, 31), input.classes());
      other.check(days);
      return versioned(input.rows(days), baseline).unionByName(versioned(other.rows(days), candidate));
    });
  }

  /** The columns the comparison reads, with a literal version: two logs' slices need not match. */
  private static Dataset<Row> versioned(Dataset<Row> rows, String version) {
    return rows.select(col(LabelLog.REQUEST_ID), col(PerformanceInput.DS), col(PerformanceInput.PREDICTION),
        col(LabelLog.LABEL), col(PerformanceInput.LABEL_COUNT), lit(version).as("version"));
  }

  /** Labelled rows of the range with a {@code version} column, from one or two logs. */
  private interface VersionedRows {
    Dataset<Row> rows(PerformanceInput input, DateRange range);
  }

  private Result compare(String baseline, String candidate, DateRange range, String metricKey, VersionedRows source) {
    PerformanceSpec p = spec.performance();
    if (p.labels() == null) {
      throw new ConfigException("labels: compare needs a labels section to score the versions against");
    }
    if (baseline.equals(candidate)) {
      throw new ConfigException("--candidate: the candidate is the baseline (" + baseline + ")");
    }
    PredictionLog log = PredictionLog.open(spark, spec);
    List<String> classes = p.kind() != PerformanceSpec.PredictionKind.CLASS ? null
        : log.days(range).select(functions.expr(p.prediction().expression()).cast("string").as("c"))
            .where(functions.col("c").isNotNull()).distinct().orderBy("c").limit(1000).collectAsList().stream()
            .map(r -> r.getString(0)).toList();
    MetricFamily family = p.family(classes == null || !classes.isEmpty() ? classes : List.of("none"));
    PerformanceMetric metric;
    try {
      metric = PerformanceMetric.fromKey(metricKey);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--metric: " + e.getMessage());
    }
    int index = family.metrics().indexOf(metric);
    if (family.metrics().lastIndexOf(metric) != index) {
      throw new ConfigException("--metric: " + metric.key() + " is per class; compare accuracy or macro_f1");
    }
    if (index < 0 || metric.direction() == PerformanceMetric.Direction.NEUTRAL) {
      throw new ConfigException("--metric: " + metric.key() + " cannot rank " + p.kind().key()
          + " models (no better direction, or not one of their metrics)");
    }

    // Today: every label that has arrived, within each prediction's window.
    PerformanceInput input = new PerformanceInput(spec, log, LabelLog.open(spark, spec), LocalDate.of(9999, 12, 31),
        classes);
    input.check(range);
    Dataset<Row> rows = source.rows(input, range);
    Dataset<Row> both = rows.where(col("version").isin(baseline, candidate))
        .groupBy(col(LabelLog.REQUEST_ID), col(PerformanceInput.DS))
        .agg(countDistinct(col("version")).as("versions"))
        .where(col("versions").equalTo(2)).drop("versions");
    Dataset<Row> shared = rows.where(col("version").isin(baseline, candidate))
        .join(both, scala.collection.JavaConverters.asScalaBuffer(List.of(LabelLog.REQUEST_ID, PerformanceInput.DS))
            .toSeq())
        .select(datediff(col(PerformanceInput.DS), lit(java.sql.Date.valueOf(range.start()))).cast("int").as("day"),
            col("version"), col(PerformanceInput.PREDICTION), col(LabelLog.LABEL), col(PerformanceInput.LABEL_COUNT),
            xxhash64(col(LabelLog.REQUEST_ID)).as("key"), lit(null).cast("double").as(PerformanceInput.LATENCY));
    ProfileLayout layout = new ProfileLayout(List.of(), List.of(), List.of("version"),
        List.of(List.of(baseline, candidate)));
    PerformanceAccumulator acc = PerformanceScan.scan(shared, layout, (int) range.days(), family);

    List<LocalDate> days = new ArrayList<>();
    List<double[]> pairs = new ArrayList<>();
    List<Long> labelled = new ArrayList<>();
    for (int d = 0; d < range.days(); d++) {
      double b = family.evaluate(acc.group(d, 1).sample(), null)[index];
      double c = family.evaluate(acc.group(d, 2).sample(), null)[index];
      if (Double.isFinite(b) && Double.isFinite(c)) {
        days.add(range.start().plusDays(d));
        pairs.add(new double[] {b, c});
        labelled.add((long) acc.group(d, 1).sample().size());
      }
    }
    if (days.size() < 2) {
      throw new dev.driftline.jobs.JobFailure("compare: " + days.size() + " day(s) in " + range + " with " + metric.key()
          + " defined for both " + baseline + " and " + candidate + " on shared labelled requests; at least 2 are"
          + " needed (do both versions score the same request ids?)");
    }
    double[] base = pairs.stream().mapToDouble(x -> x[0]).toArray();
    double[] cand = pairs.stream().mapToDouble(x -> x[1]).toArray();
    ReleaseComparison comparison = ReleaseComparison.of(base, cand, metric, p.minImprovement());
    return new Result(baseline, candidate, metric, range, days, base, cand,
        labelled.stream().mapToLong(Long::longValue).toArray(), comparison, UUID.randomUUID().toString());
  }

  /** Writes the result, replacing an earlier comparison of the same versions, metric and last day. */
  public long write(Warehouse warehouse, Result r) {
    ReleaseComparison c = r.comparison();
    Row row = RowBuilder.of(Table.RELEASE_COMPARISONS)
        .set("model", spec.model()).set("ds", r.range().end()).set("run_id", r.runId())
        .set("metric", r.metric().key()).set("baseline", r.baseline()).set("candidate", r.candidate())
        .set("from_ds", r.range().start()).set("to_ds", r.range().end()).set("days", r.days().size())
        .set("compared_days", r.days().stream().map(java.sql.Date::valueOf).toList())
        .set("baseline_values", r.baselineValues()).set("candidate_values", r.candidateValues())
        .set("labelled_requests", r.labelledRequests())
        .set("mean_delta", c.meanDelta()).set("standard_error", c.standardError())
        .set("ci_lower", c.lower()).set("ci_upper", c.upper())
        .set("min_improvement", spec.performance().minImprovement())
        .set("verdict", c.verdict().key()).set("verdict_reason", c.reason())
        .build();
    Column predicate = col("model").equalTo(lit(spec.model()))
        .and(col("ds").equalTo(lit(java.sql.Date.valueOf(r.range().end()))))
        .and(col("metric").equalTo(lit(r.metric().key()))).and(col("baseline").equalTo(lit(r.baseline())))
        .and(col("candidate").equalTo(lit(r.candidate())));
    Warehouse.DayWrite write = warehouse.beginDayWrite(r.runId(), spec.model());
    return write.replace(Table.RELEASE_COMPARISONS,
        warehouse.frame(List.of(row), Table.RELEASE_COMPARISONS), predicate);
  }
}
