package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.fail;

import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import io.delta.tables.DeltaTable;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/** Reading what a job wrote, the way an analyst would: straight from the Delta tables. */
final class Outputs {

  private Outputs() {}

  static Path path(Path warehouse, Table table) {
    return warehouse.resolve(table.tableName());
  }

  static boolean exists(Path warehouse, Table table) {
    return DeltaTable.isDeltaTable(SparkSession.active(), path(warehouse, table).toString());
  }

  static Dataset<Row> read(Path warehouse, Table table) {
    return SparkSession.active().read().format("delta").load(path(warehouse, table).toString());
  }

  /** The table as it was at a Delta version (time travel): a snapshot to compare later states with. */
  static Dataset<Row> readAt(Path warehouse, Table table, long version) {
    return SparkSession.active().read().format("delta").option("versionAsOf", version)
        .load(path(warehouse, table).toString());
  }

  static long version(Path warehouse, Table table) {
    return DeltaTable.forPath(SparkSession.active(), path(warehouse, table).toString()).history(1).first()
        .<Long>getAs("version");
  }

  static Dataset<Row> day(Path warehouse, Table table, LocalDate ds) {
    return read(warehouse, table).where(col("ds").equalTo(lit(java.sql.Date.valueOf(ds))));
  }

  /**
   * Full contents as sorted JSON lines, without the given columns: an exact, order-free form
   * whose differences an assertion message shows row by row.
   */
  static List<String> contents(Dataset<Row> rows, String... without) {
    return rows.drop(without).toJSON().collectAsList().stream().sorted().toList();
  }

  /**
   * {@link #contents} without what two runs of the same code over the same input and config may
   * differ in: the run id, every timestamp (when a run, reference or decision was made), and the
   * step timings and process ({@code pid@host}) of {@code runs}.
   */
  static List<String> runContents(Dataset<Row> rows) {
    return contents(rows, Arrays.stream(rows.schema().fields())
        .filter(f -> List.of("run_id", "step_millis", "process").contains(f.name())
            || f.dataType() instanceof TimestampType)
        .map(StructField::name).toArray(String[]::new));
  }

  /**
   * Asserts that what the job reads as published ({@link Warehouse#read}, a join with the owners it
   * collects) equals what the {@code <table>_published} views show ({@link Warehouse#publishedSql}),
   * for every table a run publishes.
   */
  static void assertReadsMatchTheViews(Path warehouse) {
    if (!exists(warehouse, Table.RUNS)) {
      return;
    }
    Warehouse w = new Warehouse(SparkSession.active(), warehouse.toString(), null);
    for (Table t : Table.PUBLISHED_BY_RUNS) {
      if (exists(warehouse, t)) {
        Dataset<Row> view = SparkSession.active().sql(Warehouse.publishedSql(t, delta(path(warehouse, t)),
            delta(path(warehouse, Table.RUNS))));
        assertSameContents(contents(view), contents(w.read(t).orElseThrow()), t.tableName() + ": read and view");
      }
    }
  }

  /** The table as SQL names it by path: {@code delta.`<path>`}. */
  static String delta(Path table) {
    return "delta.`" + table.toString().replace("`", "``") + "`";
  }

  /** Equal {@link #contents}, or a failure showing a few rows that differ (whole tables are too long to read). */
  static void assertSameContents(List<String> expected, List<String> actual, String what) {
    if (expected.equals(actual)) {
      return;
    }
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(actual);
    List<String> unexpected = new ArrayList<>(actual);
    unexpected.removeAll(expected);
    fail(String.format("%s: %d rows expected, %d found; %d expected rows missing, e.g.%n%s%n%d unexpected rows, e.g.%n%s",
        what, expected.size(), actual.size(), missing.size(), sample(missing), unexpected.size(), sample(unexpected)));
  }

  private static String sample(List<String> rows) {
    return rows.stream().limit(3).map(r -> "  " + (r.length() > 400 ? r.substring(0, 400) + "..." : r))
        .collect(Collectors.joining("\n"));
  }
}
