package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** {@code driftline sql}: the warehouse tables by name, with the dl_* functions. */
class SqlCommandTest extends OneDayRunTest {

  /** Recomputes every stored BASELINE PSI from the stored histograms with dl_psi. */
  private static final String PSI_CHECK = """
      SELECT count(*) AS compared,
             count_if(NOT abs(dl_psi(r.counts, f.counts) - d.psi) <= 1e-9) AS mismatches
      FROM drift_metrics d
      JOIN feature_profiles f USING (model, ds, slice_key, slice_value, column_name)
      JOIN reference_profiles r
        ON r.reference_id = d.reference_id AND r.slice_key = d.slice_key
       AND r.slice_value = d.slice_value AND r.column_name = d.column_name
      WHERE d.comparison = 'BASELINE' AND d.n_ref > 0 AND d.n_cur > 0""";

  @Test
  void queryWithDriftFunctionsPrintsItsRows() {
    Cli.Result result = Cli.ok("sql", "--warehouse", warehouse, PSI_CHECK);
    List<List<String>> table = result.out().lines().filter(l -> l.startsWith("|")).map(SqlCommandTest::cells).toList();
    assertEquals(2, table.size(), result::toString);
    assertEquals(List.of("compared", "mismatches"), table.get(0));
    long comparable = Outputs.read(warehouse, Table.DRIFT_METRICS)
        .where(col("comparison").equalTo("BASELINE").and(col("n_ref").gt(0)).and(col("n_cur").gt(0))).count();
    Assertions.assertTrue(comparable > 0);
    assertEquals(List.of(String.valueOf(comparable), "0"), table.get(1), "every stored PSI equals dl_psi of its histograms");
  }

  @Test
  void badQueryExitsTwoWithOneLineNamingTheProblem() {
    Cli.Result result = Cli.run("sql", "--warehouse", warehouse, "SELECT no_such_column FROM drift_metrics");
    assertEquals(2, result.exitCode(), result::toString);
    Assertions.assertTrue(result.errorLine().contains("no_such_column"), result.errorLine());
    Assertions.assertFalse(result.errorLine().contains("+-"), "no query plan in the message: " + result.errorLine());
  }

  @Test
  void warehouseWithoutTablesExitsTwo() {
    Path empty = dir.resolve("empty");
    Cli.Result result = Cli.run("sql", "--warehouse", empty, "SELECT 1");
    assertEquals(2, result.exitCode(), result::toString);
    Assertions.assertTrue(result.errorLine().contains(empty.toString()), result.errorLine());
  }

  private static List<String> cells(String line) {
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::strip).toList();
  }
}
