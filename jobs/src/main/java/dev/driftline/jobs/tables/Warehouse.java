package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.delta.exceptions.DeltaConcurrentModificationException;
import dev.driftline.jobs.io.DeltaVersion;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta tables under the warehouse root, and the only place that writes them. A day is
 * written through a {@link DayWrite}: each table's rows for the day replace the old ones in one
 * Delta transaction ({@code replaceWhere}), and if a later table fails, the tables already written
 * get their old rows for the day back, so a failed run leaves no partial day.
 */
public final class Warehouse {

  private static final Logger LOG = LogManager.getLogger(Warehouse.class);
  private static final int WRITE_ATTEMPTS = 4;
  /** The owner of a model's day of a table ({@link #owners}). */
  private static final StructType OWNER = new StructType().add("model", DataTypes.StringType)
      .add("ds", DataTypes.DateType).add("run_id", DataTypes.StringType);

  /** The tables' own session ({@link TableSession}); the caller's gets the registered views. */
  private final SparkSession spark;
  private final SparkSession caller;
  private final Path root;
  private final String database;
  /** Tables seen to exist: a table, once written, stays (the check costs a read of its Delta log). */
  private final Set<Table> existing = ConcurrentHashMap.newKeySet();
  /** The write whose staged rows this warehouse's reads include (a run reads back what it wrote). */
  private DayWrite open;
  /** The owners of the published rows at the latest {@code runs} version read. */
  private volatile Owners owners;

  public Warehouse(SparkSession spark, String root, String database) {
    this.caller = spark;
    this.spark = TableSession.of(spark);
    this.root = Paths.get(root).toAbsolutePath().normalize();
    this.database = database;
  }

  public Path root() {
    return root;
  }

  public String path(Table table) {
    return root.resolve(table.tableName()).toString();
  }

  public boolean exists(Table table) {
    if (existing.contains(table)) {
      return true;
    }
    boolean exists = DeltaTable.isDeltaTable(spark, path(table));
    if (exists) {
      existing.add(table);
    }
    return exists;
  }

  /**
   * The table's rows as readers should see them, or empty when it was never written. For a table
   * a run publishes, only published rows ({@link #publishedSql}), and the rows the open write has
   * staged in place of the published ones of their days: a run reads back what it wrote.
   */
  public Optional<Dataset<Row>> read(Table table) {
    Optional<Dataset<Row>> all = readAll(table);
    if (all.isEmpty() || !Table.PUBLISHED_BY_RUNS.contains(table)) {
      return all;
    }
    if (!exists(Table.RUNS)) {
      return Optional.of(all.get().limit(0));
    }
    Dataset<Row> published = all.get().join(owners(table),
        scala.collection.JavaConverters.asScalaBuffer(List.of("model", "ds", "run_id")).toSeq(), "left_semi");
    return Optional.of(open == null ? published : open.withStaged(table, published, all.get()));
  }

  /**
   * The run that owns each model's day of {@code table} ({@link #ownersSql}): (model, ds, run_id).
   * The owners of every table are collected to the driver, again only when {@code runs} has a new
   * version, so a read joins a small local relation instead of aggregating {@code runs} in Spark
   * jobs of its own.
   */
  private Dataset<Row> owners(Table table) {
    long version = DeltaVersion.latest(spark, path(Table.RUNS));
    Owners cached = owners;
    if (cached == null || cached.runsVersion() != version) {
      Map<String, List<Row>> byTable = new HashMap<>();
      spark.sql(ownersSql("delta." + quote(path(Table.RUNS)) + " VERSION AS OF " + version)).collectAsList()
          .forEach(r -> byTable.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
              .add(RowFactory.create(r.get(0), r.get(2), r.get(3))));
      cached = new Owners(version, byTable);
      owners = cached;
    }
    return spark.createDataFrame(cached.byTable().getOrDefault(table.tableName(), List.of()), OWNER);
  }

  private record Owners(long runsVersion, Map<String, List<Row>> byTable) {}

  /** Rows built on the driver as a frame to write to {@code table}, in the tables' session. */
  public Dataset<Row> frame(List<Row> rows, Table table) {
    return TableFrames.of(spark, rows, table.schema());
  }

  /** Every stored row of the table, published or not, or empty when it was never written. */
  public Optional<Dataset<Row>> readAll(Table table) {
    return exists(table) ? Optional.of(spark.read().format("delta").load(path(table))) : Optional.empty();
  }

  /**
   * The one line to report for a failure that a table whose Delta log cannot be read caused: its
   * table, commit and what to do (Delta's own message is the raw JSON of the commit). Empty for
   * other failures; the logs are read only after a failure that may be one.
   */
  public Optional<String> corruptLog(Throwable failure) {
    if (!DeltaLogCheck.mayBeCorruptLog(failure)) {
      return Optional.empty();
    }
    Configuration conf = spark.sessionState().newHadoopConf();
    for (Table table : Table.values()) {
      Optional<DeltaLogCheck.CorruptCommit> corrupt = DeltaLogCheck.find(conf, table.tableName(), path(table));
      if (corrupt.isPresent()) {
        return Optional.of(corrupt.get().message());
      }
    }
    return Optional.empty();
  }

  /**
   * What is wrong with the stored tables of a model, a line each: a commit of a table's log that
   * cannot be read (an empty one too, which Delta reads as a commit that changed nothing), and rows
   * of a run that no {@code runs} row records: the published views hide them, as the commit that
   * published them was lost. Empty when every table is sound or none was written.
   */
  public List<String> problems(String model) {
    List<String> problems = new ArrayList<>();
    Configuration conf = spark.sessionState().newHadoopConf();
    for (Table table : Table.values()) {
      DeltaLogCheck.find(conf, table.tableName(), path(table)).ifPresent(c -> problems.add(c.message()));
    }
    if (!problems.isEmpty()) {
      return problems; // the tables' rows cannot be trusted before their logs are
    }
    Dataset<Row> recorded = readAll(Table.RUNS).map(t -> t.where(col("model").equalTo(lit(model))).select("run_id"))
        .orElseGet(() -> spark.createDataFrame(List.of(), Table.RUNS.schema()).select("run_id"));
    Map<String, Set<String>> tables = new TreeMap<>();
    Map<String, Set<LocalDate>> days = new HashMap<>();
    for (Table table : Table.PUBLISHED_BY_RUNS) {
      readAll(table).ifPresent(t -> t.where(col("model").equalTo(lit(model))).select("run_id", "ds").distinct()
          .join(recorded.distinct(), t.col("run_id").equalTo(recorded.col("run_id")), "left_anti")
          .collectAsList().forEach(r -> {
            tables.computeIfAbsent(r.getString(0), id -> new TreeSet<>()).add(table.tableName());
            days.computeIfAbsent(r.getString(0), id -> new TreeSet<>()).add(r.getDate(1).toLocalDate());
          }));
    }
    tables.forEach((runId, names) -> problems.add("run " + runId + " of " + model + " has rows in "
        + String.join(", ", names) + " for " + days.get(runId) + " but no row in runs (the commit that recorded it"
        + " is lost): the published views hide them; rerun those days to replace them"));
    return problems;
  }

  public Optional<Long> version(Table table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(DeltaVersion.latest(spark, path(table)));
  }

  /**
   * Creates the table from its schema the first time, so Delta stores the NOT NULL constraints,
   * the column comments and the table's description, and a reader sees the contract even before
   * any row exists.
   */
  private void ensureCreated(Table table) {
    if (!exists(table)) {
      DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(table.schema())
          .partitionedBy("ds").comment(table.comment()).execute();
    }
  }

  /**
   * Makes every table visible under its name, as temp views and in the metastore database if
   * configured, and each table a run publishes also as {@code <table>_published}: only the rows of
   * runs that succeeded, what readers should query.
   */
  public List<String> register() {
    List<String> registered = new ArrayList<>();
    if (database != null) {
      caller.sql("CREATE DATABASE IF NOT EXISTS " + quote(database));
    }
    for (Table table : Table.values()) {
      if (!exists(table)) {
        continue;
      }
      // In the caller's session, whose queries name them.
      caller.read().format("delta").load(path(table)).createOrReplaceTempView(table.tableName());
      if (database != null) {
        caller.sql("CREATE TABLE IF NOT EXISTS " + quote(database) + "." + quote(table.tableName())
            + " USING DELTA LOCATION '" + path(table).replace("\\", "\\\\").replace("'", "\\'") + "'");
      }
      registered.add(table.tableName());
    }
    if (registered.contains(Table.RUNS.tableName())) {
      for (Table table : Table.PUBLISHED_BY_RUNS) {
        if (registered.contains(table.tableName())) {
          caller.sql(publishedSql(table, table.tableName(), Table.RUNS.tableName()))
              .createOrReplaceTempView(table.publishedName());
          if (database != null) {
            caller.sql("CREATE OR REPLACE VIEW " + quote(database) + "." + quote(table.publishedName()) + " AS "
                + publishedSql(table, quote(database) + "." + quote(table.tableName()),
                    quote(database) + "." + quote(Table.RUNS.tableName())));
          }
          registered.add(table.publishedName());
        }
      }
    }
    return registered;
  }

  /**
   * The published rows of a table a run publishes, as SQL over the table and {@code runs}: for each
   * model and day, the rows of the latest succeeded run that replaced the table's rows of that day.
   * Rows of a run still writing, killed or failed never show, nor those it superseded.
   */
  public static String publishedSql(Table table, String tableRef, String runsRef) {
    return "SELECT t.* FROM " + tableRef + " t LEFT SEMI JOIN (" + ownersSql(runsRef) + ") owner"
        + " ON owner.table_name = '" + table.tableName() + "' AND t.model = owner.model AND t.ds = owner.ds"
        + " AND t.run_id = owner.run_id";
  }

  /** Per model, table and day, the latest succeeded run that replaced its rows: (model, table_name, ds, run_id). */
  private static String ownersSql(String runsRef) {
    return "SELECT model, r.table_name AS table_name, r.ds AS ds, max_by(run_id, finished_at) AS run_id FROM ("
        + "SELECT model, run_id, finished_at, explode(replaced) AS r FROM " + runsRef
        + " WHERE status IN ('succeeded', 'skipped')) GROUP BY model, r.table_name, r.ds";
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /**
   * The SQL text of a predicate, for Delta's {@code replaceWhere}, which only takes text. Spark
   * writes the literals, so any value (quotes, backslashes, any script) reads back as itself;
   * text put together by hand did not (a model named o'brien became obrien).
   */
  static String sql(Column predicate) {
    return predicate.expr().sql();
  }

  /** A new write of one run of {@code model}: what it stages, publishes or removes. */
  public DayWrite beginDayWrite(String runId, String model) {
    return new DayWrite(runId, model);
  }

  private <T> T withRetry(Table table, Supplier<T> write) {
    for (int attempt = 1; ; attempt++) {
      try {
        return write.get();
      } catch (DeltaConcurrentModificationException e) {
        if (attempt == WRITE_ATTEMPTS) {
          throw e;
        }
        LOG.warn("concurrent commit on {} ({}); retrying write {} of {}", table.tableName(),
            e.getClass().getSimpleName(), attempt + 1, WRITE_ATTEMPTS);
        try {
          Thread.sleep(200L << attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** Overwrites the rows matching {@code predicate} with {@code rows}, which must all match it: one commit. */
  private long overwrite(Table table, Dataset<Row> rows, Column predicate, String userMetadata) {
    return write(table, rows, Optional.of(predicate), userMetadata);
  }

  /**
   * Adds {@code rows} in one commit, replacing the rows matching {@code replaceWhere} if given. An
   * append skips the search for matching files, a Spark job on every write.
   */
  private long write(Table table, Dataset<Row> rows, Optional<Column> replaceWhere, String userMetadata) {
    ensureCreated(table);
    return withRetry(table, () -> {
      DataFrameWriter<Row> writer = rows.write().format("delta").partitionBy("ds")
          // Columns added by a newer Driftline join the table instead of failing the write.
          .option("mergeSchema", "true")
          .option("userMetadata", userMetadata);
      replaceWhere.ifPresentOrElse(p -> writer.mode("overwrite").option("replaceWhere", sql(p)),
          () -> writer.mode("append"));
      writer.save(path(table));
      long version = version(table).orElseThrow();
      LOG.info("committed {} version {} ({})", table.tableName(), version, userMetadata);
      return version;
    });
  }

  private void delete(Table table, Column predicate) {
    withRetry(table, () -> {
      DeltaTable.forPath(spark, path(table)).delete(predicate);
      return null;
    });
  }

  private Column runPredicate(String model, String runId) {
    return col("model").equalTo(lit(model)).and(col("run_id").equalTo(lit(runId)));
  }

  /**
   * Removes what runs of {@code model} that were killed left behind: a {@code running} row in
   * {@code runs} whose process is gone ({@link RunProcess}). Their rows never showed in the
   * published views; they are deleted from the tables they committed to ({@link RunCommits}), and
   * their {@code runs} rows become {@code interrupted}.
   * Returns their run ids.
   */
  public List<String> repairInterrupted(String model, String byRunId) {
    if (!exists(Table.RUNS)) {
      return List.of();
    }
    Instant now = Instant.now();
    List<String> repaired = new ArrayList<>();
    for (Row run : readAll(Table.RUNS).orElseThrow()
        .where(col("model").equalTo(lit(model)).and(col("status").equalTo(lit("running"))))
        .groupBy("run_id").agg(functions.first("process").as("process"), functions.min("started_at").as("started_at"))
        .collectAsList()) {
      String runId = run.getAs("run_id");
      String process = run.getAs("process");
      Instant startedAt = run.<java.sql.Timestamp>getAs("started_at").toInstant();
      if (!RunProcess.isGone(process, startedAt, now)) {
        continue;
      }
      Configuration conf = spark.sessionState().newHadoopConf();
      Map<Table, Runnable> deletes = new EnumMap<>(Table.class);
      for (Table table : Table.PUBLISHED_BY_RUNS) {
        if (exists(table) && RunCommits.any(conf, path(table), runId, startedAt)) {
          deletes.put(table, () -> delete(table, runPredicate(model, runId)));
        }
      }
      OnEachTable.run(deletes);
      String error = "stopped before it finished (process " + process + " is gone); run " + byRunId
          + " removed the rows it had written";
      Dataset<Row> rows = readAll(Table.RUNS).orElseThrow().where(runPredicate(model, runId))
          .withColumn("status", lit("interrupted")).withColumn("error", lit(error))
          .withColumn("finished_at", lit(java.sql.Timestamp.from(now)));
      overwrite(Table.RUNS, rows.localCheckpoint(), runPredicate(model, runId), byRunId + " repair");
      LOG.warn("run {} of {} {}", runId, model, error);
      repaired.add(runId);
    }
    return repaired;
  }

  /**
   * The writes of one run. Tables a run publishes ({@link Table#PUBLISHED_BY_RUNS}) get the run's
   * rows next to the published ones ({@link #stage}); its {@code runs} rows then publish them all in
   * one commit ({@link #publish}), and the rows they superseded are removed. Readers of the
   * published views thus see a day's tables all from one run, whenever the process stops. The
   * other tables are replaced in one commit each ({@link #replace}), undone if the run fails.
   */
  public final class DayWrite {

    private final String runId;
    private final String model;
    /** The days of each table this run staged rows for. */
    private final Map<Table, Set<LocalDate>> staged = new EnumMap<>(Table.class);
    private final List<Written> written = new ArrayList<>();

    private record Written(Table table, Column predicate, Optional<Long> versionBefore) {}

    private DayWrite(String runId, String model) {
      this.runId = runId;
      this.model = model;
    }

    /**
     * Records the run in {@code runs} as {@code running}, with its process, before anything else is
     * written: if the process is killed, the next run finds out and removes what it left.
     */
    public void start(List<Row> runningRows) {
      // A new run id: nothing of it to replace yet.
      write(Table.RUNS, spark.createDataFrame(runningRows, Table.RUNS.schema()), Optional.empty(), runId);
      open = this;
    }

    /**
     * Adds the run's rows of {@code days} to a table it publishes; readers of the published view see
     * them once {@link #publish} commits. Returns the table's new version.
     */
    public long stage(Table table, Dataset<Row> rows, Collection<LocalDate> days) {
      if (!Table.PUBLISHED_BY_RUNS.contains(table)) {
        throw new IllegalArgumentException(table.tableName() + " is not published by runs");
      }
      // The run's own earlier rows of these days, if it staged them before, give way to these.
      boolean again = days.stream().anyMatch(staged.getOrDefault(table, Set.of())::contains);
      long version = write(table, rows, again ? Optional.of(runPredicate(model, runId).and(inDays(days)))
          : Optional.empty(), runId);
      staged.computeIfAbsent(table, t -> new TreeSet<>()).addAll(days);
      open = this;
      return version;
    }

    /** Replaces the rows matching {@code predicate} with {@code rows} in one commit (a table not published by runs). */
    public long replace(Table table, Dataset<Row> rows, Column predicate) {
      Optional<Long> before = version(table);
      long version = overwrite(table, rows, predicate, runId);
      written.add(new Written(table, predicate, before));
      return version;
    }

    /**
     * Publishes the run: its final {@code runs} rows replace its {@code running} ones in one commit,
     * the first listing every table and day staged; then the rows of other runs those days
     * superseded are removed (runs still running keep theirs).
     */
    public void publish(List<Row> runsRows) {
      writeRuns(withReplaced(runsRows));
      open = null;
      Map<Table, Set<LocalDate>> published = new EnumMap<>(staged);
      staged.clear();
      written.clear();
      try {
        removeSuperseded(published);
      } catch (Exception e) { // Spark and Delta throw undeclared checked exceptions
        // Published all the same: the views hide the superseded rows, the next run of the days deletes them.
        LOG.warn("run {} is published but could not delete the rows it superseded: {}", runId, e.getMessage());
      }
    }

    /**
     * Deletes, on the days just published, the rows the published views no longer show: those of
     * other runs that replaced the days before, or of this run when another published the same
     * day after it. Rows of runs still running stay (they publish later, or are removed).
     */
    private void removeSuperseded(Map<Table, Set<LocalDate>> published) {
      Instant now = Instant.now();
      Set<String> running = new HashSet<>();
      Map<String, String> owners = new HashMap<>();
      Map<String, Instant> ownedSince = new HashMap<>();
      Set<String> replacedByOthers = new HashSet<>();
      for (Row r : readAll(Table.RUNS).orElseThrow().where(col("model").equalTo(lit(model)))
          .select("run_id", "status", "process", "started_at", "finished_at", "replaced").collectAsList()) {
        String id = r.getString(0);
        String status = r.getString(1);
        if ("running".equals(status) && !RunProcess.isGone(r.getString(2), r.getTimestamp(3).toInstant(), now)) {
          running.add(id);
        }
        if (r.isNullAt(5)) {
          continue;
        }
        boolean publishing = "succeeded".equals(status) || "skipped".equals(status);
        for (Row pair : r.<Row>getList(5)) {
          String key = pair.getString(0) + "|" + pair.getDate(1).toLocalDate();
          if (!id.equals(runId)) {
            replacedByOthers.add(key);
          }
          Instant finished = r.getTimestamp(4).toInstant();
          if (publishing && (!ownedSince.containsKey(key) || finished.isAfter(ownedSince.get(key)))) {
            owners.put(key, id);
            ownedSince.put(key, finished);
          }
        }
      }
      running.remove(runId);
      Map<Table, Runnable> deletes = new EnumMap<>(Table.class);
      for (Map.Entry<Table, Set<LocalDate>> e : published.entrySet()) {
        List<Column> superseded = new ArrayList<>();
        for (LocalDate ds : e.getValue()) {
          String key = e.getKey().tableName() + "|" + ds;
          String owner = owners.get(key);
          if (owner != null && !owner.equals(runId)) {
            LOG.warn("{} of {} was published by run {} after run {}: that run's rows stand", e.getKey().tableName(),
                ds, owner, runId);
          }
          if (owner != null && replacedByOthers.contains(key)) {
            superseded.add(col("ds").equalTo(lit(Date.valueOf(ds))).and(col("run_id").notEqual(lit(owner))));
          }
        }
        if (!superseded.isEmpty()) {
          Column predicate = col("model").equalTo(lit(model)).and(superseded.stream().reduce(Column::or).orElseThrow())
              .and(not(col("run_id").isin(running.toArray())));
          deletes.put(e.getKey(), () -> delete(e.getKey(), predicate));
        }
      }
      OnEachTable.run(deletes);
      if (!deletes.isEmpty()) {
        LOG.info("run {} removed the rows it superseded from {}", runId,
            deletes.keySet().stream().map(Table::tableName).toList());
      }
    }

    /**
     * Ends a run that failed: removes its staged rows, puts back the replaced tables' rows, and
     * writes its final {@code runs} rows (which still list what it staged, should a removal fail);
     * with none, the run leaves no {@code runs} row.
     */
    public void abort(List<Row> runsRows) {
      open = null;
      for (Table table : staged.keySet()) {
        try {
          delete(table, runPredicate(model, runId));
        } catch (Exception e) { // Spark and Delta throw undeclared checked exceptions
          LOG.error("could not remove the rows of run {} from {}: {}", runId, table.tableName(), e.getMessage());
        }
      }
      rollback();
      writeRuns(withReplaced(runsRows));
      staged.clear();
    }

    /** The published rows of {@code table} with this run's staged days taken from its own rows. */
    private Dataset<Row> withStaged(Table table, Dataset<Row> published, Dataset<Row> all) {
      Set<LocalDate> days = staged.get(table);
      if (days == null) {
        return published;
      }
      Column stagedDays = col("model").equalTo(lit(model)).and(inDays(days));
      return published.where(not(stagedDays)).unionByName(all.where(runPredicate(model, runId)));
    }

    private void writeRuns(List<Row> rows) {
      overwrite(Table.RUNS, spark.createDataFrame(rows, Table.RUNS.schema()), runPredicate(model, runId), runId);
    }

    /** The rows with the first one listing every table and day staged. */
    private List<Row> withReplaced(List<Row> runsRows) {
      List<Row> rows = new ArrayList<>(runsRows);
      if (!rows.isEmpty() && !staged.isEmpty()) {
        List<Row> replaced = new ArrayList<>();
        staged.forEach((table, days) -> days.forEach(ds ->
            replaced.add(new GenericRowWithSchema(new Object[] {table.tableName(), Date.valueOf(ds)},
                Table.Replaced.TYPE))));
        Object[] first = new Object[Table.RUNS.schema().size()];
        for (int i = 0; i < first.length; i++) {
          first[i] = rows.get(0).get(i);
        }
        first[Table.RUNS.schema().fieldIndex("replaced")] = replaced.toArray();
        rows.set(0, new GenericRowWithSchema(first, Table.RUNS.schema()));
      }
      return rows;
    }

    /** Puts back, newest first, the rows each replaced table had for the predicate before. */
    public void rollback() {
      for (int i = written.size() - 1; i >= 0; i--) {
        Written w = written.get(i);
        try {
          Dataset<Row> old = w.versionBefore().isPresent()
              ? spark.read().format("delta").option("versionAsOf", w.versionBefore().get())
                  .load(path(w.table())).where(w.predicate())
              : spark.createDataFrame(List.of(), w.table().schema());
          overwrite(w.table(), old, w.predicate(), runId + " rollback");
          LOG.info("rolled back {} where {}", w.table().tableName(), sql(w.predicate()));
        } catch (Exception e) {
          LOG.error("could not roll back {} where {}: {}", w.table().tableName(), sql(w.predicate()), e.getMessage());
        }
      }
      written.clear();
    }
  }

  private static Column inDays(Collection<LocalDate> days) {
    return col("ds").isin(days.stream().map(Date::valueOf).toArray());
  }
}
