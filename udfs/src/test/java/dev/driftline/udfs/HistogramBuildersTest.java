package dev.driftline.udfs;

import static dev.driftline.udfs.SqlAssertions.errorOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

class HistogramBuildersTest extends SparkTestBase {

  /** Per group: the numeric column's cut points and the categorical column's categories. */
  private static final List<List<Double>> CUTS = List.of(
      List.of(-1.5, 0.0, 2.0, 10.0), List.of(), List.of(5.0));
  private static final List<List<String>> CATEGORIES = List.of(
      List.of("a", "b", "c"), List.of(), List.of("x", ""));

  private static final StructType SCHEMA = new StructType()
      .add("g", DataTypes.IntegerType)
      .add("x", DataTypes.DoubleType, true)
      .add("s", DataTypes.StringType, true)
      .add("cuts", DataTypes.createArrayType(DataTypes.DoubleType))
      .add("categories", DataTypes.createArrayType(DataTypes.StringType));

  private static final String BUILD =
      "SELECT g, dl_histogram(x, cuts) AS numeric, dl_category_histogram(s, categories) AS categorical"
          + " FROM observations GROUP BY g ORDER BY g";

  @BeforeEach
  void registerFunctions() {
    DriftFunctions.register(spark());
  }

  @Test
  void buildersCountLikeAPlainLoopHoweverRowsArePartitioned() {
    List<Row> rows = randomRows(new Random(11), 60);
    for (int partitions : new int[] {1, 7}) {
      Collections.shuffle(rows, new Random(partitions));
      spark().createDataFrame(rows, SCHEMA).repartition(partitions).createOrReplaceTempView("observations");
      List<Row> results = spark().sql(BUILD).collectAsList();
      assertEquals(CUTS.size(), results.size());
      for (Row result : results) {
        int g = result.getInt(0);
        List<Row> group = rows.stream().filter(r -> r.getInt(0) == g).toList();
        assertEquals(numericLoop(group, CUTS.get(g)), result.getList(1), "numeric, group " + g + ", partitions " + partitions);
        assertEquals(categoricalLoop(group, CATEGORIES.get(g)), result.getList(2), "categorical, group " + g + ", partitions " + partitions);
      }
    }
  }

  @Test
  void emptyPartitionsAndEmptyInputs() {
    List<Row> rows = List.of(
        RowFactory.create(0, 2.0, "c", CUTS.get(0), CATEGORIES.get(0)),
        RowFactory.create(0, null, null, CUTS.get(0), CATEGORIES.get(0)),
        RowFactory.create(0, Double.NEGATIVE_INFINITY, "zzz", CUTS.get(0), CATEGORIES.get(0)));
    // No GROUP BY: each of the 8 partitions, 5 or more of them empty, hands a buffer to the merge.
    Row spread = spark().createDataFrame(rows, SCHEMA).repartition(8)
        .selectExpr("dl_histogram(x, cuts)", "dl_category_histogram(s, categories)").first();
    assertEquals(numericLoop(rows, CUTS.get(0)), spread.getList(0));
    assertEquals(categoricalLoop(rows, CATEGORIES.get(0)), spread.getList(1));

    Row none = spark().createDataFrame(List.<Row>of(), SCHEMA)
        .selectExpr("dl_histogram(x, cuts)", "dl_category_histogram(s, categories)").first();
    assertNull(none.get(0), "no rows, hence no bins");
    assertNull(none.get(1), "no rows, hence no bins");
  }

  @Test
  void countsAreBigintArraysThatFeedTheMetrics() {
    Dataset<Row> counts = spark().sql("SELECT dl_histogram(x, array(0, 1)) AS h FROM VALUES (-1), (0.5), (3) AS t(x)");
    assertEquals(DataTypes.LongType, ((ArrayType) counts.schema().apply("h").dataType()).elementType());
    assertEquals(List.of(1L, 1L, 1L), counts.first().getList(0));
    counts.createOrReplaceTempView("h");
    // Identical histograms do not drift.
    assertEquals(0.0, spark().sql("SELECT dl_psi(h, h) FROM h").first().getDouble(0));
  }

  @Test
  void binsThatDifferWithinAGroupAreAnError() {
    String message = errorOf(spark(), "dl_histogram",
        "SELECT dl_histogram(x, c) FROM VALUES (1.0, array(0.0, 1.0)), (2.0, array(0.0, 2.0)) AS t(x, c)");
    // Which version comes first depends on which row Spark sees first.
    List<String> versions = List.of("[0.0, 1.0]", "[0.0, 2.0]");
    Assertions.assertTrue(message.equals(mismatch("dl_histogram", "cuts", versions.get(0), versions.get(1)))
        || message.equals(mismatch("dl_histogram", "cuts", versions.get(1), versions.get(0))), message);
  }

  @Test
  void theMergeOfPartialHistogramsChecksBinsToo() {
    ColumnHistogramAggregator builder = ColumnHistogramAggregator.categorical();
    var left = builder.reduce(builder.zero(), row("a", List.of("a", "b")));
    var right = builder.reduce(builder.zero(), row("a", List.of("b", "a")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.merge(left, right));
    assertEquals(mismatch("dl_category_histogram", "categories", "[a, b]", "[b, a]"), e.getMessage());
  }

  @Test
  void aBufferKeepsCountingAfterCrossingTheWire() throws Exception {
    ColumnHistogramAggregator builder = ColumnHistogramAggregator.numeric();
    List<Double> cuts = List.of(0.0, 1.0);
    var buffer = builder.reduce(builder.zero(), row(0.5, cuts));
    var copy = roundTrip(buffer);
    builder.reduce(copy, row(7.0, cuts));
    builder.reduce(copy, row(0.7, cuts));
    assertEquals(List.of(0L, 2L, 1L), Arrays.stream(builder.finish(copy)).boxed().toList());
  }

  @Test
  void badBinsFailNamingTheBuilder() {
    assertEquals("dl_histogram: cuts must not be NULL", errorOf(spark(), "dl_histogram",
        "SELECT dl_histogram(x, CAST(NULL AS ARRAY<DOUBLE>)) FROM VALUES (1.0) AS t(x)"));
    assertEquals("dl_histogram: cut points must be strictly increasing: [1.0, 0.0]", errorOf(spark(), "dl_histogram",
        "SELECT dl_histogram(x, array(1.0, 0.0)) FROM VALUES (1.0) AS t(x)"));
    assertEquals("dl_histogram: cut point 1 is not finite: NaN", errorOf(spark(), "dl_histogram",
        "SELECT dl_histogram(x, array(0.0, double('NaN'))) FROM VALUES (1.0) AS t(x)"));
    assertEquals("dl_histogram: cuts element 2 must not be NULL", errorOf(spark(), "dl_histogram",
        "SELECT dl_histogram(x, array(0.0, NULL)) FROM VALUES (1.0) AS t(x)"));
    assertEquals("dl_category_histogram: categories lists 'a' twice", errorOf(spark(), "dl_category_histogram",
        "SELECT dl_category_histogram(s, array('a', 'b', 'a')) FROM VALUES ('a') AS t(s)"));
    assertEquals("dl_category_histogram: categories element 1 must not be NULL", errorOf(spark(), "dl_category_histogram",
        "SELECT dl_category_histogram(s, array(NULL, 'b')) FROM VALUES ('a') AS t(s)"));
  }

  private static String mismatch(String function, String argument, String first, String second) {
    return function + ": " + argument + " differ between rows of one group: " + first + " and " + second
        + "; every row of a group must use the same " + argument;
  }

  /** The numeric histogram by definition: a value's bin is the number of cut points at or below it. */
  private static List<Long> numericLoop(List<Row> rows, List<Double> cuts) {
    long[] counts = new long[cuts.size() + 1];
    for (Row row : rows) {
      if (row.isNullAt(1) || Double.isNaN(row.getDouble(1))) {
        continue;
      }
      int bin = 0;
      for (double cut : cuts) {
        if (cut <= row.getDouble(1)) {
          bin++;
        }
      }
      counts[bin]++;
    }
    return Arrays.stream(counts).boxed().toList();
  }

  /** The categorical histogram by definition: listed categories, then OTHER, then NULL. */
  private static List<Long> categoricalLoop(List<Row> rows, List<String> categories) {
    long[] counts = new long[categories.size() + 2];
    for (Row row : rows) {
      String value = row.getString(2);
      if (value == null) {
        counts[categories.size() + 1]++;
      } else {
        int listed = categories.indexOf(value);
        counts[listed >= 0 ? listed : categories.size()]++;
      }
    }
    return Arrays.stream(counts).boxed().toList();
  }

  /**
   * Rows of three groups, each with its own bins; values include NULL, NaN, +/-Infinity, -0.0,
   * the extremes of double, every cut point itself, unseen and empty strings.
   */
  private static List<Row> randomRows(Random random, int perGroup) {
    List<Double> special = Arrays.asList(null, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, -Double.MAX_VALUE);
    List<String> strings = Arrays.asList("a", "b", "c", "d", "x", "", null, "A", "__OTHER__", "__NULL__");
    List<Row> rows = new ArrayList<>();
    for (int g = 0; g < CUTS.size(); g++) {
      List<Double> values = new ArrayList<>(special);
      values.addAll(CUTS.get(0));
      values.addAll(CUTS.get(2));
      while (values.size() < perGroup) {
        values.add(random.nextInt(4) == 0 ? (double) random.nextInt(12) - 2 : random.nextDouble() * 20 - 5);
      }
      for (Double value : values) {
        String category = strings.get(random.nextInt(strings.size()));
        rows.add(RowFactory.create(g, value, category, CUTS.get(g), CATEGORIES.get(g)));
      }
    }
    return rows;
  }

  private static Row row(Object value, List<?> bins) {
    return RowFactory.create(value, JavaConverters.asScalaBuffer(new ArrayList<>(bins)).toSeq());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
