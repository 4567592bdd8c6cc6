package dev.driftline.jobs.tables;

import io.delta.exceptions.DeltaConcurrentModificationException;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Delta tables under the warehouse root, and the only place that writes them. A day is
 * written through a {@link DayWrite}: each table's rows for the day replace the old ones in one
 * Delta transaction ({@code replaceWhere}), and if a later table fails, the tables already written
 * get their old rows for the day back, so a failed run leaves no partial day.
 */
public final class Warehouse {

  private static final Logger LOG = LogManager.getLogger(Warehouse.class);
  private static final int WRITE_ATTEMPTS = 4;

  private final SparkSession spark;
  private final Path root;
  private final String database;

  public Warehouse(SparkSession spark, String root, String database) {
    this.spark = spark;
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
    return DeltaTable.isDeltaTable(spark, path(table));
  }

  /** The table's rows, or empty when it was never written. */
  public Optional<Dataset<Row>> read(Table table) {
    return exists(table) ? Optional.of(spark.read().format("delta").load(path(table))) : Optional.empty();
  }

  public Optional<Long> version(Table table) {
    if (!exists(table)) {
      return Optional.empty();
    }
    return Optional.of(DeltaTable.forPath(spark, path(table)).history(1).first().<Long>getAs("version"));
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

  /** Appends rows (the runs table); retried on concurrent commits. */
  public long append(Table table, Dataset<Row> rows, String runId) {
    ensureCreated(table);
    return withRetry(table, () -> {
      // mergeSchema: a runs table written by an earlier version gains the columns added since.
      rows.write().format("delta").mode("append").partitionBy("ds")
          .option("mergeSchema", "true").option("userMetadata", runId).save(path(table));
      return version(table).orElseThrow();
    });
  }

  /** Makes every table visible under its name: as temp views, and in the metastore database if configured. */
  public List<String> register() {
    List<String> registered = new ArrayList<>();
    if (database != null) {
      spark.sql("CREATE DATABASE IF NOT EXISTS `" + database + "`");
    }
    for (Table table : Table.values()) {
      if (!exists(table)) {
        continue;
      }
      read(table).orElseThrow().createOrReplaceTempView(table.tableName());
      if (database != null) {
        spark.sql("CREATE TABLE IF NOT EXISTS `" + database + "`.`" + table.tableName()
            + "` USING DELTA LOCATION '" + path(table).replace("'", "\\'") + "'");
      }
      registered.add(table.tableName());
    }
    return registered;
  }

  /**
   * The SQL text of a predicate, for Delta's {@code replaceWhere}, which only takes text. Spark
   * writes the literals, so any value (quotes, backslashes, any script) reads back as itself;
   * text put together by hand did not (a model named o'brien became obrien).
   */
  static String sql(Column predicate) {
    return predicate.expr().sql();
  }

  public DayWrite beginDayWrite(String runId) {
    return new DayWrite(runId);
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

  /** Writes of one run's rows for a set of days across tables, undone together on failure. */
  public final class DayWrite {

    private final String runId;
    private final List<Written> written = new ArrayList<>();

    private record Written(Table table, Column predicate, Optional<Long> versionBefore) {}

    private DayWrite(String runId) {
      this.runId = runId;
    }

    /**
     * Replaces the rows matching {@code predicate} (a model and its days) with {@code rows},
     * which must all match it. Returns the new table version.
     */
    public long replace(Table table, Dataset<Row> rows, Column predicate) {
      Optional<Long> before = version(table);
      ensureCreated(table);
      long version = withRetry(table, () -> {
        rows.write().format("delta").mode("overwrite").partitionBy("ds")
            .option("replaceWhere", sql(predicate))
            // Columns added by a newer Driftline join the table instead of failing the write.
            .option("mergeSchema", "true")
            .option("userMetadata", runId)
            .save(path(table));
        return version(table).orElseThrow();
      });
      written.add(new Written(table, predicate, before));
      return version;
    }

    /** Puts back, newest first, the rows each written table had for the predicate before. */
    public void rollback() {
      for (int i = written.size() - 1; i >= 0; i--) {
        Written w = written.get(i);
        try {
          Dataset<Row> old = w.versionBefore().isPresent()
              ? spark.read().format("delta").option("versionAsOf", w.versionBefore().get())
                  .load(path(w.table())).where(w.predicate())
              : spark.createDataFrame(List.of(), w.table().schema());
          withRetry(w.table(), () -> {
            old.write().format("delta").mode("overwrite").partitionBy("ds")
                .option("replaceWhere", sql(w.predicate()))
                .option("userMetadata", runId + " rollback")
                .save(path(w.table()));
            return null;
          });
          LOG.info("rolled back {} where {}", w.table().tableName(), sql(w.predicate()));
        } catch (Exception e) {
          LOG.error("could not roll back {} where {}: {}", w.table().tableName(), sql(w.predicate()), e.getMessage());
        }
      }
      written.clear();
    }
  }
}
