package dev.driftline.jobs.performance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.decision.EstimateReliability;
import dev.driftline.jobs.decision.EstimateReliability.CheckedDay;
import dev.driftline.jobs.decision.EstimatedPerformance.Reliability;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.jobs.io.LabelLog;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.PerformanceScan;
import dev.driftline.udfs.math.BinaryMetrics;
import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * The performance step of a run over days [start, end]: every day in [start - N, end] (N the label
 * window) whose predictions or arrived labels changed since its rows were written, or whose
 * reference changed, is recomputed; the others are left alone. Which days changed is told by a
 * fingerprint of each day's joined rows, stored in every row of {@code performance_metrics}.
 * One pass over the changed days and the reference window fills every slice's accumulators.
 */
public final class PerformanceStep {

  private static final Logger LOG = LogManager.getLogger(PerformanceStep.class);
  /** Day index 0 of the scan holds the reference window; day d of the scope is index 1 + d. */
  private static final int REFERENCE = 0;

  private final SparkSession spark;
  private final JobSpec spec;
  private final Warehouse warehouse;

  /**
   * What the step computed.
   *
   * @param sliceDays the performance of every slice with predictions on each recomputed day
   * @param recomputedDays days whose rows are replaced
   * @param checkedDays days with predictions in the scope
   * @param findings per run day: duplicate_labels, orphan_labels, late_labels and
   *     null_request_id_labels that arrived that day
   * @param labelsVersion the label input's version, for lineage (null without labels)
   * @param labelFingerprints per day with predictions in the scope, the fingerprint of its predictions
   *     joined with the labels arrived so far, for lineage
   * @param referenceFingerprint the fingerprint of the reference's predictions, labels and the
   *     performance config, for lineage
   */
  public record Outcome(List<SliceDayPerformance> sliceDays, List<LocalDate> recomputedDays,
      List<LocalDate> checkedDays, Map<LocalDate, Map<String, Long>> findings, String labelsVersion,
      Map<LocalDate, String> labelFingerprints, String referenceFingerprint) {}

  public PerformanceStep(SparkSession spark, JobSpec spec, Warehouse warehouse) {
    this.spark = spark;
    this.spec = spec;
    this.warehouse = warehouse;
  }

  /**
   * Checks what the step reads, as a run does before computing anything: the labels (they exist,
   * their columns exist and have usable types) and the prediction log's columns for performance.
   * Throws the run's {@link dev.driftline.jobs.config.ConfigException}.
   */
  public static void check(SparkSession spark, JobSpec spec, PredictionLog log) {
    LabelLog labels = spec.performance().labels() == null ? null : LabelLog.open(spark, spec);
    // Only the columns' types are looked at, so any day will do.
    new PerformanceInput(spec, log, labels, LocalDate.EPOCH, null).check(new DateRange(LocalDate.EPOCH, LocalDate.EPOCH));
  }

  public Outcome run(PredictionLog log, DateRange runDays, ReferenceProfile reference) {
    PerformanceSpec p = spec.performance();
    int window = p.labels() == null ? 0 : p.labels().windowDays();
    DateRange scope = new DateRange(runDays.start().minusDays(window), runDays.end());
    LabelLog labels = p.labels() == null ? null : LabelLog.open(spark, spec);
    List<String> classes = classes(spec, reference);
    PerformanceInput input = new PerformanceInput(spec, log, labels, runDays.end(), classes);
    input.check(scope);

    // Every later query reads the joined rows of the scope and the reference window from the cache.
    LocalDate first = reference.window().start().isBefore(scope.start()) ? reference.window().start() : scope.start();
    DateRange span = new DateRange(first, scope.end());
    Dataset<Row> joined = input.rows(span).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return run(joined, labels, log, runDays, scope, reference, window, spec.performance().family(classes));
    } finally {
      joined.unpersist();
    }
  }

  private Outcome run(Dataset<Row> joined, LabelLog labels, PredictionLog log, DateRange runDays, DateRange scope,
      ReferenceProfile reference, int window, MetricFamily family) {
    Map<LocalDate, String> spanFingerprints = fingerprints(joined);
    Map<LocalDate, String> dayFingerprints = new TreeMap<>(spanFingerprints);
    dayFingerprints.keySet().removeIf(d -> !scope.contains(d));
    Fingerprint ref = new Fingerprint().add("performance/1").add(reference.referenceId()).add(reference.window())
        .add(spec.performance());
    spanFingerprints.forEach((day, fp) -> {
      if (reference.window().contains(day)) {
        ref.add(day).add(fp);
      }
    });
    String referenceFingerprint = ref.id();
    Map<LocalDate, List<String>> stored = storedFingerprints(scope);
    List<LocalDate> changed = dayFingerprints.keySet().stream()
        .filter(d -> !List.of(dayFingerprints.get(d), referenceFingerprint).equals(stored.get(d)))
        .sorted().toList();
    Map<LocalDate, Map<String, Long>> findings = labels == null ? Map.of() : findings(labels, log, runDays, window);
    Map<String, Long> total = new TreeMap<>();
    findings.values().forEach(f -> f.forEach((k, v) -> total.merge(k, v, Long::sum)));
    if (total.values().stream().anyMatch(v -> v > 0)) {
      LOG.warn("labels that arrived in {}: {} duplicate (the latest arrival is used), {} orphan (no prediction),"
          + " {} late (after the {}-day window), {} without a request id (not joined); per day in the runs table's"
          + " findings", runDays, total.get("duplicate_labels"), total.get("orphan_labels"), total.get("late_labels"),
          window, total.get("null_request_id_labels"));
    }
    if (changed.isEmpty()) {
      LOG.info("performance: no day in {} changed since it was last computed", scope);
      return new Outcome(List.of(), List.of(), List.copyOf(dayFingerprints.keySet()), findings,
          labels == null ? null : labels.version(), dayFingerprints, referenceFingerprint);
    }

    Column dayIndex = datediff(col(PerformanceInput.DS), lit(Date.valueOf(scope.start()))).plus(1);
    Dataset<Row> days = joined.where(col(PerformanceInput.DS).isin(changed.stream().map(Date::valueOf)
        .toArray())).withColumn("day", dayIndex);
    Dataset<Row> referenceRows = joined
        .where(col(PerformanceInput.DS).between(lit(Date.valueOf(reference.window().start())),
            lit(Date.valueOf(reference.window().end()))))
        .withColumn("day", lit(REFERENCE));
    List<Column> prepared = new ArrayList<>();
    prepared.add(col("day").cast("int"));
    for (int d = 0; d < spec.sliceDimensions().size(); d++) {
      prepared.add(col("s" + d));
    }
    prepared.addAll(List.of(col(PerformanceInput.PREDICTION), col(LabelLog.LABEL), col(PerformanceInput.LABEL_COUNT),
        xxhash64(col(LabelLog.REQUEST_ID)).as("key"), col(PerformanceInput.LATENCY)));
    Dataset<Row> scanInput = days.unionByName(referenceRows).select(prepared.toArray(new Column[0]));
    PerformanceAccumulator acc = PerformanceScan.scan(scanInput, reference.layout(), (int) scope.days() + 1,
        family == null ? new BinaryMetrics(BinaryMetrics.DEFAULT_THRESHOLD, BinaryMetrics.DEFAULT_ECE_BINS) : family,
        spec.performance().estimation() != null);

    PerformanceEvaluator evaluator = new PerformanceEvaluator(spec, reference, acc, REFERENCE, family);
    // Days are independent once the reference is prepared: their bootstraps run in parallel, kept in order.
    evaluator.prepare();
    List<SliceDayPerformance> sliceDays = changed.parallelStream().map(day -> {
      int index = (int) (day.toEpochDay() - scope.start().toEpochDay()) + 1;
      LocalDate asOf = day.plusDays(window).isBefore(runDays.end()) ? day.plusDays(window) : runDays.end();
      return evaluator.day(day, index, asOf, dayFingerprints.get(day), referenceFingerprint);
    }).flatMap(List::stream).toList();
    if (spec.performance().estimation() != null) {
      sliceDays = judgeEstimates(sliceDays, scope, changed);
    }
    LOG.info("performance: recomputed {} of {} days with predictions in {} ({}), {} slice-days", changed.size(),
        dayFingerprints.size(), scope, changed, sliceDays.size());
    return new Outcome(sliceDays, changed, List.copyOf(dayFingerprints.keySet()), findings,
        labels == null ? null : labels.version(), dayFingerprints, referenceFingerprint);
  }

  /**
   * The estimates with their reliability: each slice's latest checked days up to the day (days in
   * the scope whose label coverage reached {@code performance.estimate_check_coverage}, recomputed
   * now or stored) must bear them out.
   */
  private List<SliceDayPerformance> judgeEstimates(List<SliceDayPerformance> sliceDays, DateRange scope,
      List<LocalDate> changed) {
    double coverage = spec.performance().estimation().checkCoverage();
    List<CheckedDay> checked = new ArrayList<>(storedChecks(scope, changed, coverage));
    Map<LocalDate, List<Slice>> judged = new TreeMap<>();
    for (SliceDayPerformance p : sliceDays) {
      if (p.estimated().isEmpty()) {
        continue;
      }
      judged.computeIfAbsent(p.ds(), d -> new ArrayList<>()).add(p.slice());
      Map<String, Double> z = new HashMap<>();
      p.estimated().stream().filter(e -> e.check() != null)
          .forEach(e -> z.put(e.assessed().finding().name(), e.check().z()));
      if (p.labelCoverage() >= coverage && !z.isEmpty()) {
        checked.add(new CheckedDay(p.ds(), p.slice(), z));
      }
    }
    Map<LocalDate, Map<Slice, Reliability>> verdicts =
        new EstimateReliability(spec.maxPValue(), spec.pValueAdjustment()).judge(judged, checked);
    return sliceDays.stream().map(p -> p.estimated().isEmpty() ? p : p.withEstimated(p.estimated().stream()
        .map(e -> e.with(verdicts.get(p.ds()).get(p.slice()))).toList())).toList();
  }

  /** The checks of the scope's days that are not recomputed, from their stored estimated rows. */
  private List<CheckedDay> storedChecks(DateRange scope, List<LocalDate> changed, double coverage) {
    Map<List<Object>, Map<String, Double>> byDaySlice = new LinkedHashMap<>();
    warehouse.read(Table.PERFORMANCE_METRICS).filter(t -> Arrays.asList(t.columns()).contains("check_z"))
        .ifPresent(t -> t.where(col("model").equalTo(lit(spec.model()))
                .and(col("metric_kind").equalTo(lit("estimated")))
                .and(col("ds").between(lit(Date.valueOf(scope.start())), lit(Date.valueOf(scope.end()))))
                .and(col("label_coverage").geq(lit(coverage)))
                .and(col("check_z").isNotNull()))
            .select("ds", "slice_key", "slice_value", "metric", "check_z").collectAsList()
            .forEach(r -> {
              LocalDate ds = r.getDate(0).toLocalDate();
              if (!changed.contains(ds)) {
                byDaySlice.computeIfAbsent(List.of(ds, new Slice(r.getString(1), r.getString(2))),
                    k -> new HashMap<>()).put(r.getString(3), r.getDouble(4));
              }
            }));
    List<CheckedDay> out = new ArrayList<>();
    byDaySlice.forEach((k, z) -> out.add(new CheckedDay((LocalDate) k.get(0), (Slice) k.get(1), z)));
    return out;
  }

  /**
   * The known classes of class predictions: the prediction column's reference vocabulary (its top
   * values), so every day maps classes to the same indices; null for the other kinds.
   */
  static List<String> classes(JobSpec spec, ReferenceProfile reference) {
    if (spec.performance().kind() != PerformanceSpec.PredictionKind.CLASS || spec.performance().labels() == null) {
      return null;
    }
    List<JobSpec.MonitoredColumn> categorical = spec.categoricalColumns();
    for (int c = 0; c < categorical.size(); c++) {
      if (categorical.get(c).role() == JobSpec.Role.PREDICTION) {
        return reference.layout().categoricalBins().get(c).categories();
      }
    }
    throw new IllegalStateException("class predictions are not among the categorical columns");
  }

  /** Per day with predictions: a fingerprint of every joined row (prediction, slices, label, arrival). */
  private static Map<LocalDate, String> fingerprints(Dataset<Row> joined) {
    List<Row> perDay = joined.groupBy(col(PerformanceInput.DS))
        .agg(count(lit(1)).as("scored"), count(col(LabelLog.LABEL)).as("labelled"),
            expr("bit_xor(xxhash64(" + String.join(", ", Arrays.stream(joined.columns()).map(c -> "`" + c + "`")
                .toList()) + "))").as("h"))
        .collectAsList();
    Map<LocalDate, String> out = new TreeMap<>();
    for (Row r : perDay) {
      out.put(r.getDate(0).toLocalDate(), new Fingerprint().add(r.getLong(1)).add(r.getLong(2)).add(r.get(3)).id());
    }
    return out;
  }

  private Map<LocalDate, List<String>> storedFingerprints(DateRange scope) {
    Map<LocalDate, List<String>> out = new HashMap<>();
    warehouse.read(Table.PERFORMANCE_METRICS).ifPresent(t -> t
        .where(col("model").equalTo(lit(spec.model()))
            .and(col("ds").between(lit(Date.valueOf(scope.start())), lit(Date.valueOf(scope.end())))))
        .select("ds", "label_fingerprint", "reference_fingerprint").distinct().collectAsList()
        .forEach(r -> out.put(r.getDate(0).toLocalDate(), List.of(r.getString(1), r.getString(2)))));
    return out;
  }

  /**
   * Per run day, labels that arrived that day and repeat a request id that already had a label
   * (duplicate_labels), match no prediction up to that day (orphan_labels), or match only
   * predictions older than the label window (late_labels), or have no request id to join on
   * (null_request_id_labels).
   */
  private static Map<LocalDate, Map<String, Long>> findings(LabelLog labels, PredictionLog log, DateRange runDays,
      int window) {
    Column landedInRun = col(LabelLog.ARRIVAL_DAY).between(lit(Date.valueOf(runDays.start())),
        lit(Date.valueOf(runDays.end())));
    Dataset<Row> arrived = labels.rows().where(col(LabelLog.ARRIVAL_DAY).leq(lit(Date.valueOf(runDays.end()))));
    Dataset<Row> duplicates = arrived
        .withColumn("nth", row_number().over(Window.partitionBy(LabelLog.REQUEST_ID)
            .orderBy(col(LabelLog.ARRIVED_AT), col(LabelLog.LABEL))))
        .where(col("nth").gt(1).and(landedInRun))
        .select(col(LabelLog.ARRIVAL_DAY), lit("duplicate_labels").as("kind"), lit(1L).as("labels"));
    // Whether a label is an orphan or late depends only on its request id and arrival day.
    String idColumn = labels.predictionRequestIdColumn();
    Dataset<Row> predictions = log.days(new DateRange(LocalDate.EPOCH, runDays.end()))
        .select(col(idColumn).cast("string").as("p_id"), col(PredictionLog.DAY).as("p_ds"))
        .where(col("p_id").isNotNull());
    Dataset<Row> unmatched = arrived.where(landedInRun)
        .groupBy(LabelLog.REQUEST_ID, LabelLog.ARRIVAL_DAY).agg(count(lit(1)).as("labels"))
        .join(predictions, col(LabelLog.REQUEST_ID).equalTo(col("p_id"))
            .and(col("p_ds").leq(col(LabelLog.ARRIVAL_DAY))), "left")
        .groupBy(col(LabelLog.REQUEST_ID), col(LabelLog.ARRIVAL_DAY), col("labels"))
        .agg(count(col("p_ds")).as("predictions"), count(when(col("p_ds")
            .geq(date_sub(col(LabelLog.ARRIVAL_DAY), window)), 1)).as("in_window"))
        .where(col("in_window").equalTo(0))
        .select(col(LabelLog.ARRIVAL_DAY), when(col("predictions").equalTo(0), lit("orphan_labels"))
            .otherwise(lit("late_labels")).as("kind"), col("labels"));
    Dataset<Row> withoutId = labels.withoutRequestId().where(landedInRun)
        .select(col(LabelLog.ARRIVAL_DAY), lit("null_request_id_labels").as("kind"), lit(1L).as("labels"));
    Map<LocalDate, Map<String, Long>> out = new LinkedHashMap<>();
    for (LocalDate d = runDays.start(); !d.isAfter(runDays.end()); d = d.plusDays(1)) {
      out.put(d, new TreeMap<>(Map.of("duplicate_labels", 0L, "orphan_labels", 0L, "late_labels", 0L,
          "null_request_id_labels", 0L)));
    }
    // One query for the four counts: each of its parts is small, the jobs of four queries were not.
    duplicates.unionByName(unmatched).unionByName(withoutId)
        .groupBy(LabelLog.ARRIVAL_DAY, "kind").agg(functions.sum("labels")).collectAsList()
        .forEach(r -> out.get(r.getDate(0).toLocalDate()).put(r.getString(1), r.getLong(2)));
    return out;
  }

}
