package dev.driftline.bench;

import dev.driftline.udfs.math.Histogram;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The Spark struct a {@link Histogram} travels as, and the conversions both ways. */
public final class HistogramRows {

  public static final StructType TYPE = new StructType()
      .add("counts", DataTypes.createArrayType(DataTypes.LongType, false), false)
      .add("sums", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("nulls", DataTypes.LongType, false)
      .add("nans", DataTypes.LongType, false)
      .add("neg_infinities", DataTypes.LongType, false)
      .add("pos_infinities", DataTypes.LongType, false)
      .add("finite_count", DataTypes.LongType, false)
      .add("mean", DataTypes.DoubleType, false)
      .add("variance", DataTypes.DoubleType, false)
      .add("min", DataTypes.DoubleType, false)
      .add("max", DataTypes.DoubleType, false);

  private HistogramRows() {}

  public static Row toRow(Histogram h) {
    return RowFactory.create(boxed(h.counts()), boxed(h.sums()), h.nulls(), h.nans(),
        h.negInfinities(), h.posInfinities(), h.finiteCount(), h.mean(), h.variance(), h.min(), h.max());
  }

  public static Histogram fromRow(Row row) {
    List<Long> counts = row.getList(0);
    List<Double> sums = row.getList(1);
    return Histogram.of(
        counts.stream().mapToLong(Long::longValue).toArray(),
        sums.stream().mapToDouble(Double::doubleValue).toArray(),
        row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
        row.getDouble(7), row.getDouble(8), row.getDouble(9), row.getDouble(10));
  }

  private static Long[] boxed(long[] xs) {
    Long[] out = new Long[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = xs[i];
    }
    return out;
  }

  private static Double[] boxed(double[] xs) {
    Double[] out = new Double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = xs[i];
    }
    return out;
  }
}
