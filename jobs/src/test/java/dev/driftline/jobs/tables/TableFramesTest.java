package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table's rows framed by {@link TableFrames} read back exactly as {@code createDataFrame} of the
 * same rows reads them, for every table's schema (nested structs, arrays, maps, nulls, hostile
 * strings), and a large frame's plan carries no rows of its own; written to Delta partitioned by
 * day, as the warehouse writes, it stores the same rows.
 */
class TableFramesTest extends SparkTestBase {

  private static final String[] STRINGS = {"", "a", "o'brien", "\"; DROP TABLE runs; --", "ünïcödé ✓", "x\ny\tz",
      "__other__"};

  @ParameterizedTest
  @EnumSource(Table.class)
  void aLargeFrameHoldsTheSameRowsAsTheLocalOne(Table table) {
    List<Row> rows = randomRows(table.schema(), TableFrames.RDD_ROWS + 123, table.ordinal());
    Dataset<Row> framed = TableFrames.of(spark(), rows, table.schema());

    assertEquals(table.schema(), framed.schema());
    assertEquals(spark().createDataFrame(rows, table.schema()).collectAsList(), framed.collectAsList());
    assertFalse(hasLocalRelation(framed), "the rows stay out of the plan");
  }

  @Test
  void aLargeFrameWritesTheSameDeltaTable(@TempDir Path dir) {
    List<Row> rows = randomRows(Table.DRIFT_METRICS.schema(), TableFrames.RDD_ROWS + 77, 99);
    String framed = dir.resolve("framed").toString();
    String local = dir.resolve("local").toString();
    TableFrames.of(spark(), rows, Table.DRIFT_METRICS.schema()).write().format("delta").partitionBy("ds").save(framed);
    spark().createDataFrame(rows, Table.DRIFT_METRICS.schema()).write().format("delta").partitionBy("ds").save(local);

    Dataset<Row> written = spark().read().format("delta").load(framed);
    assertEquals(rows.size(), written.count());
    assertEquals(0, written.exceptAll(spark().read().format("delta").load(local)).count(), "rows only the framed write has");
    assertEquals(0, spark().read().format("delta").load(local).exceptAll(written).count(), "rows it lacks");
  }

  @ParameterizedTest
  @EnumSource(value = Table.class, names = {"RUNS", "DRIFT_METRICS"})
  void aSmallFrameStaysALocalRelation(Table table) {
    List<Row> rows = randomRows(table.schema(), 7, 1);
    Dataset<Row> framed = TableFrames.of(spark(), rows, table.schema());

    assertEquals(spark().createDataFrame(rows, table.schema()).collectAsList(), framed.collectAsList());
    assertTrue(hasLocalRelation(framed));
  }

  private static boolean hasLocalRelation(Dataset<Row> frame) {
    return !frame.queryExecution().analyzed().collectLeaves().filter(p -> p instanceof LocalRelation).isEmpty();
  }

  static List<Row> randomRows(StructType schema, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      rows.add(randomRow(schema, random));
    }
    return rows;
  }

  private static Row randomRow(StructType schema, SplittableRandom random) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      boolean isNull = fields[i].nullable() && random.nextInt(5) == 0;
      values[i] = isNull ? null : randomValue(fields[i].dataType(), random, true);
    }
    return new GenericRowWithSchema(values, schema);
  }

  /** NaN only as a column's value: rows compare NaN equal to NaN, the Scala collections in them do not. */
  private static Object randomValue(DataType type, SplittableRandom random, boolean nanAllowed) {
    if (type.equals(DataTypes.StringType)) {
      return STRINGS[random.nextInt(STRINGS.length)] + random.nextInt(1000);
    } else if (type.equals(DataTypes.DoubleType)) {
      return nanAllowed && random.nextInt(20) == 0 ? Double.NaN : random.nextDouble(-1e6, 1e6);
    } else if (type.equals(DataTypes.LongType)) {
      return random.nextLong();
    } else if (type.equals(DataTypes.IntegerType)) {
      return random.nextInt();
    } else if (type.equals(DataTypes.BooleanType)) {
      return random.nextBoolean();
    } else if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(java.time.LocalDate.of(2001, 1, 1).plusDays(random.nextInt(30)));
    } else if (type.equals(DataTypes.TimestampType)) {
      return new Timestamp(978_307_200_000L + random.nextLong(1_000_000_000_000L));
    } else if (type instanceof ArrayType a) {
      List<Object> out = new ArrayList<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        out.add(a.containsNull() && random.nextInt(6) == 0 ? null : randomValue(a.elementType(), random, false));
      }
      return scala.collection.JavaConverters.asScalaBuffer(out).toSeq();
    } else if (type instanceof MapType m) {
      Map<Object, Object> out = new HashMap<>();
      for (int i = random.nextInt(4); i > 0; i--) {
        out.put(randomValue(m.keyType(), random, false),
            m.valueContainsNull() && random.nextInt(6) == 0 ? null : randomValue(m.valueType(), random, false));
      }
      return scala.collection.JavaConverters.mapAsScalaMap(out);
    } else if (type instanceof StructType s) {
      return randomRow(s, random);
    }
    throw new IllegalArgumentException("no random values of " + type.simpleString());
  }
}
