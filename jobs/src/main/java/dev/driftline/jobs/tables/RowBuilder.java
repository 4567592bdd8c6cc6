package dev.driftline.jobs.tables;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

/**
 * Fills one row of a {@link Table} by column name, so code that writes rows cannot get the column
 * order wrong, and a missing non-nullable column fails at once with its name. NaN doubles become
 * NULL: in SQL "no value" is NULL, and NaN would poison aggregates such as {@code avg}.
 */
public final class RowBuilder {

  private final StructType schema;
  private final Object[] values;

  public RowBuilder(StructType schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  public static RowBuilder of(Table table) {
    return new RowBuilder(table.schema());
  }

  public RowBuilder set(String column, Object value) {
    int i = schema.fieldIndex(column);
    values[i] = convert(value);
    return this;
  }

  public Row build() {
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (values[i] == null && !fields[i].nullable()) {
        throw new IllegalStateException("column " + fields[i].name() + " must be set");
      }
    }
    return new GenericRowWithSchema(values.clone(), schema);
  }

  private static Object convert(Object value) {
    if (value instanceof Double d && d.isNaN()) {
      return null;
    }
    if (value instanceof long[] xs) {
      Long[] out = new Long[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = xs[i];
      }
      return out;
    }
    if (value instanceof double[] xs) {
      Double[] out = new Double[xs.length];
      for (int i = 0; i < xs.length; i++) {
        out[i] = xs[i];
      }
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(RowBuilder::convert).toArray();
    }
    if (value instanceof Map<?, ?> map) {
      return JavaConverters.mapAsScalaMap(map).toMap(scala.Predef.$conforms());
    }
    if (value instanceof java.time.LocalDate d) {
      return java.sql.Date.valueOf(d);
    }
    if (value instanceof java.time.Instant t) {
      return java.sql.Timestamp.from(t);
    }
    return value;
  }
}
