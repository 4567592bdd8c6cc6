package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse's own session: the caller's runtime settings (a credential set on the session,
 * the time zone) reach it, its plans have no whole-stage code, and the caller's session is left
 * as it was.
 */
class TableSessionTest extends SparkTestBase {

  private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  @Test
  void theCallersRuntimeSettingsReachTheTablesAndTheCallerKeepsItsOwn() {
    SparkSession caller = spark().newSession();
    caller.conf().set("fs.driftline-test.account.key", "set-at-runtime");
    caller.conf().set("spark.sql.session.timeZone", "Asia/Kolkata");
    caller.conf().set(WHOLE_STAGE, "true");
    caller.conf().set(FACTORY_MODE, "FALLBACK");

    SparkSession tables = TableSession.of(caller);

    assertNotSame(caller, tables);
    assertEquals("set-at-runtime", tables.sessionState().newHadoopConf().get("fs.driftline-test.account.key"),
        "a credential set on the session reaches the tables' file system");
    assertEquals("Asia/Kolkata", tables.conf().get("spark.sql.session.timeZone"));
    assertEquals("false", tables.conf().get(WHOLE_STAGE));
    assertEquals("NO_CODEGEN", tables.conf().get(FACTORY_MODE));
    assertEquals("true", caller.conf().get(WHOLE_STAGE), "the caller's session is left as it was");
    assertEquals("FALLBACK", caller.conf().get(FACTORY_MODE));
  }

  @Test
  void theWarehousesReadsAndFramesRunWithoutWholeStageCodeAndItsViewsAreTheCallers(@TempDir Path dir) {
    SparkSession caller = spark().newSession();
    caller.conf().set(WHOLE_STAGE, "true");
    caller.conf().set(FACTORY_MODE, "FALLBACK"); // Spark's default, which the test sessions change
    Warehouse warehouse = new Warehouse(caller, dir.toString(), null);
    caller.range(10).selectExpr("CAST(id AS STRING) AS run_id").write().format("delta")
        .save(warehouse.path(Table.RUNS));

    Dataset<Row> inCaller = caller.read().format("delta").load(warehouse.path(Table.RUNS))
        .where("run_id IS NOT NULL").selectExpr("length(run_id) + 1");
    Dataset<Row> inWarehouse = warehouse.readAll(Table.RUNS).orElseThrow()
        .where("run_id IS NOT NULL").selectExpr("length(run_id) + 1");
    Assertions.assertTrue(hasWholeStageCode(inCaller), "the caller's own queries keep whole-stage code");
    assertFalse(hasWholeStageCode(inWarehouse), "the warehouse's reads are planned without it");
    assertEquals(inCaller.collectAsList(), inWarehouse.collectAsList());
    assertEquals("false", warehouse.frame(List.of(), Table.RUNS).sparkSession().conf().get(WHOLE_STAGE),
        "the rows it writes are framed in its session");

    Assertions.assertTrue(warehouse.register().contains(Table.RUNS.tableName()));
    assertEquals(10, caller.table(Table.RUNS.tableName()).count(), "the views are registered in the caller's session");
  }

  private static boolean hasWholeStageCode(Dataset<Row> frame) {
    return frame.queryExecution().executedPlan().find(p -> p instanceof WholeStageCodegenExec).isDefined();
  }
}
