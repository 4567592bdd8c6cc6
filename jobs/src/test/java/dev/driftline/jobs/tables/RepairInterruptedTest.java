package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repair of a killed run through {@link Warehouse}, now that it deletes only from the tables
 * whose Delta log holds a commit of the run ({@link RunCommits}): its staged rows still go, the
 * published rows of every table stay, and its {@code runs} row becomes {@code interrupted}. (That a
 * table it never wrote is skipped shows in Spark jobs, not in the tables: Delta commits nothing
 * for a delete that matches no row.)
 */
class RepairInterruptedTest extends SparkTestBase {

  private static final String MODEL = "m";
  private static final LocalDate DS = LocalDate.of(2026, 10, 16);

  @TempDir
  Path dir;

  @Test
  void aKilledRunsRowsGoFromTheTablesItWroteAndTheOthersAreLeftAlone() {
    Warehouse warehouse = new Warehouse(spark(), dir.toString(), null);
    Warehouse.DayWrite published = warehouse.beginDayWrite("published", MODEL);
    published.start(List.of(runsRow("published", "running", RunProcess.current())));
    published.stage(Table.FEATURE_PROFILES, rows(Table.FEATURE_PROFILES, "published"), List.of(DS));
    published.stage(Table.INCIDENTS, rows(Table.INCIDENTS, "published"), List.of(DS));
    published.publish(List.of(runsRow("published", "succeeded", RunProcess.current())));

    // A process id no process has on this host: the run's process is gone, as after kill -9.
    String gone = Integer.MAX_VALUE + RunProcess.current().substring(RunProcess.current().indexOf('@'));
    Warehouse.DayWrite killed = warehouse.beginDayWrite("killed", MODEL);
    killed.start(List.of(runsRow("killed", "running", gone)));
    killed.stage(Table.FEATURE_PROFILES, rows(Table.FEATURE_PROFILES, "killed"), List.of(DS));
    long incidentsVersion = warehouse.version(Table.INCIDENTS).orElseThrow();
    long profilesVersion = warehouse.version(Table.FEATURE_PROFILES).orElseThrow();

    Warehouse next = new Warehouse(spark(), dir.toString(), null);
    assertEquals(List.of("killed"), next.repairInterrupted(MODEL, "next"));

    assertEquals(Set.of("published"), runIds(next, Table.FEATURE_PROFILES), "the killed run's rows deleted");
    assertEquals(profilesVersion + 1, next.version(Table.FEATURE_PROFILES).orElseThrow(), "one delete commit");
    assertEquals(incidentsVersion, next.version(Table.INCIDENTS).orElseThrow(), "a table it never wrote is as it was");
    assertEquals(Set.of("published"), runIds(next, Table.INCIDENTS));
    Row run = next.readAll(Table.RUNS).orElseThrow().where(col("run_id").equalTo("killed")).first();
    assertEquals("interrupted", run.getAs("status"));
    assertEquals(List.of(), next.repairInterrupted(MODEL, "after"), "nothing left to repair");
  }

  private static Set<String> runIds(Warehouse warehouse, Table table) {
    return Set.copyOf(warehouse.readAll(table).orElseThrow().select("run_id").distinct().as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList());
  }

  private org.apache.spark.sql.Dataset<Row> rows(Table table, String runId) {
    return spark().createDataFrame(List.of(row(table, Map.of("run_id", runId))), table.schema());
  }

  private static Row runsRow(String runId, String status, String process) {
    return row(Table.RUNS, Map.of("run_id", runId, "status", status, "process", process,
        "started_at", Timestamp.from(Instant.now())));
  }

  /** A row of the table with the given values, the model and day, and a placeholder in every other required column. */
  private static Row row(Table table, Map<String, Object> values) {
    RowBuilder row = RowBuilder.of(table);
    for (StructField f : table.schema().fields()) {
      Object value = values.containsKey(f.name()) ? values.get(f.name())
          : f.name().equals("model") ? MODEL : f.name().equals("ds") ? Date.valueOf(DS)
          : f.nullable() ? null : placeholder(f.dataType());
      row.set(f.name(), value);
    }
    return row.build();
  }

  private static Object placeholder(DataType type) {
    if (type instanceof DateType) {
      return Date.valueOf(DS);
    } else if (type instanceof TimestampType) {
      return Timestamp.from(Instant.EPOCH);
    } else if (type instanceof LongType) {
      return 0L;
    } else if (type instanceof IntegerType) {
      return 0;
    } else if (type instanceof DoubleType) {
      return 0.0;
    } else if (type instanceof BooleanType) {
      return false;
    } else if (type instanceof ArrayType) {
      return List.of();
    } else if (type instanceof MapType) {
      return Map.of();
    }
    return "x";
  }
}
