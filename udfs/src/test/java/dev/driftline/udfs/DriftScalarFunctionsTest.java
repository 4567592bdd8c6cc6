package dev.driftline.udfs;

import static dev.driftline.udfs.SqlAssertions.assertSqlValue;
import static dev.driftline.udfs.SqlAssertions.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import org.junit.jupiter.api.Assertions;

import dev.driftline.udfs.RandomHistograms.Pair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DriftScalarFunctionsTest extends SparkTestBase {

  /** A scalar function: its argument names, in order, and what the math core says it returns. */
  private record Call(List<String> arguments, ToDoubleFunction<Pair> core) {
    String sql(String name, Map<String, String> argumentSql) {
      return name + "(" + arguments.stream().map(argumentSql::get).collect(Collectors.joining(", ")) + ")";
    }
  }

  private static final double A = DriftMetrics.DEFAULT_SMOOTHING;

  /** Every measure's function (and smoothed variant) against the measure in the core. */
  private static final Map<String, Call> CALLS = new LinkedHashMap<>();

  static {
    for (DriftMeasure m : MeasureCalls.inSql()) {
      String name = m.sqlName().get();
      CALLS.put(name, new Call(MeasureCalls.scalarArguments(m, false), c -> MeasureCalls.core(m, c, A)));
      if (m.smoothed()) {
        CALLS.put(name + "_smoothed",
            new Call(MeasureCalls.scalarArguments(m, true), c -> MeasureCalls.core(m, c, c.smoothing())));
      }
    }
  }

  /** Column names as arguments. */
  private static final Map<String, String> COLUMNS =
      Map.of("ref", "ref", "cur", "cur", "points", "points", "a", "a");

  private static final StructType CASE_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType)
      .add("ref", DataTypes.createArrayType(DataTypes.LongType))
      .add("cur", DataTypes.createArrayType(DataTypes.LongType))
      .add("points", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("a", DataTypes.DoubleType);

  @BeforeEach
  void registerFunctions() {
    DriftFunctions.register(spark());
  }

  @Test
  void everyScalarFunctionIsCheckedHere() {
    Set<String> scalar = DriftFunctions.NAMES.stream()
        .filter(name -> !name.endsWith("_agg") && !name.endsWith("histogram"))
        .collect(Collectors.toSet());
    assertEquals(scalar, CALLS.keySet());
  }

  @Test
  void everyScalarFunctionGivesTheMathCoresValue() {
    List<Pair> pairs = RandomHistograms.pairs(new Random(20261125), 64);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i++) {
      Pair c = pairs.get(i);
      rows.add(RowFactory.create(i, boxed(c.ref()), boxed(c.cur()),
          Arrays.stream(c.points()).boxed().toList(), c.smoothing()));
    }
    List<String> select = new ArrayList<>(List.of("id"));
    CALLS.forEach((name, call) -> select.add(call.sql(name, COLUMNS) + " AS " + name));
    List<Row> results = spark().createDataFrame(rows, CASE_SCHEMA).repartition(2)
        .selectExpr(select.toArray(String[]::new)).collectAsList();

    assertEquals(pairs.size(), results.size());
    int nulls = 0;
    for (Row result : results) {
      Pair c = pairs.get(result.getInt(0));
      for (String name : CALLS.keySet()) {
        Object sql = result.getAs(name);
        assertSqlValue(CALLS.get(name).core.applyAsDouble(c), sql, name + " on " + c);
        nulls += sql == null ? 1 : 0;
      }
    }
    // The cases must reach both outcomes, or the comparison above proves less than it seems.
    Assertions.assertTrue(nulls > 0 && nulls < results.size() * CALLS.size(), "NULL results: " + nulls);
  }

  @Test
  void anyNullArgumentGivesNull() {
    Map<String, String> literals = Map.of("ref", "array(1, 2, 3)", "cur", "array(3, 2, 1)",
        "points", "array(0.5, 1.5, 2.5)", "a", "0.5");
    Map<String, String> nulls = Map.of("ref", "CAST(NULL AS ARRAY<BIGINT>)", "cur", "NULL",
        "points", "CAST(NULL AS ARRAY<DOUBLE>)", "a", "CAST(NULL AS DOUBLE)");
    List<String> select = new ArrayList<>();
    CALLS.forEach((name, call) -> {
      for (String nullArgument : call.arguments) {
        Map<String, String> arguments = new LinkedHashMap<>(literals);
        arguments.put(nullArgument, nulls.get(nullArgument));
        select.add(call.sql(name, arguments));
      }
      select.add(call.sql(name, literals));
    });
    Row row = spark().sql("SELECT " + String.join(", ", select)).first();
    int column = 0;
    for (Call call : CALLS.values()) {
      for (String nullArgument : call.arguments) {
        assertNull(row.get(column), select.get(column));
        column++;
      }
      // Without a NULL the same call has a value, so the NULLs above come from the NULL argument.
      Assertions.assertTrue(row.get(column) instanceof Double, select.get(column));
      column++;
    }
  }

  @Test
  void aZeroTotalOnEitherSideGivesNull() {
    List<String> select = new ArrayList<>();
    CALLS.forEach((name, call) -> {
      for (String[] pair : new String[][] {{"array(0, 0)", "array(1, 2)"}, {"array(1, 2)", "array(0, 0)"}}) {
        select.add(call.sql(name, Map.of("ref", pair[0], "cur", pair[1], "points", "array(0.0, 1.0)", "a", "0.5")));
      }
    });
    Row row = spark().sql("SELECT " + String.join(", ", select)).first();
    for (int i = 0; i < select.size(); i++) {
      assertNull(row.get(i), select.get(i));
    }
  }

  @Test
  void lengthMismatchFailsNamingTheFunctionAndBothLengths() {
    Map<String, String> arguments = Map.of("ref", "array(1, 2, 3)", "cur", "array(4, 5)",
        "points", "array(0.0, 1.0, 2.0)", "a", "0.5");
    CALLS.forEach((name, call) -> assertEquals(
        name + ": histograms differ in length: reference has 3 bins, current has 2",
        errorOf(spark(), name, "SELECT " + call.sql(name, arguments))));
    assertEquals("dl_wasserstein: points have 2 entries but the histograms have 3 bins",
        errorOf(spark(), "dl_wasserstein", "SELECT dl_wasserstein(array(0.0, 1.0), array(1, 2, 3), array(4, 5, 6))"));
  }

  @Test
  void aNullElementIsAnErrorNotAZero() {
    assertEquals("dl_psi: ref has a NULL at position 2; counts must not be NULL",
        errorOf(spark(), "dl_psi", "SELECT dl_psi(array(1, NULL, 3), array(1, 2, 3))"));
    assertEquals("dl_tv: cur has a NULL at position 1; counts must not be NULL",
        errorOf(spark(), "dl_tv", "SELECT dl_tv(array(1, 2), array(NULL, 2))"));
    assertEquals("dl_wasserstein: points element 2 must not be NULL",
        errorOf(spark(), "dl_wasserstein", "SELECT dl_wasserstein(array(0.0, NULL), array(1, 2), array(2, 1))"));
  }

  @Test
  void badArgumentsFailWithTheFunctionsName() {
    assertEquals("dl_psi: ref must be array<bigint>, but has an element of type BigDecimal; cast it to array<bigint>",
        errorOf(spark(), "dl_psi", "SELECT dl_psi(array(1.5, 2.5), array(1, 2))"));
    assertEquals("dl_hellinger: histograms must have at least one bin",
        errorOf(spark(), "dl_hellinger", "SELECT dl_hellinger(CAST(array() AS ARRAY<BIGINT>), CAST(array() AS ARRAY<BIGINT>))"));
    assertEquals("dl_js_distance: counts must be non-negative, got -1",
        errorOf(spark(), "dl_js_distance", "SELECT dl_js_distance(array(1, -1), array(1, 2))"));
    assertEquals("dl_kl_smoothed: smoothing must be a finite number >= 0, got -1.0",
        errorOf(spark(), "dl_kl_smoothed", "SELECT dl_kl_smoothed(array(1, 2), array(2, 1), -1)"));
    assertEquals("dl_wasserstein: point 1 is not finite: NaN",
        errorOf(spark(), "dl_wasserstein", "SELECT dl_wasserstein(array(0.0, double('NaN')), array(1, 2), array(2, 1))"));
  }

  @Test
  void narrowerNumericArgumentsAreAccepted() {
    long[] ref = {1, 2, 3};
    long[] cur = {3, 2, 1};
    Row row = spark().sql("SELECT dl_psi(array(1, 2, 3), array(CAST(3 AS SMALLINT), 2, 1)),"
        + " dl_psi_smoothed(array(1, 2, 3), array(3, 2, 1), 0.5),"
        + " dl_psi_smoothed(array(1, 2, 3), array(3, 2, 1), 0),"
        + " dl_wasserstein(array(1, 2, 4), array(1, 2, 3), array(3, 2, 1))").first();
    assertSqlValue(DriftMetrics.psi(ref, cur, 0.5), row.get(0), "int and smallint counts");
    assertSqlValue(DriftMetrics.psi(ref, cur, 0.5), row.get(1), "decimal pseudo-count");
    assertSqlValue(DriftMetrics.psi(ref, cur, 0), row.get(2), "integer pseudo-count");
    assertSqlValue(DriftMetrics.wasserstein(new double[] {1, 2, 4}, ref, cur), row.get(3), "integer points");
  }

  private static List<Long> boxed(long[] counts) {
    return Arrays.stream(counts).boxed().toList();
  }
}
