package dev.driftline.udfs;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class DriftFunctionsRegistrationTest extends SparkTestBase {

  /** A call of every function over the columns of {@link #BINS}, which gives each a value. */
  private static final Map<String, String> SAMPLE_CALLS = new LinkedHashMap<>();

  private static final String BINS = "SELECT * FROM VALUES"
      + " (0, -1.0, 10, 4, array(3, 5), array(4, 4), array(0.5, 1.5), 0.7, 'a'),"
      + " (1, 0.5, 20, 9, array(1, 2), array(2, 1), array(1.0, 2.0), 1.2, 'b'),"
      + " (2, 3.0, 5, 12, array(7, 0), array(0, 7), array(0.0, 1.0), -3.0, NULL)"
      + " AS t(bin_index, point, r, c, ref, cur, points, x, s)";

  static {
    for (DriftMeasure m : MeasureCalls.inSql()) {
      String name = m.sqlName().get();
      SAMPLE_CALLS.put(name, "max(" + name + "(" + String.join(", ", MeasureCalls.scalarArguments(m, false)) + "))");
      if (m.smoothed()) {
        SAMPLE_CALLS.put(name + "_smoothed",
            "max(" + name + "_smoothed(" + String.join(", ", MeasureCalls.scalarArguments(m, false)) + ", 0.1))");
      }
      String key = MeasureCalls.aggregateKey(m);
      SAMPLE_CALLS.put(MeasureCalls.aggregateName(m), MeasureCalls.aggregateName(m) + "(" + (key == null ? "" : key + ", ")
          + "r, c)");
    }
    SAMPLE_CALLS.put("dl_histogram", "dl_histogram(x, array(0.0, 1.0))");
    SAMPLE_CALLS.put("dl_category_histogram", "dl_category_histogram(s, array('a'))");
  }

  @Test
  void everyListedFunctionResolvesInSqlAfterRegisteringTwice() {
    DriftFunctions.register(spark());
    DriftFunctions.register(spark());
    assertEquals(new TreeSet<>(DriftFunctions.NAMES), new TreeSet<>(SAMPLE_CALLS.keySet()));
    List<String> calls = new ArrayList<>(SAMPLE_CALLS.values());
    Row row = spark().sql("SELECT " + String.join(", ", calls) + " FROM (" + BINS + ")").first();
    for (int i = 0; i < calls.size(); i++) {
      Assertions.assertNotNull(row.get(i), calls.get(i));
    }
  }

  @Test
  void theListIsExactlyWhatSparkHasRegistered() {
    DriftFunctions.register(spark());
    Set<String> registered = spark().sql("SHOW USER FUNCTIONS LIKE 'dl_*'").collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(new TreeSet<>(DriftFunctions.NAMES), registered);
  }

  @Test
  void registeringAgainRestoresADroppedFunction() {
    DriftFunctions.register(spark());
    spark().sql("DROP TEMPORARY FUNCTION dl_tv");
    Assertions.assertFalse(spark().catalog().functionExists("dl_tv"));
    DriftFunctions.register(spark());
    assertEquals(DriftMetrics.tv(new long[] {3, 1}, new long[] {1, 1}),
        spark().sql("SELECT dl_tv(array(3, 1), array(1, 1))").first().getDouble(0));
  }

  @Test
  void aDriftQueryRunsInSqlOverDeltaTables() throws Exception {
    DriftFunctions.register(spark());
    String path = Files.createTempDirectory("driftline-sql").resolve("features").toString();
    spark().sql("SELECT * FROM VALUES"
            + " ('ref', -2.0, 'a'), ('ref', 0.5, 'a'), ('ref', 0.7, 'b'), ('ref', 3.0, NULL),"
            + " ('cur', 0.2, 'b'), ('cur', 4.0, 'b'), ('cur', 5.0, 'c'), ('cur', double('NaN'), 'a')"
            + " AS t(side, x, s)")
        .write().format("delta").save(path);
    Row row = spark().sql("WITH h AS (SELECT side, dl_histogram(x, array(0.0, 1.0)) AS x_counts,"
        + " dl_category_histogram(s, array('a', 'b')) AS s_counts FROM delta.`" + path + "` GROUP BY side)"
        + " SELECT r.x_counts, c.x_counts, dl_psi(r.x_counts, c.x_counts),"
        + " r.s_counts, c.s_counts, dl_js_distance(r.s_counts, c.s_counts)"
        + " FROM h r JOIN h c ON r.side = 'ref' AND c.side = 'cur'").first();
    assertEquals(List.of(1L, 2L, 1L), row.getList(0));
    assertEquals(List.of(0L, 1L, 2L), row.getList(1));
    assertEquals(DriftMetrics.psi(new long[] {1, 2, 1}, new long[] {0, 1, 2}, DriftMetrics.DEFAULT_SMOOTHING),
        row.getDouble(2));
    assertEquals(List.of(2L, 1L, 0L, 1L), row.getList(3));
    assertEquals(List.of(1L, 2L, 1L, 0L), row.getList(4));
    assertEquals(DriftMetrics.jsDistance(new long[] {2, 1, 0, 1}, new long[] {1, 2, 1, 0}), row.getDouble(5));
  }

  @Test
  void theDataFrameApiGetsTheSameFunctions() {
    Dataset<Row> pairs = spark().sql("SELECT array(5L, 1L) AS ref, array(1L, 5L) AS cur");
    Row row = pairs.select(DriftFunctions.function("dl_hellinger").apply(col("ref"), col("cur"))).first();
    assertEquals(DriftMetrics.hellinger(new long[] {5, 1}, new long[] {1, 5}), row.getDouble(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DriftFunctions.function("dl_nope"));
    Assertions.assertTrue(e.getMessage().startsWith("no Driftline function named dl_nope; known: [dl_psi,"), e.getMessage());
  }
}
