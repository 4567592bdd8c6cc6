package dev.driftline.jobs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.Alert;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.DriftFinding;
import dev.driftline.jobs.decision.DriftPolicy;
import dev.driftline.jobs.decision.EmbeddingFinding;
import dev.driftline.jobs.decision.EmbeddingPolicy;
import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.Incidents;
import dev.driftline.jobs.decision.QualityFinding;
import dev.driftline.jobs.decision.QualityPolicy;
import dev.driftline.jobs.decision.SchemaFinding;
import dev.driftline.jobs.decision.SchemaPolicy;
import dev.driftline.jobs.decision.TestFamily;
import dev.driftline.jobs.decision.VolumeFinding;
import dev.driftline.jobs.decision.VolumePolicy;
import dev.driftline.jobs.decision.TrendPolicy;
import dev.driftline.jobs.drift.DriftComparisons;
import dev.driftline.jobs.drift.EmbeddingComparisons;
import dev.driftline.jobs.drift.DriftTrends;
import dev.driftline.jobs.drift.QualityFindings;
import dev.driftline.jobs.io.ParquetFileTypes;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.performance.PerformanceStep;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.jobs.retrain.DecisionStep;
import dev.driftline.jobs.lineage.CodeVersion;
import dev.driftline.jobs.lineage.DayLineage;
import dev.driftline.jobs.tables.DecisionRows;
import dev.driftline.jobs.tables.DecisionRows.Decided;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.trigger.Trigger;
import dev.driftline.jobs.trigger.Triggers;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.tables.ProfileRows;
import dev.driftline.jobs.profile.EmbeddingReference;
import dev.driftline.jobs.profile.EmbeddingReferenceStore;
import dev.driftline.jobs.profile.ReferenceBuilder;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.jobs.tables.FindingRows;
import dev.driftline.jobs.tables.IncidentRows;
import dev.driftline.jobs.tables.PerformanceMetricsRows;
import dev.driftline.jobs.tables.RunRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.TrendRows;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The nightly pipeline for one model. Each day: find or build the reference, profile the day in
 * one pass, compare it with the reference and the previous day (drift), check its data quality;
 * then the performance of the days whose labels changed; then every table is written for all the
 * days at once and each day is recorded in {@code runs}. Reruns replace the days' rows; a failure
 * rolls back what was written and is recorded too.
 */
public final class NightlyJob {

  private static final Logger LOG = LogManager.getLogger(NightlyJob.class);
  public static final String VERSION = "0.1.0";

  private final SparkSession spark;
  private final JobSpec spec;
  private final Warehouse warehouse;
  private final String configFingerprint;
  private final DriftPolicy driftPolicy;
  private final QualityPolicy qualityPolicy;
  private final VolumePolicy volumePolicy;
  private final SchemaPolicy schemaPolicy = new SchemaPolicy();
  private final EmbeddingPolicy embeddingPolicy;
  private final EmbeddingReferenceStore embeddingStore;
  private final Trigger trigger;

  public NightlyJob(SparkSession spark, JobSpec spec) {
    this(spark, spec, System::getenv);
  }

  /** @param env where the trigger's credentials are read from (the process environment in production) */
  public NightlyJob(SparkSession spark, JobSpec spec, Function<String, String> env) {
    this.spark = spark;
    this.warehouse = new Warehouse(spark, spec.warehouse(), spec.database());
    this.spec = withRetrains(spec, warehouse);
    this.configFingerprint = new Fingerprint().add(spec).id();
    this.driftPolicy = DriftPolicy.of(spec);
    this.qualityPolicy = QualityPolicy.of(spec);
    this.volumePolicy = VolumePolicy.of(spec);
    this.embeddingPolicy = EmbeddingPolicy.of(spec);
    this.embeddingStore = new EmbeddingReferenceStore(spark.sessionState().newHadoopConf(),
        warehouse.root().toString());
    this.trigger = Triggers.of(spec.trigger(), env);
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /**
   * What a run did for one day: its findings as assessed, the alerts among them (drift, data
   * quality, volume and schema; emerging drift too) and its incidents, for the CLI's summary.
   */
  public record DayResult(LocalDate ds, String status, String referenceId, long rowsRead, long rowsWritten,
      List<Assessed<DriftFinding>> drift, List<Assessed<QualityFinding>> quality, List<Alert> alerts,
      List<Incident> incidents) {

    DayResult withIncidents(List<Incident> today, long rows) {
      return new DayResult(ds, status, referenceId, rowsRead, rowsWritten + rows, drift, quality, alerts, today);
    }
  }

  /**
   * What a run did: each day, the performance step (null without labels and latency), and each
   * day's retraining decision with what its trigger did.
   */
  public record RunResult(List<DayResult> days, PerformanceStep.Outcome performance, List<Decided> decisions) {}

  /** Builds (or rebuilds) the reference used by a run on {@code runDate} and writes it. */
  public ReferenceProfile buildReference(LocalDate runDate) {
    DateRange window = spec.reference().forRunDate(runDate);
    Run run = new Run("reference", PredictionLog.open(spark, spec));
    Map<String, Long> steps = run.stepsOf(window.end());
    try {
      ReferenceProfile ref = timed(steps, "reference", () -> build(run.log, window));
      List<Row> rows = ProfileRows.referenceRows(ref, spec.model(), run.id, Instant.now());
      long version = timed(steps, "write", () -> writeReference(run.write, ref, rows));
      run.record(window.end(), "succeeded", null, ref.referenceId(),
          Map.of(Table.REFERENCE_PROFILES.tableName(), version), ref.profile().rows(), rows.size(), null);
      return ref;
    } catch (Exception e) { // Spark, Delta and Hadoop also throw checked IOExceptions undeclared
      throw run.fail(window.end(), e);
    }
  }

  /**
   * Runs the given days in order. With {@code skipEmptyDays} (backfill) a day without rows is
   * recorded as skipped, unless no day has rows; otherwise it fails the run, since a missing
   * partition usually means the upstream job has not landed yet.
   */
  public RunResult run(DateRange days, String command, boolean skipEmptyDays) {
    return run(days, command, skipEmptyDays, true);
  }

  /**
   * Runs the given days in order, then decides each day's retraining; with {@code deliver} false
   * (a dry run) no trigger is sent.
   */
  public RunResult run(DateRange days, String command, boolean skipEmptyDays, boolean deliver) {
    checkOutsideReference(days);
    Run run = new Run(command, PredictionLog.openTolerating(spark, spec));
    // Before anything is written or recorded: a gap the stored reference does not explain is the config's error.
    run.checkSchemaGaps(days.start());
    if (spec.performance().enabled()) {
      // The labels' config errors too, rather than after every day was profiled.
      PerformanceStep.check(spark, spec, run.log);
    }
    LocalDate current = days.start();
    run.start(days);
    try {
      List<DayResult> results = new ArrayList<>();
      for (LocalDate ds = days.start(); !ds.isAfter(days.end()); ds = ds.plusDays(1)) {
        current = ds;
        results.add(run.day(ds, skipEmptyDays));
      }
      if (results.stream().allMatch(r -> r.status().equals("skipped"))) {
        // Some empty days are a gap upstream; a range with no rows at all is most likely a wrong range.
        throw new JobFailure("no rows for any day of " + days + " in " + run.log.describe() + " ("
            + dayColumnName() + "): check the range against the input's dates");
      }
      current = days.end();
      PerformanceStep.Outcome performance = !spec.performance().enabled() ? null
          : timed(run.stepsOf(days.end()), "performance", () -> new PerformanceStep(spark, spec, warehouse)
              .run(run.log, days, run.references.get(spec.reference().forRunDate(days.end()))));
      List<DayResult> assessed = run.incidents(results, performance);
      Map<String, Long> versions = run.writeAll(days, performance);
      List<Decided> decisions = timed(run.stepsOf(days.end()), "decide", () -> run.decide(days, deliver, versions));
      timed(run.stepsOf(days.end()), "lineage", () -> run.writeLineage(days, assessed, performance, decisions, versions));
      run.record(assessed.stream().map(r -> run.runsRow(r.ds(), r.status(),
          r.status().equals("skipped") ? "no rows for the day" : null, r.referenceId(), versions, r.rowsRead(),
          r.rowsWritten(), performance)).toList());
      registerInDatabase();
      return new RunResult(assessed, performance, decisions);
    } catch (Exception e) { // Spark, Delta and Hadoop also throw checked IOExceptions undeclared
      throw run.fail(current, e);
    }
  }

  /** The published days stay published when the metastore cannot be reached: that only costs the names. */
  private void registerInDatabase() {
    if (spec.database() == null) {
      return;
    }
    try {
      warehouse.register();
    } catch (Exception e) { // Spark throws undeclared checked exceptions
      LOG.warn("could not register the tables in database {}: {}", spec.database(), oneLine(e));
    }
  }

  /** A day compared with a reference that holds it is a bad argument: rejected before anything is read. */
  private void checkOutsideReference(DateRange days) {
    for (LocalDate ds = days.start(); !ds.isAfter(days.end()); ds = ds.plusDays(1)) {
      DateRange window = spec.reference().forRunDate(ds);
      if (window.contains(ds)) {
        throw new ConfigException("the reference window " + window + " contains the run date " + ds
            + ": run days after the reference (reference.from/to)");
      }
    }
  }

  /** The state of one invocation: its id, input, open write, references, output rows and timings. */
  private final class Run {
    final String id = UUID.randomUUID().toString();
    final String command;
    final Instant started = Instant.now();
    final PredictionLog log;
    final Warehouse.DayWrite write = warehouse.beginDayWrite(id, spec.model());
    final Map<DateRange, ReferenceProfile> references = new LinkedHashMap<>();
    final Map<String, EmbeddingReference> embeddingReferences = new LinkedHashMap<>();
    final List<ReferenceProfile> newReferences = new ArrayList<>();
    final Map<Table, List<Row>> output = new EnumMap<>(Table.class);
    final Map<LocalDate, Map<String, Long>> steps = new LinkedHashMap<>();
    /** The days of the run. */
    DateRange days;
    /** Days profiled ahead by a pass over many days, until their turn. */
    final Map<LocalDate, DayProfile> profiledAhead = new HashMap<>();
    /** The last day profiled and its reference, so a backfill compares consecutive days in memory. */
    Profile previous;
    String previousReference;
    DriftTrends trends;
    List<Row> performanceRows;
    /** Each day of predictions' performance alerts, as the incidents used them. */
    NavigableMap<LocalDate, List<Alert>> performanceAlerts = new TreeMap<>();

    Run(String command, PredictionLog log) {
      this.command = command;
      this.log = log;
    }

    Map<String, Long> stepsOf(LocalDate ds) {
      return steps.computeIfAbsent(ds, d -> new LinkedHashMap<>());
    }

    /** Profiles, compares and checks one day, keeping its rows for the write. */
    DayResult day(LocalDate ds, boolean skipEmptyDays) {
      Map<String, Long> steps = stepsOf(ds);
      ReferenceProfile ref = reference(ds, steps);
      EmbeddingReference embeddingRef = !spec.embedding().enabled() ? null
          : timed(steps, "embedding_reference", () -> embeddingReference(ref));
      DayProfile scanned = timed(steps, "profile", () -> profileOf(ds, ref, embeddingRef));
      Profile profile = scanned.profile();
      FindingRows rows = new FindingRows(spec.model(), ds, id);
      List<Assessed<VolumeFinding>> volume = TestFamily.adjusted(QualityFindings.volume(ref, profile),
          VolumeFinding::pValue, VolumeFinding::withPAdjusted, spec.pValueAdjustment()).stream()
          .map(volumePolicy::apply).toList();
      List<Row> volumeRows = volume.stream().map(rows::volume).toList();
      if (profile.rows() == 0) {
        String message = "no rows for " + ds + " in " + log.describe() + " (" + dayColumnName() + ")";
        if (!skipEmptyDays) {
          throw new JobFailure(message + ": the partition is missing or empty");
        }
        LOG.warn("skipping {}: {}", ds, message);
        previous = null;
        // A day without rows says nothing of its columns, only of its volume: that is all it records.
        add(Table.DATA_QUALITY, volumeRows);
        return new DayResult(ds, "skipped", ref.referenceId(), 0, volumeRows.size(), List.of(), List.of(),
            alerts(volume, Alert::ofVolume), List.of());
      }
      boolean yesterdayInMemory = previous != null && previousReference.equals(ref.referenceId());
      Map<Slice, SliceProfile> prior = yesterdayInMemory ? previous.slices()
          : timed(steps, "previous_day", () -> previousDay(log, ds, ref));
      List<Assessed<DriftFinding>> drift = timed(steps, "drift", () -> trends(ds).assess(ds,
          new DriftComparisons(spec, ref, driftPolicy).compare(ds, profile, prior).stream()
              .map(driftPolicy::apply).toList()));
      List<Assessed<QualityFinding>> quality = timed(steps, "quality", () -> {
        List<QualityFinding> findings = new ArrayList<>(QualityFindings.of(ref, profile));
        if (embeddingRef != null) {
          findings.addAll(QualityFindings.embedding(embeddingRef, scanned.embeddings(), spec.embedding().monitored()));
        }
        return QualityPolicy.withPValues(findings, spec.pValueAdjustment(), spec.minRows()).stream()
            .map(qualityPolicy::apply).toList();
      });
      List<Assessed<SchemaFinding>> schema = ref.inputSchema().isEmpty() ? List.of()
          : SchemaFinding.between(ref.inputSchema(), log.inputSchema(), log.monitoredInputColumns()).stream()
              .map(schemaPolicy::apply).toList();
      List<Assessed<EmbeddingFinding>> embedding = embeddingRef == null ? List.of()
          : timed(steps, "embedding", () -> embedding(embeddingRef, scanned.embeddings()));
      List<Row> embeddingRows = embedding.stream().map(a -> rows.embedding(a, ref.referenceId())).toList();
      List<Row> profileRows = ProfileRows.dayRows(profile, ref.referenceId(), spec.model(), ds, id);
      List<Row> driftRows = drift.stream().map(a -> rows.drift(a, ref.referenceId(), spec.smoothing())).toList();
      List<Row> qualityRows = new ArrayList<>(quality.stream().map(rows::quality).toList());
      qualityRows.addAll(volumeRows);
      schema.forEach(a -> qualityRows.add(rows.schema(a, profile.rows())));
      add(Table.FEATURE_PROFILES, profileRows);
      add(Table.DRIFT_METRICS, driftRows);
      add(Table.DATA_QUALITY, qualityRows);
      add(Table.EMBEDDING_DRIFT, embeddingRows);
      List<Alert> alerts = new ArrayList<>(alerts(drift, Alert::of));
      alerts.addAll(alerts(embedding, Alert::ofEmbedding));
      alerts.addAll(alerts(quality, Alert::ofQuality));
      alerts.addAll(alerts(volume, Alert::ofVolume));
      alerts.addAll(alerts(schema, Alert::ofSchema));
      LOG.info("{} {}: {} rows, {} slices x {} columns, {} drift rows ({} baseline alerts); step ms {}", command, ds,
          profile.rows(), profile.slices().size(), profile.columns().size(), drift.size(),
          drift.stream().filter(a -> a.severity().alerts()
              && a.finding().comparison() == DriftFinding.Comparison.BASELINE).count(), steps);
      previous = profile;
      previousReference = ref.referenceId();
      return new DayResult(ds, "succeeded", ref.referenceId(), profile.rows(),
          profileRows.size() + driftRows.size() + qualityRows.size() + embeddingRows.size(), drift, quality,
          List.copyOf(alerts), List.of());
    }

    /**
     * The embedding columns' reference: built once per run and reference, or read from the store
     * when an earlier run built it.
     */
    private EmbeddingReference embeddingReference(ReferenceProfile ref) {
      return embeddingReferences.computeIfAbsent(ref.referenceId(),
          r -> embeddingStore.getOrBuild(r, spec.embedding(), spec.bins(),
              () -> EmbeddingReference.build(spec.embedding(), log, ref.window(), ref.layout(), spec.bins())));
    }

    /** The day's embedding sketches against the reference's, assessed. */
    private List<Assessed<EmbeddingFinding>> embedding(EmbeddingReference reference, EmbeddingProfile day) {
      List<EmbeddingFinding> findings = EmbeddingComparisons.compare(reference, day, embeddingPolicy.warnLevel(),
          spec.smoothing(), spec.embedding().seed());
      return TestFamily.adjusted(findings, EmbeddingFinding::pValue, EmbeddingFinding::withPAdjusted,
          spec.pValueAdjustment()).stream().map(embeddingPolicy::apply).toList();
    }

    /** The alerts among a day's assessed findings (those that alert or are emerging). */
    private static <F> List<Alert> alerts(List<Assessed<F>> assessed, Function<Assessed<F>, Alert> alert) {
      return assessed.stream().map(alert).filter(Objects::nonNull).toList();
    }

    /** The drift trends, started from the stored days before the run's first day. */
    private DriftTrends trends(LocalDate ds) {
      if (trends == null) {
        int window = TrendPolicy.DEFAULT_WINDOW_DAYS;
        trends = new DriftTrends(TrendPolicy.of(spec), window, warehouse.read(Table.DRIFT_METRICS)
            .map(t -> TrendRows.read(t, spec.model(), ds.minusDays(window - 1L), ds.minusDays(1))).orElse(Map.of()));
      }
      return trends;
    }

    /**
     * Groups each day's alerts (drift, data quality, and the performance computed for that day)
     * into incidents, carrying open ones over from the previous day: the stored day before the
     * range, then each day of the range in order.
     */
    List<DayResult> incidents(List<DayResult> days, PerformanceStep.Outcome performance) {
      Incidents grouping = new Incidents(spec.model());
      List<Incident> previous = warehouse.read(Table.INCIDENTS)
          .map(t -> IncidentRows.read(t, spec.model(), days.get(0).ds().minusDays(1))).orElse(List.of());
      List<DayResult> out = new ArrayList<>();
      LocalDate first = days.get(0).ds();
      performanceAlerts = performanceAlerts(first, days.get(days.size() - 1).ds(), performance);
      for (DayResult day : days) {
        List<Incident> before = previous;
        List<Incident> today = timed(stepsOf(day.ds()), "incidents", () -> {
          if (!day.status().equals("succeeded")) {
            return grouping.withoutRows(day.ds(), day.alerts(), before);
          }
          List<Alert> alerts = new ArrayList<>(day.alerts());
          alerts.addAll(performanceAlerts.getOrDefault(day.ds(), List.of()));
          if (day.ds().equals(first)) {
            // The quality of the days before the run, which late labels may have changed, is
            // judged with its first day (their latency was known and judged on their own day).
            performanceAlerts.headMap(first).values().forEach(earlier -> earlier.stream()
                .filter(a -> a.kind() == Incident.Kind.PERFORMANCE).forEach(alerts::add));
          }
          return grouping.of(day.ds(), day.drift(), alerts, before);
        });
        add(Table.INCIDENTS, today.stream().map(i -> IncidentRows.of(spec.model(), day.ds(), id, i)).toList());
        out.add(day.withIncidents(today, today.size()));
        previous = today;
      }
      return out;
    }

    /**
     * The performance alerts of each day of predictions in the run's label window, made from
     * rows: those recomputed now and, for the days left alone, those stored. So a rerun that
     * recomputes nothing raises the same incidents.
     */
    private NavigableMap<LocalDate, List<Alert>> performanceAlerts(LocalDate first, LocalDate last,
        PerformanceStep.Outcome performance) {
      NavigableMap<LocalDate, List<Alert>> out = new TreeMap<>();
      if (performance == null) {
        return out;
      }
      List<Row> rows = new ArrayList<>(performanceRows(performance));
      int window = spec.performance().labels() == null ? 0 : spec.performance().labels().windowDays();
      List<LocalDate> leftAlone = new ArrayList<>();
      for (LocalDate d = first.minusDays(window); !d.isAfter(last); d = d.plusDays(1)) {
        if (!performance.recomputedDays().contains(d)) {
          leftAlone.add(d);
        }
      }
      if (!leftAlone.isEmpty()) {
        warehouse.read(Table.PERFORMANCE_METRICS).ifPresent(t -> rows.addAll(t.where(modelPredicate()
            .and(inDays(leftAlone)).and(col("severity").isin("warn", "critical"))).collectAsList()));
      }
      for (Row r : rows) {
        Alert a = PerformanceMetricsRows.alert(r);
        if (a != null) {
          out.computeIfAbsent(r.<java.sql.Date>getAs("ds").toLocalDate(), d -> new ArrayList<>()).add(a);
        }
      }
      return out;
    }

    /** The performance step's rows, made once for the incidents and the write. */
    List<Row> performanceRows(PerformanceStep.Outcome performance) {
      if (performanceRows == null) {
        performanceRows = new PerformanceMetricsRows(spec.model(), id).rows(performance.sliceDays());
      }
      return performanceRows;
    }

    /**
     * Day {@code ds}'s profile. The first day of a stretch of the run's days on the same reference
     * profiles the whole stretch in one pass over the input (as many days as
     * {@link #PASS_STATE_BYTES} holds), so a backfill reads its input once, not once a day.
     */
    private DayProfile profileOf(LocalDate ds, ReferenceProfile ref, EmbeddingReference embeddingRef) {
      DayProfile ahead = profiledAhead.remove(ds);
      if (ahead != null) {
        return ahead;
      }
      LocalDate last = ds;
      long perDay = stateBytes(ref, embeddingRef);
      while (last.isBefore(days.end()) && spec.reference().forRunDate(last.plusDays(1)).equals(ref.window())
          && (last.toEpochDay() - ds.toEpochDay() + 2) * perDay <= PASS_STATE_BYTES) {
        last = last.plusDays(1);
      }
      if (last.equals(ds)) {
        return profile(log, ds, ref, embeddingRef);
      }
      DateRange pass = new DateRange(ds, last);
      List<PairState<ProfileAccumulator, EmbeddingProfile>> byDay = Profile.scanDays(log, pass, ref.layout(),
          embeddingRef, spec.embedding());
      for (int d = 0; d < byDay.size(); d++) {
        profiledAhead.put(ds.plusDays(d), new DayProfile(Profile.of(byDay.get(d).first(), spec.profiledColumns()),
            embeddingRef == null ? null : byDay.get(d).second()));
      }
      LOG.info("profiled {} in one pass", pass);
      return profiledAhead.remove(ds);
    }

    private ReferenceProfile reference(LocalDate ds, Map<String, Long> steps) {
      DateRange window = spec.reference().forRunDate(ds);
      return references.computeIfAbsent(window, w -> timed(steps, "reference", () -> {
        ReferenceProfile ref = findReference(log, w).orElseGet(() -> {
          // A reference built now would hold the gaps: they are the config's errors.
          log.schemaGaps().values().stream().findFirst().ifPresent(e -> {
            throw e;
          });
          ReferenceProfile built = build(log, w);
          newReferences.add(built);
          return built;
        });
        acceptSchemaGaps(ref);
        return ref;
      }));
    }

    /** The schema gaps checked against the reference of {@code ds}, when one is stored (a reference built now has none). */
    void checkSchemaGaps(LocalDate ds) {
      if (log.schemaGaps().isEmpty()) {
        return;
      }
      DateRange window = spec.reference().forRunDate(ds);
      acceptSchemaGaps(findReference(log, window).orElseThrow(() -> log.schemaGaps().values().iterator().next()));
    }

    /**
     * A monitored column the input lacks, or has with a type its kind does not take, is a schema
     * change when the reference had it with another type: the day goes on without it (its schema
     * finding is critical). Otherwise it is the config's error, as {@link PredictionLog#open} says.
     */
    private void acceptSchemaGaps(ReferenceProfile ref) {
      log.schemaGaps().forEach((column, error) -> {
        String refType = typeOf(ref.inputSchema(), column);
        if (refType == null || refType.equals(typeOf(log.inputSchema(), column))) {
          throw error;
        }
        LOG.warn("{} was {} in the reference and is {} in the input: profiled as {}", column, refType,
            Objects.requireNonNullElse(typeOf(log.inputSchema(), column), "missing"), "nulls or cast to its kind");
      });
    }

    private void add(Table table, List<Row> rows) {
      output.computeIfAbsent(table, t -> new ArrayList<>()).addAll(rows);
    }

    /** Writes every table for the days at once; returns each table's new Delta version. */
    Map<String, Long> writeAll(DateRange days, PerformanceStep.Outcome performance) {
      Map<String, Long> versions = new LinkedHashMap<>();
      long writeStart = System.nanoTime();
      for (ReferenceProfile ref : newReferences) {
        versions.put(Table.REFERENCE_PROFILES.tableName(),
            writeReference(write, ref, ProfileRows.referenceRows(ref, spec.model(), id, Instant.now())));
      }
      // Once a day was profiled every day table exists, even empty (a day without incidents), so
      // warehouse queries over it work from the first run.
      boolean anyDay = !output.getOrDefault(Table.FEATURE_PROFILES, List.of()).isEmpty();
      for (Table table : List.of(Table.FEATURE_PROFILES, Table.DRIFT_METRICS, Table.EMBEDDING_DRIFT, Table.DATA_QUALITY,
          Table.INCIDENTS)) {
        List<Row> rows = output.getOrDefault(table, List.of());
        boolean written = table != Table.EMBEDDING_DRIFT || spec.embedding().enabled();
        if (!warehouse.exists(table) && !(anyDay && written)) {
          continue;
        }
        versions.put(table.tableName(), write.stage(table, warehouse.frame(rows, table), days.dates()));
      }
      if (performance != null && !performance.recomputedDays().isEmpty()) {
        // Only the days whose labels changed: the others keep their rows and run ids.
        versions.put(Table.PERFORMANCE_METRICS.tableName(), write.stage(Table.PERFORMANCE_METRICS,
            warehouse.frame(performanceRows(performance), Table.PERFORMANCE_METRICS),
            performance.recomputedDays()));
      }
      long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;
      LOG.info("{} {}: wrote {} rows to {} in {} ms", command, days, output.values().stream().mapToInt(List::size).sum(),
          versions.keySet(), writeMillis);
      steps.values().forEach(s -> s.put("write", writeMillis));
      return versions;
    }

    /** Writes each day's lineage graph, in the same write as the day's other tables. */
    long writeLineage(DateRange days, List<DayResult> results, PerformanceStep.Outcome performance,
        List<Decided> decisions, Map<String, Long> versions) {
      List<Row> rows = new ArrayList<>();
      for (DayResult r : results) {
        Decided decided = decisions.stream().filter(d -> d.ds().equals(r.ds())).findFirst().orElse(null);
        rows.addAll(LineageRows.of(spec.model(), r.ds(), id,
            lineage(r, results.get(0).ds(), performance, decided).graph()));
      }
      long version = write.stage(Table.LINEAGE, warehouse.frame(rows, Table.LINEAGE), days.dates());
      versions.put(Table.LINEAGE.tableName(), version);
      return version;
    }

    /**
     * A day's lineage from what the run read and computed for it. The run's first day's incidents
     * also judge the earlier days of the label window, so their performance is in its graph.
     */
    private DayLineage lineage(DayResult r, LocalDate first, PerformanceStep.Outcome performance, Decided decided) {
      DayLineage day = new DayLineage(r.ds(), configFingerprint, CodeVersion.current())
          .input(log.describe(), log.version())
          .reference(r.referenceId(), spec.reference().forRunDate(r.ds()).toString())
          .profile()
          .drift(alertLines(r.alerts(), Incident.Kind.FEATURE_DRIFT, Incident.Kind.PREDICTION_DRIFT))
          .quality(alertLines(r.alerts(), Incident.Kind.DATA_QUALITY));
      if (performance != null) {
        String labels = spec.performance().labels() == null ? "no label input (latency only)"
            : spec.performance().labels().describe() + " @ " + performance.labelsVersion();
        performance.labelFingerprints().forEach((d, fingerprint) -> {
          if (d.equals(r.ds()) || (r.ds().equals(first) && d.isBefore(first))) {
            day.performance(d, labels, fingerprint, performance.referenceFingerprint(),
                alertLines(performanceAlerts.getOrDefault(d, List.of())));
          }
        });
      }
      for (Incident i : r.incidents()) {
        day.incident(i.id(), i.kind(), i.kind().key() + " " + i.subject() + " in " + i.slice().key() + "="
            + i.slice().value() + ": " + i.severity().key() + " (" + i.status().key() + ")", i.evidence(),
            List.of(String.join("|", i.id(), i.status().key(), i.severity().key(), String.valueOf(i.alertCount()),
                String.join(",", i.evidence()))));
      }
      return decided == null ? day : withDecision(day, decided);
    }

    private static List<String> alertLines(List<Alert> alerts, Incident.Kind... kinds) {
      List<Incident.Kind> wanted = List.of(kinds);
      return alerts.stream().filter(a -> wanted.isEmpty() || wanted.contains(a.kind())).map(Alert::toString).toList();
    }

    /** Decides each day's retraining from the tables just written, triggers, and writes {@code retrain_decisions}. */
    List<Decided> decide(DateRange days, boolean deliver, Map<String, Long> versions) {
      return writeDecisions(write, id, decisionStep().decide(days, deliver), versions);
    }

    void record(LocalDate ds, String status, String error, String referenceId, Map<String, Long> versions,
        long rowsRead, long rowsWritten, PerformanceStep.Outcome performance) {
      record(List.of(runsRow(ds, status, error, referenceId, versions, rowsRead, rowsWritten, performance)));
    }

    /**
     * Removes what killed runs of the model left, then records this run as running on its days,
     * before anything else is written.
     */
    void start(DateRange days) {
      this.days = days;
      runsWrite(() -> {
        warehouse.repairInterrupted(spec.model(), id);
        write.start(days.dates().stream().map(ds -> runsRow(ds, "running", null, null, Map.of(), 0, 0, null)).toList());
      });
    }

    /** One day's {@code runs} row. */
    Row runsRow(LocalDate ds, String status, String error, String referenceId, Map<String, Long> versions,
        long rowsRead, long rowsWritten, PerformanceStep.Outcome performance) {
      Map<String, String> inputs = new LinkedHashMap<>();
      if (log != null) {
        inputs.put("predictions", log.describe() + " @ " + log.version());
      }
      if (performance != null && performance.labelsVersion() != null) {
        inputs.put("labels", spec.performance().labels().describe() + " @ " + performance.labelsVersion());
      }
      RunRecord record = new RunRecord(command, ds, id, status, error, referenceId, inputs, versions, rowsRead,
          rowsWritten, stepsOf(ds), started, status.equals("running") ? null : Instant.now(),
          performance == null ? null : performance.findings().get(ds));
      return RunRows.of(spec.model(), record, configFingerprint, VERSION, spark.version());
    }

    /**
     * Publishes the run: the days' final {@code runs} rows, in one commit. A run that cannot be
     * recorded fails and is removed: its rows in the other tables would name a run that does not exist.
     */
    void record(List<Row> rows) {
      runsWrite(() -> write.publish(rows));
    }

    private void runsWrite(Runnable write) {
      try {
        write.run();
      } catch (Exception e) { // Spark, Delta and Hadoop also throw checked IOExceptions undeclared
        throw new JobFailure("could not record run " + id + " in the runs table at "
            + warehouse.path(Table.RUNS) + ": " + failure(e).getMessage());
      }
    }

    /**
     * Removes what the run wrote and returns the exception to throw; a job failure is recorded in
     * {@code runs}, a config error is not (exit 2 promises nothing was written).
     */
    RuntimeException fail(LocalDate ds, Exception e) {
      if (e instanceof ConfigException c) {
        try {
          write.abort(List.of());
        } catch (Exception unrecorded) { // Spark and Delta throw undeclared checked exceptions
          c.addSuppressed(unrecorded);
        }
        return c;
      }
      JobFailure failure = failure(e);
      try {
        runsWrite(() -> write.abort(List.of(runsRow(ds, "failed", failure.getMessage(), null, Map.of(), 0, 0, null))));
      } catch (JobFailure unrecorded) {
        // The failure being reported matters more than the failure to record it.
        LOG.error(unrecorded.getMessage());
        failure.addSuppressed(unrecorded);
      }
      return failure;
    }
  }

  /**
   * Decides the retraining of the given days again from the stored tables, without reading the
   * log, and replaces their {@code retrain_decisions} rows: a policy change replayed over past
   * days. Sends nothing (a day already sent keeps its delivery).
   */
  public List<Decided> decide(DateRange days) {
    Run run = new Run("decide", null);
    run.start(days);
    try {
      Map<String, Long> versions = new LinkedHashMap<>();
      List<Decided> decided = writeDecisions(run.write, run.id, decisionStep().decide(days, false), versions);
      versions.put(Table.LINEAGE.tableName(), redecideLineage(run.write, run.id, decided));
      run.record(days.dates().stream()
          .map(ds -> run.runsRow(ds, "succeeded", null, null, versions, 0, 0, null)).toList());
      return decided;
    } catch (Exception e) { // Spark and Delta throw undeclared checked exceptions
      throw run.fail(days.end(), e);
    }
  }

  /**
   * Records that the model was retrained and took over on {@code ds} ({@code retrain_events}):
   * cooldown and data sufficiency count from it. Recording the same day again replaces it.
   */
  public void recordRetrain(LocalDate ds, String modelVersion) {
    String runId = UUID.randomUUID().toString();
    Warehouse.DayWrite write = warehouse.beginDayWrite(runId, spec.model());
    Row row = dev.driftline.jobs.tables.RowBuilder.of(Table.RETRAIN_EVENTS).set("model", spec.model()).set("ds", ds)
        .set("run_id", runId).set("model_version", modelVersion).set("recorded_at", Instant.now()).build();
    try {
      write.replace(Table.RETRAIN_EVENTS, warehouse.frame(List.of(row), Table.RETRAIN_EVENTS),
          modelPredicate().and(col("ds").equalTo(lit(Date.valueOf(ds)))));
    } catch (Exception e) { // Spark and Delta throw undeclared checked exceptions
      write.rollback();
      throw failure(e);
    }
  }

  private DecisionStep decisionStep() {
    return new DecisionStep(spec, warehouse, trigger, spec.trigger().kind().key());
  }

  private static DayLineage withDecision(DayLineage day, Decided decided) {
    day.decision(decided.decision().decision().key(), decided.policyFingerprint(),
        List.of(decided.decision().toString()));
    if (decided.trigger() != null) {
      day.trigger(decided.triggerKind(), decided.idempotencyKey(), DecisionRows.payload(decided));
    }
    return day;
  }

  /**
   * {@code decide} replaced the days' decisions: each stored day graph gets the new decision and
   * trigger nodes, so lineage never describes a decision the table no longer holds.
   */
  private long redecideLineage(Warehouse.DayWrite write, String runId, List<Decided> decided) {
    List<Row> rows = new ArrayList<>();
    List<LocalDate> days = new ArrayList<>();
    for (Decided d : decided) {
      LineageRows.read(warehouse, spec.model(), d.ds()).ifPresent(stored -> {
        DayLineage day = DayLineage.beforeDecision(stored, d.ds(), configFingerprint, CodeVersion.current());
        rows.addAll(LineageRows.of(spec.model(), d.ds(), runId, withDecision(day, d).graph()));
        days.add(d.ds());
      });
    }
    return days.isEmpty() ? -1 : write.stage(Table.LINEAGE, warehouse.frame(rows, Table.LINEAGE), days);
  }

  private List<Decided> writeDecisions(Warehouse.DayWrite write, String runId, DecisionStep.Outcome decided,
      Map<String, Long> versions) {
    versions.put(Table.RETRAIN_DECISIONS.tableName(), write.stage(Table.RETRAIN_DECISIONS,
        warehouse.frame(decided.rows(runId, Instant.now()), Table.RETRAIN_DECISIONS),
        decided.daysWritten()));
    return decided.days();
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

  private Optional<ReferenceProfile> findReference(PredictionLog log, DateRange window) {
    String fingerprint = ReferenceBuilder.specFingerprint(spec, log, window);
    return warehouse.read(Table.REFERENCE_PROFILES).flatMap(t -> ProfileRows.readReference(t, spec.model(),
        fingerprint, window, spec.profiledColumns(), spec.sliceDimensions().stream().map(s -> s.name()).toList()));
  }

  private long writeReference(Warehouse.DayWrite write, ReferenceProfile ref, List<Row> rows) {
    Column predicate = modelPredicate().and(col("ds").equalTo(lit(Date.valueOf(ref.window().end()))))
        .and(col("spec_fingerprint").equalTo(lit(ref.specFingerprint())));
    return write.replace(Table.REFERENCE_PROFILES, warehouse.frame(rows, Table.REFERENCE_PROFILES), predicate);
  }

  /** A day's histograms and, when embeddings are monitored, its embedding sketches (else null). */
  private record DayProfile(Profile profile, EmbeddingProfile embeddings) {}

  /**
   * At most this many bytes of day states in one pass over many days: a partition holding rows of
   * every day of the pass holds them all, and the driver merges up to the fan-in (32) such
   * states, 512 MB. At the benchmark's shape (2.6 MB a day) a pass takes 6 days, on the flights
   * example (160 KB) 100.
   */
  static final long PASS_STATE_BYTES = 16L << 20;

  /**
   * The size of one day's state: the profile's arrays are allocated in full from the start (their
   * serialized size), the embedding sketches' samples grow up to their size.
   */
  private long stateBytes(ReferenceProfile ref, EmbeddingReference embeddings) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new ProfileAccumulator(ref.layout()));
      if (embeddings != null) {
        out.writeObject(new EmbeddingProfile(ref.layout(), embeddings.layouts(), 0, 0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long samples = embeddings == null ? 0 : embeddings.layouts().stream()
        .mapToLong(l -> (long) spec.embedding().sampleRows() * (l.dim() + 2) * Double.BYTES).sum();
    return bytes.size() + samples * ref.layout().groupCount();
  }

  /** The day profiled on the reference's bins; its embeddings sketched in the same pass. */
  private DayProfile profile(PredictionLog log, LocalDate ds, ReferenceProfile ref, EmbeddingReference embeddings) {
    DateRange day = new DateRange(ds, ds);
    if (embeddings == null) {
      return new DayProfile(Profile.scan(log, day, ref.layout(), spec.profiledColumns()), null);
    }
    PairState<ProfileAccumulator, EmbeddingProfile> both = Profile.scanWithEmbeddings(log, day, ref.layout(),
        embeddings, spec.embedding());
    return new DayProfile(Profile.of(both.first(), spec.profiledColumns()), both.second());
  }

  /**
   * The previous day on the same bins: its stored profile when it used the same reference,
   * otherwise its input rows profiled on today's bins: the reference rolled, or the previous day
   * was not run yet (a later day run first, a reverse backfill, days run side by side), so a day's
   * CONSECUTIVE rows are the same whatever order the days run in. Null when the input has no
   * rows for the previous day.
   */
  private Map<Slice, SliceProfile> previousDay(PredictionLog log, LocalDate ds, ReferenceProfile ref) {
    LocalDate yesterday = ds.minusDays(1);
    List<Row> stored = warehouse.read(Table.FEATURE_PROFILES)
        .map(t -> t.where(col("model").equalTo(lit(spec.model()))
            .and(col("ds").equalTo(lit(java.sql.Date.valueOf(yesterday))))).collectAsList())
        .orElse(List.of());
    if (!stored.isEmpty() && stored.stream().allMatch(r -> ref.referenceId().equals(r.getAs("reference_id")))) {
      return ProfileRows.readDay(stored, spec.profiledColumns());
    }
    Profile fromLog = profile(log, yesterday, ref, null).profile();
    return fromLog.rows() == 0 ? null : fromLog.slices();
  }

  /**
   * The spec whose reference knows the recorded retrains, when the reference moves to a retrained
   * model's first days ({@code retraining.reference_days_after_retrain}).
   */
  private static JobSpec withRetrains(JobSpec spec, Warehouse warehouse) {
    if (spec.reference().daysAfterRetrain() == 0) {
      return spec;
    }
    List<LocalDate> retrains = warehouse.read(Table.RETRAIN_EVENTS).map(t -> t.where(col("model").equalTo(lit(spec.model())))
        .select("ds").collectAsList().stream().map(r -> r.<java.sql.Date>getAs(0).toLocalDate()).toList())
        .orElse(List.of());
    return spec.toBuilder().reference(spec.reference().afterRetrains(spec.reference().daysAfterRetrain(), retrains))
        .build();
  }

  /** A column's type in a schema, its name compared without case as Spark resolves names; null when absent. */
  private static String typeOf(Map<String, String> schema, String column) {
    return schema.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(column)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  private Column modelPredicate() {
    return col("model").equalTo(lit(spec.model()));
  }

  private static Column inDays(List<LocalDate> days) {
    return col("ds").isin(days.stream().map(Date::valueOf).toArray());
  }

  private String dayColumnName() {
    return spec.input().dateColumn() != null ? "date column " + spec.input().dateColumn()
        : "timestamp column " + spec.input().timestampColumn() + " in " + spec.input().timeZone();
  }

  private static <T> T timed(Map<String, Long> steps, String step, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      steps.merge(step, (System.nanoTime() - start) / 1_000_000, Long::sum);
    }
  }

  /**
   * The failure to report for an exception, as one line: a {@link JobFailure} as it is, a table
   * whose Delta log cannot be read by its table and commit, anything else by {@link #oneLine}.
   */
  private JobFailure failure(Exception e) {
    return e instanceof JobFailure f ? f : new JobFailure(warehouse.corruptLog(e).orElseGet(() -> oneLine(e)), e);
  }

  /**
   * The message of a failure on one line: a {@link JobFailure}'s own (it is already that line), a
   * Parquet file whose column has another type than the input's by its file, day and types,
   * otherwise the innermost useful message.
   */
  public static String oneLine(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JobFailure && t.getMessage() != null) {
        return clip(t.getMessage());
      }
    }
    Optional<String> parquetTypes = ParquetFileTypes.describe(e);
    if (parquetTypes.isPresent()) {
      return clip(parquetTypes.get());
    }
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return clip(message == null ? e.getClass().getSimpleName() : message);
  }

  private static String clip(String message) {
    String line = message.strip().replaceAll("\\s*\\n\\s*", " ");
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
