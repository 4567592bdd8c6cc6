package dev.driftline.bench;

import dev.driftline.udfs.math.Histogram;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A vectorized histogram builder: each input row carries the values of all of its columns as one
 * array, and one aggregation fills every column's histogram, instead of one aggregation per
 * column. The result is a struct with one field, {@code histograms}, an array of
 * {@link HistogramRows#TYPE} in column order.
 */
abstract class VectorizedHistogramsAggregator extends Aggregator<Row, Histogram[], Row> {

  private static final long serialVersionUID = 1L;

  static final StructType OUTPUT_TYPE = new StructType()
      .add("histograms", DataTypes.createArrayType(HistogramRows.TYPE, false), false);

  private final DataType elementType;

  VectorizedHistogramsAggregator(DataType elementType) {
    this.elementType = elementType;
  }

  /** Number of bins of each column, in column order. */
  abstract int[] binCounts();

  /** Adds the row's value of column {@code column} to its histogram. */
  abstract void add(Histogram histogram, int column, Object value);

  @Override
  public Histogram[] zero() {
    int[] bins = binCounts();
    Histogram[] histograms = new Histogram[bins.length];
    for (int c = 0; c < bins.length; c++) {
      histograms[c] = new Histogram(bins[c]);
    }
    return histograms;
  }

  @Override
  public Histogram[] reduce(Histogram[] buffer, Row row) {
    if (row.isNullAt(0)) {
      return buffer;
    }
    List<Object> values = row.getList(0);
    if (values.size() != buffer.length) {
      throw new IllegalArgumentException(
          "expected an array of " + buffer.length + " values per row, got " + values.size());
    }
    for (int c = 0; c < buffer.length; c++) {
      add(buffer[c], c, values.get(c));
    }
    return buffer;
  }

  @Override
  public Histogram[] merge(Histogram[] a, Histogram[] b) {
    for (int c = 0; c < a.length; c++) {
      a[c].merge(b[c]);
    }
    return a;
  }

  @Override
  public Row finish(Histogram[] buffer) {
    List<Row> rows = new ArrayList<>(buffer.length);
    for (Histogram h : buffer) {
      rows.add(HistogramRows.toRow(h));
    }
    return RowFactory.create((Object) rows.toArray(new Row[0]));
  }

  @Override
  public Encoder<Histogram[]> bufferEncoder() {
    return Encoders.javaSerialization(Histogram[].class);
  }

  @Override
  public Encoder<Row> outputEncoder() {
    return Encoders.row(OUTPUT_TYPE);
  }

  /** The encoder of the input: one array column of the element type. */
  public Encoder<Row> inputEncoder() {
    return Encoders.row(new StructType().add("values", DataTypes.createArrayType(elementType, true)));
  }
}
