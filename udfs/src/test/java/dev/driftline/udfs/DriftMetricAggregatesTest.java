package dev.driftline.udfs;

import static dev.driftline.udfs.SqlAssertions.assertSqlValue;
import static dev.driftline.udfs.SqlAssertions.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.driftline.udfs.RandomHistograms.Pair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftMetricAggregatesTest extends SparkTestBase {

  private static final double A = DriftMetrics.DEFAULT_SMOOTHING;

  /** Aggregates of measures that take the two counts only, and their values in the core. */
  private static final Map<String, ToDoubleFunction<Pair>> ORDER_FREE = new LinkedHashMap<>();
  /** Aggregates that read bins in order (by index or point), with their first argument. */
  private static final Map<String, ToDoubleFunction<Pair>> ORDERED = new LinkedHashMap<>();
  private static final Map<String, String> ORDERED_KEY = new LinkedHashMap<>();

  static {
    for (DriftMeasure m : MeasureCalls.inSql()) {
      String key = MeasureCalls.aggregateKey(m);
      (key == null ? ORDER_FREE : ORDERED).put(MeasureCalls.aggregateName(m), p -> MeasureCalls.core(m, p, A));
      if (key != null) {
        ORDERED_KEY.put(MeasureCalls.aggregateName(m), key);
      }
    }
  }

  private static final StructType BIN_ROW = new StructType()
      .add("feature", DataTypes.IntegerType)
      .add("bin_index", DataTypes.LongType)
      .add("point", DataTypes.DoubleType)
      .add("ref_count", DataTypes.LongType, true)
      .add("cur_count", DataTypes.LongType, true);

  @BeforeEach
  void registerFunctions() {
    DriftFunctions.register(spark());
  }

  @Test
  void everyAggregateIsCheckedHere() {
    List<String> checked = new ArrayList<>(ORDER_FREE.keySet());
    checked.addAll(ORDERED.keySet());
    assertEquals(DriftFunctions.NAMES.stream().filter(n -> n.endsWith("_agg")).sorted().toList(),
        checked.stream().sorted().toList());
  }

  @Test
  void aggregatesGiveTheCoresValueHoweverRowsArePartitionedAndOrdered() {
    List<Pair> pairs = RandomHistograms.pairs(new Random(7), 40);
    List<Row> rows = longFormat(pairs);
    List<Row> first = null;
    for (int partitions : new int[] {1, 7}) {
      Collections.shuffle(rows, new Random(partitions));
      List<Row> results = aggregateByFeature(spark().createDataFrame(rows, BIN_ROW).repartition(partitions));
      assertEquals(pairs.size(), results.size());
      for (Row result : results) {
        assertMatchesCore(pairs.get(result.getInt(0)), result, "partitions=" + partitions);
      }
      // Order-free metrics sort their rows, so even the last bit does not depend on the layout.
      if (first == null) {
        first = results;
      } else {
        assertEquals(first, results);
      }
    }
  }

  @Test
  void emptyPartitionsChangeNothing() {
    Pair pair = new Pair(new long[] {5, 0, 9}, new long[] {1, 7, 3}, new double[] {2.5, -1, 0.5}, A);
    List<Row> rows = longFormat(List.of(pair));
    Collections.reverse(rows);
    Dataset<Row> spread = spark().createDataFrame(rows, BIN_ROW).repartition(8);
    assertMatchesCore(pair, aggregateByFeature(spread).get(0), "grouped");
    // Without GROUP BY every partition, empty or not, hands a buffer to the final merge.
    List<String> calls = aggregateCalls();
    Row global = spread.selectExpr(calls.toArray(String[]::new)).first();
    assertMatchesCore(pair, RowFactory.create(withFeatureColumn(global)), "global");
  }

  @Test
  void noRowsOrAnEmptySideGiveNull() {
    List<String> calls = aggregateCalls();
    Dataset<Row> none = spark().createDataFrame(List.<Row>of(), BIN_ROW);
    Row empty = none.selectExpr(calls.toArray(String[]::new)).first();
    Pair emptyCur = new Pair(new long[] {3, 4}, new long[] {0, 0}, new double[] {0, 1}, A);
    Row zeroTotal = spark().createDataFrame(longFormat(List.of(emptyCur)), BIN_ROW)
        .selectExpr(calls.toArray(String[]::new)).first();
    for (int i = 0; i < calls.size(); i++) {
      assertNull(empty.get(i), calls.get(i) + " without rows");
      assertNull(zeroTotal.get(i), calls.get(i) + " with an empty current side");
    }
  }

  @Test
  void aNullCountIsZeroAsAFullOuterJoinLeavesIt() {
    spark().sql("SELECT * FROM VALUES (0, 0.5, 10), (1, 1.5, 20), (2, 2.5, 5) AS t(bin_index, point, n)")
        .createOrReplaceTempView("ref_bins");
    spark().sql("SELECT * FROM VALUES (1, 1.5, 8), (2, 2.5, 30), (3, 3.5, 2) AS t(bin_index, point, n)")
        .createOrReplaceTempView("cur_bins");
    List<String> calls = aggregateCalls().stream()
        .map(call -> call.replace("ref_count", "r.n").replace("cur_count", "c.n")
            .replace("bin_index", "coalesce(r.bin_index, c.bin_index)").replace("point", "coalesce(r.point, c.point)"))
        .toList();
    Row joined = spark().sql("SELECT 0, " + String.join(", ", calls)
        + " FROM ref_bins r FULL OUTER JOIN cur_bins c ON r.bin_index = c.bin_index").first();
    Pair aligned = new Pair(new long[] {10, 20, 5, 0}, new long[] {0, 8, 30, 2}, new double[] {0.5, 1.5, 2.5, 3.5}, A);
    assertMatchesCore(aligned, joined, "full outer join");
  }

  @Test
  void rowsSharingABinAreOneBin() {
    Pair pair = new Pair(new long[] {6, 3, 3}, new long[] {5, 4, 3}, new double[] {0, 10, 20}, A);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < pair.bins(); i++) {
      // Each bin as a reference-only and a current-only row: read as two bins, the gap between
      // them (5/12 after the first) would exceed the true KS statistic (1/12).
      rows.add(RowFactory.create(0, (long) i, pair.points()[i], pair.ref()[i], 0L));
      rows.add(RowFactory.create(0, (long) i, pair.points()[i], 0L, pair.cur()[i]));
    }
    Collections.shuffle(rows, new Random(3));
    Row result = spark().createDataFrame(rows, BIN_ROW).repartition(3)
        .selectExpr(orderedCalls().toArray(String[]::new))
        .first();
    for (String name : ORDERED.keySet()) {
      assertSqlValue(ORDERED.get(name).applyAsDouble(pair), result.getAs(name), name);
    }
  }

  @Test
  void badRowsFailNamingTheAggregate() {
    assertEquals("dl_ks_stat_agg: bin_index must not be NULL", errorOf(spark(), "dl_ks_stat_agg",
        "SELECT dl_ks_stat_agg(b, r, c) FROM VALUES (CAST(NULL AS BIGINT), 1, 2), (1, 3, 4) AS t(b, r, c)"));
    assertEquals("dl_wasserstein_agg: point must not be NULL", errorOf(spark(), "dl_wasserstein_agg",
        "SELECT dl_wasserstein_agg(p, r, c) FROM VALUES (CAST(NULL AS DOUBLE), 1, 2) AS t(p, r, c)"));
    assertEquals("dl_wasserstein_agg: point 1 is not finite: Infinity", errorOf(spark(), "dl_wasserstein_agg",
        "SELECT dl_wasserstein_agg(p, r, c) FROM VALUES (0.0, 1, 2), (double('Infinity'), 3, 4) AS t(p, r, c)"));
    assertEquals("dl_psi_agg: counts must be non-negative, got -2", errorOf(spark(), "dl_psi_agg",
        "SELECT dl_psi_agg(r, c) FROM VALUES (1, 2), (-2, 4) AS t(r, c)"));
  }

  /** Every aggregate over the columns of {@link #BIN_ROW}, aliased by its name. */
  private static List<String> aggregateCalls() {
    List<String> calls = new ArrayList<>();
    ORDER_FREE.keySet().forEach(name -> calls.add(name + "(ref_count, cur_count) AS " + name));
    calls.addAll(orderedCalls());
    return calls;
  }

  private static List<String> orderedCalls() {
    return ORDERED.keySet().stream()
        .map(name -> name + "(" + ORDERED_KEY.get(name) + ", ref_count, cur_count) AS " + name).toList();
  }

  private List<Row> aggregateByFeature(Dataset<Row> bins) {
    bins.createOrReplaceTempView("bins");
    return spark().sql("SELECT feature, " + String.join(", ", aggregateCalls())
        + " FROM bins GROUP BY feature ORDER BY feature").collectAsList();
  }

  /** Checks a result row laid out as (feature, every aggregate in {@link #aggregateCalls()} order). */
  private static void assertMatchesCore(Pair pair, Row result, String layout) {
    int column = 1;
    for (Map.Entry<String, ToDoubleFunction<Pair>> metric : ORDER_FREE.entrySet()) {
      double core = metric.getValue().applyAsDouble(pair);
      Object sql = result.get(column++);
      String what = metric.getKey() + " (" + layout + ") on " + pair;
      if (Double.isNaN(core) || Double.isInfinite(core) || sql == null) {
        assertSqlValue(core, sql, what);
      } else {
        // The aggregate sums bins in another order than the core's bin order, so rounding
        // differs; most in the G statistic, which Commons Math gets as a difference of entropies.
        assertEquals(core, (Double) sql, 1e-9 * Math.max(1, Math.abs(core)), what);
      }
    }
    for (Map.Entry<String, ToDoubleFunction<Pair>> metric : ORDERED.entrySet()) {
      assertSqlValue(metric.getValue().applyAsDouble(pair), result.get(column++),
          metric.getKey() + " (" + layout + ") on " + pair);
    }
  }

  private static Object[] withFeatureColumn(Row row) {
    Object[] values = new Object[row.size() + 1];
    for (int i = 0; i < row.size(); i++) {
      values[i + 1] = row.get(i);
    }
    return values;
  }

  /**
   * One row per bin and pair (the pair's index is its feature), bins at indexes with gaps, so
   * the aggregates cannot rely on indexes being positions.
   */
  private static List<Row> longFormat(List<Pair> pairs) {
    List<Row> rows = new ArrayList<>();
    for (int feature = 0; feature < pairs.size(); feature++) {
      Pair pair = pairs.get(feature);
      for (int bin = 0; bin < pair.bins(); bin++) {
        rows.add(RowFactory.create(feature, 3L * bin + 100, pair.points()[bin], pair.ref()[bin], pair.cur()[bin]));
      }
    }
    return rows;
  }
}
