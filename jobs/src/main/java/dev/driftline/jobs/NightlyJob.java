package dev.driftline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.drift.DriftRows;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.performance.PerformanceStep;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.profile.ProfileRows;
import dev.driftline.jobs.profile.ReferenceBuilder;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.jobs.tables.RowBuilder;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly pipeline for one model: for each day, find or build the reference, profile the
 * day in one pass, compare it with the reference and the previous day, and write every table for
 * all the days at once. Reruns replace the days' rows; a failure rolls back what was written and
 * is recorded in {@code runs}.
 */
public final class NightlyJob {

  private static final Logger LOG = LogManager.getLogger(NightlyJob.class);
  public static final String VERSION = "0.1.0";

  private final SparkSession spark;
  private final JobSpec spec;
  private final Warehouse warehouse;
  private final String configFingerprint;
  /** The performance step of the last run (null before, or without labels and latency). */
  private PerformanceStep.Outcome lastPerformance;

  public NightlyJob(SparkSession spark, JobSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.warehouse = new Warehouse(spark, spec.warehouse(), spec.database());
    this.configFingerprint = new Fingerprint().add(spec).id();
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /** What the last {@link #run} computed for {@code performance_metrics}, or null. */
  public PerformanceStep.Outcome lastPerformance() {
    return lastPerformance;
  }

  /** What a run did for one day, for the CLI's summary. */
  public record DayResult(LocalDate ds, String status, String referenceId, long rowsRead, long rowsWritten,
      List<Row> driftRows) {}

  /** Builds (or rebuilds) the reference used by a run on {@code runDate} and writes it. */
  public ReferenceProfile buildReference(LocalDate runDate) {
    String runId = newRunId();
    Instant started = Instant.now();
    lastPerformance = null;
    PredictionLog log = PredictionLog.open(spark, spec);
    DateRange window = spec.reference().forRunDate(runDate);
    Map<String, Long> steps = new LinkedHashMap<>();
    Warehouse.DayWrite write = warehouse.beginDayWrite(runId);
    try {
      ReferenceProfile ref = timed(steps, "reference", () -> build(log, window));
      List<Row> rows = ProfileRows.referenceRows(ref, spec.model(), runId, Instant.now());
      long version = timed(steps, "write", () -> writeReference(write, ref, rows));
      recordRun("reference", window.end(), runId, started, "succeeded", null, ref.referenceId(), log,
          Map.of(Table.REFERENCE_PROFILES.tableName(), version), ref.profile().rows(), rows.size(), steps);
      return ref;
    } catch (Exception e) { // Spark, Delta and Hadoop also throw checked IOExceptions undeclared
      write.rollback();
      recordRun("reference", window.end(), runId, started, "failed", oneLine(e), null, log, Map.of(), 0, 0, steps);
      throw asFailure(e);
    }
  }

  /**
   * Runs the given days in order. With {@code skipEmptyDays} (backfill) a day without rows is
   * recorded as skipped; otherwise it fails the run, since a missing partition usually means the
   * upstream job has not landed yet.
   */
  public List<DayResult> run(DateRange days, String command, boolean skipEmptyDays) {
    String runId = newRunId();
    Instant started = Instant.now();
    PredictionLog log = PredictionLog.open(spark, spec);
    Map<DateRange, ReferenceProfile> references = new LinkedHashMap<>();
    List<ReferenceProfile> newReferences = new ArrayList<>();
    Map<Table, List<Row>> output = new EnumMap<>(Table.class);
    List<DayResult> results = new ArrayList<>();
    Map<LocalDate, Map<String, Long>> stepsByDay = new LinkedHashMap<>();
    Warehouse.DayWrite write = warehouse.beginDayWrite(runId);
    LocalDate current = days.start();
    lastPerformance = null;
    try {
      Profile previous = null;
      String previousRef = null;
      for (LocalDate ds = days.start(); !ds.isAfter(days.end()); ds = ds.plusDays(1)) {
        current = ds;
        Map<String, Long> steps = new LinkedHashMap<>();
        stepsByDay.put(ds, steps);
        DateRange window = spec.reference().forRunDate(ds);
        if (window.contains(ds)) {
          throw new JobFailure("the reference window " + window + " contains the run date " + ds
              + ": run days after the reference");
        }
        ReferenceProfile ref = references.get(window);
        if (ref == null) {
          ref = timed(steps, "reference", () -> findReference(log, window).orElse(null));
          if (ref == null) {
            ref = timed(steps, "reference", () -> build(log, window));
            newReferences.add(ref);
          }
          references.put(window, ref);
        }
        ReferenceProfile reference = ref;
        LocalDate day = ds;
        Profile profile = timed(steps, "profile", () -> profile(log, day, reference));
        if (profile.rows() == 0) {
          String message = "no rows for " + ds + " in " + log.describe() + " (" + dayColumnName() + ")";
          if (!skipEmptyDays) {
            throw new JobFailure(message + ": the partition is missing or empty");
          }
          LOG.warn("skipping {}: {}", ds, message);
          results.add(new DayResult(ds, "skipped", ref.referenceId(), 0, 0, List.of()));
          previous = null;
          continue;
        }
        Profile yesterday = previous;
        boolean yesterdayInMemory = yesterday != null && previousRef.equals(ref.referenceId());
        Map<Slice, SliceProfile> prior = yesterdayInMemory ? yesterday.slices()
            : timed(steps, "previous_day", () -> previousDay(log, day, reference));
        DriftRows drift = new DriftRows(spec, ref, runId);
        List<Row> driftRows = timed(steps, "drift", () -> drift.driftRows(day, profile, prior));
        List<Row> profileRows = ProfileRows.dayRows(profile, ref.referenceId(), spec.model(), ds, runId);
        List<Row> qualityRows = drift.qualityRows(ds, profile);
        output.computeIfAbsent(Table.FEATURE_PROFILES, t -> new ArrayList<>()).addAll(profileRows);
        output.computeIfAbsent(Table.DRIFT_METRICS, t -> new ArrayList<>()).addAll(driftRows);
        output.computeIfAbsent(Table.DATA_QUALITY, t -> new ArrayList<>()).addAll(qualityRows);
        results.add(new DayResult(ds, "succeeded", ref.referenceId(), profile.rows(),
            profileRows.size() + driftRows.size() + qualityRows.size(), driftRows));
        LOG.info("{} {}: {} rows, {} slices x {} columns, {} drift rows ({} baseline alerts); step ms {}", command, ds,
            profile.rows(), profile.slices().size(), profile.columns().size(), driftRows.size(),
            driftRows.stream().filter(r -> isAlert(r) && DriftRows.BASELINE.equals(r.getAs("comparison"))).count(),
            steps);
        previous = profile;
        previousRef = ref.referenceId();
      }
      current = days.end();
      if (spec.performance().enabled()) {
        ReferenceProfile reference = references.get(spec.reference().forRunDate(days.end()));
        lastPerformance = timed(stepsByDay.get(days.end()), "performance",
            () -> new PerformanceStep(spark, spec, warehouse, runId).run(log, days, reference));
      }
      Map<String, Long> versions = new LinkedHashMap<>();
      long writeStart = System.nanoTime();
      for (ReferenceProfile ref : newReferences) {
        versions.put(Table.REFERENCE_PROFILES.tableName(),
            writeReference(write, ref, ProfileRows.referenceRows(ref, spec.model(), runId, Instant.now())));
      }
      String dayPredicate = modelPredicate() + " AND ds BETWEEN DATE'" + days.start() + "' AND DATE'" + days.end() + "'";
      for (Table table : List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.DATA_QUALITY)) {
        List<Row> rows = output.getOrDefault(table, List.of());
        if (rows.isEmpty() && !warehouse.exists(table)) {
          continue;
        }
        versions.put(table.tableName(), write.replace(table, spark.createDataFrame(rows, table.schema()), dayPredicate));
      }
      if (lastPerformance != null && !lastPerformance.recomputedDays().isEmpty()) {
        // Only the days whose labels changed: the others keep their rows and run ids.
        String changedDays = modelPredicate() + " AND ds IN (" + String.join(", ", lastPerformance.recomputedDays()
            .stream().map(d -> "DATE'" + d + "'").toList()) + ")";
        versions.put(Table.PERFORMANCE_METRICS.tableName(), write.replace(Table.PERFORMANCE_METRICS,
            spark.createDataFrame(lastPerformance.rows(), Table.PERFORMANCE_METRICS.schema()), changedDays));
      }
      long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
      LOG.info("{} {}: wrote {} rows to {} in {} ms", command, days, output.values().stream().mapToInt(List::size).sum(),
          versions.keySet(), writeMillis);
      for (DayResult r : results) {
        Map<String, Long> steps = stepsByDay.get(r.ds());
        steps.put("write", writeMillis);
        recordRun(command, r.ds(), runId, started, r.status(), r.status().equals("skipped") ? "no rows for the day" : null,
            r.referenceId(), log, versions, r.rowsRead(), r.rowsWritten(), steps);
      }
      return results;
    } catch (Exception e) { // Spark, Delta and Hadoop also throw checked IOExceptions undeclared
      write.rollback();
      recordRun(command, current, runId, started, "failed", oneLine(e), null, log, Map.of(), 0, 0,
          stepsByDay.getOrDefault(current, Map.of()));
      throw asFailure(e);
    }
  }

  private ReferenceProfile build(PredictionLog log, DateRange window) {
    ReferenceProfile ref = ReferenceBuilder.build(spec, log, window);
    if (ref.profile().rows() == 0) {
      throw new JobFailure("no rows in the reference window " + window + " of " + log.describe()
          + ": check reference.from/to (or rolling_days) against the input's dates");
    }
    LOG.info("reference {} for {}: {} rows, {} slices", ref.referenceId(), window, ref.profile().rows(),
        ref.profile().slices().size());
    return ref;
  }

  private java.util.Optional<ReferenceProfile> findReference(PredictionLog log, DateRange window) {
    String fingerprint = ReferenceBuilder.specFingerprint(spec, log, window);
    return warehouse.read(Table.REFERENCE_PROFILES).flatMap(t -> ProfileRows.readReference(t, spec.model(),
        fingerprint, window, spec.profiledColumns(), spec.sliceDimensions().stream().map(s -> s.name()).toList()));
  }

  private long writeReference(Warehouse.DayWrite write, ReferenceProfile ref, List<Row> rows) {
    String predicate = modelPredicate() + " AND ds = DATE'" + ref.window().end() + "' AND spec_fingerprint = '"
        + ref.specFingerprint() + "'";
    return write.replace(Table.REFERENCE_PROFILES, spark.createDataFrame(rows, Table.REFERENCE_PROFILES.schema()), predicate);
  }

  private Profile profile(PredictionLog log, LocalDate ds, ReferenceProfile ref) {
    return Profile.of(ProfileScan.scan(log.profileInput(new DateRange(ds, ds)), ref.layout()), spec.profiledColumns());
  }

  /**
   * The previous day on the same bins: its stored profile when it used the same reference,
   * otherwise (the reference rolled) its input rows profiled again on today's bins; null when the
   * job never ran the previous day.
   */
  private Map<Slice, SliceProfile> previousDay(PredictionLog log, LocalDate ds, ReferenceProfile ref) {
    LocalDate yesterday = ds.minusDays(1);
    List<Row> stored = warehouse.read(Table.FEATURE_PROFILES)
        .map(t -> t.where(col("model").equalTo(lit(spec.model()))
            .and(col("ds").equalTo(lit(java.sql.Date.valueOf(yesterday))))).collectAsList())
        .orElse(List.of());
    if (stored.isEmpty()) {
      return null;
    }
    if (stored.stream().allMatch(r -> ref.referenceId().equals(r.getAs("reference_id")))) {
      return ProfileRows.readDay(stored, spec.profiledColumns());
    }
    Profile again = profile(log, yesterday, ref);
    return again.rows() == 0 ? null : again.slices();
  }

  private void recordRun(String command, LocalDate ds, String runId, Instant started, String status, String error,
      String referenceId, PredictionLog log, Map<String, Long> versions, long rowsRead, long rowsWritten,
      Map<String, Long> steps) {
    Map<String, String> inputs = new LinkedHashMap<>(Map.of("predictions", log.describe() + " @ " + log.version()));
    PerformanceStep.Outcome performance = lastPerformance;
    if (performance != null && performance.labelsVersion() != null) {
      inputs.put("labels", spec.performance().labels().describe() + " @ " + performance.labelsVersion());
    }
    Row row = RowBuilder.of(Table.RUNS)
        .set("model", spec.model()).set("ds", ds).set("run_id", runId)
        .set("command", command).set("status", status).set("error", error)
        .set("config_fingerprint", configFingerprint).set("reference_id", referenceId)
        .set("input_versions", inputs)
        .set("output_versions", versions)
        .set("rows_read", rowsRead).set("rows_written", rowsWritten)
        .set("step_millis", new HashMap<>(steps))
        .set("started_at", started).set("finished_at", Instant.now())
        .set("driftline_version", VERSION).set("spark_version", spark.version())
        .set("findings", performance == null ? null : performance.findings().get(ds))
        .build();
    try {
      warehouse.append(Table.RUNS, spark.createDataFrame(List.of(row), Table.RUNS.schema()), runId);
    } catch (Exception e) {
      LOG.error("could not record run {} in the runs table: {}", runId, oneLine(e));
    }
  }

  private String modelPredicate() {
    return "model = '" + spec.model().replace("'", "''") + "'";
  }

  private String dayColumnName() {
    return spec.input().dateColumn() != null ? "date column " + spec.input().dateColumn()
        : "timestamp column " + spec.input().timestampColumn() + " in " + spec.input().timeZone();
  }

  /** True for a drift row that raised an alert (warn or critical). */
  public static boolean isAlert(Row r) {
    String s = r.getAs("severity");
    return "warn".equals(s) || "critical".equals(s);
  }

  private static String newRunId() {
    return UUID.randomUUID().toString();
  }

  private static <T> T timed(Map<String, Long> steps, String step, java.util.function.Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      steps.merge(step, (System.nanoTime() - start) / 1_000_000, Long::sum);
    }
  }

  private static RuntimeException asFailure(Exception e) {
    return e instanceof JobFailure || e instanceof dev.driftline.jobs.config.ConfigException ? (RuntimeException) e
        : new JobFailure(oneLine(e), e);
  }

  /** The innermost useful message, on one line. */
  public static String oneLine(Throwable e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    String line = message.strip().replaceAll("\\s*\\n\\s*", " ");
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
