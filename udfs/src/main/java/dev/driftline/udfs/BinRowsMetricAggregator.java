package dev.driftline.udfs;

import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A drift metric over long-format histogram rows, one row per bin: {@code (ref_count,
 * cur_count)}, or {@code (key, ref_count, cur_count)} for metrics that depend on bin order, keyed
 * by bin index or by the bin's point. One class serves every metric; only the formula, the key
 * and the name differ.
 *
 * <p>A NULL count is 0, as a full outer join of reference and current bins leaves it for a bin
 * seen on one side only. A NULL key is an error, since the bin cannot be placed. No rows, or a
 * zero total on either side, give NULL.
 */
final class BinRowsMetricAggregator extends Aggregator<Row, BinRows, Double> {

  private static final long serialVersionUID = 1L;

  /** What the first argument of an order-dependent aggregate says about its bin. */
  enum BinKey {
    NONE(null, null),
    BIN_INDEX("bin_index", DataTypes.LongType),
    POINT("point", DataTypes.DoubleType);

    final String column;
    final DataType type;

    BinKey(String column, DataType type) {
      this.column = column;
      this.type = type;
    }
  }

  private final String name;
  private final BinKey key;
  private final DriftMeasure measure;

  /**
   * {@code <function>_agg(ref_count, cur_count)}, with a leading bin index for measures that
   * depend on bin order, or a leading point for those that place bins at points.
   */
  BinRowsMetricAggregator(DriftMeasure measure) {
    this.name = measure.sqlName().orElseThrow() + "_agg";
    this.key = switch (measure.input()) {
      case COUNTS -> BinKey.NONE;
      case ORDERED_COUNTS -> BinKey.BIN_INDEX;
      case POINTS -> BinKey.POINT;
    };
    this.measure = measure;
  }

  String name() {
    return name;
  }

  /** The SQL arguments, in order; Spark casts narrower numeric columns to these types. */
  StructType inputSchema() {
    StructType schema = new StructType();
    if (key != BinKey.NONE) {
      schema = schema.add(key.column, key.type, true);
    }
    return schema.add("ref_count", DataTypes.LongType, true).add("cur_count", DataTypes.LongType, true);
  }

  @Override
  public BinRows zero() {
    return new BinRows();
  }

  @Override
  public BinRows reduce(BinRows rows, Row row) {
    int first = 0;
    double binKey = 0;
    if (key != BinKey.NONE) {
      if (row.isNullAt(0)) {
        throw SqlArguments.error(name, key.column + " must not be NULL");
      }
      binKey = ((Number) row.get(0)).doubleValue();
      first = 1;
    }
    rows.add(binKey, countOrZero(row, first), countOrZero(row, first + 1));
    return rows;
  }

  private static long countOrZero(Row row, int column) {
    return row.isNullAt(column) ? 0 : row.getLong(column);
  }

  @Override
  public BinRows merge(BinRows left, BinRows right) {
    return left.addAll(right);
  }

  @Override
  public Double finish(BinRows rows) {
    if (rows.size() == 0) {
      return null;
    }
    // Sorting even order-free metrics makes their rounding, hence the result, independent of
    // how Spark partitioned the rows.
    BinRows bins = key == BinKey.NONE ? rows.sorted() : rows.mergedByKey();
    // Bin keys (indices or points) in increasing order are the points the measure places bins at.
    BinnedPair pair = new BinnedPair(bins.refCounts(), bins.curCounts(), bins.keys(), Double.NaN,
        DriftMetrics.DEFAULT_SMOOTHING);
    return SqlArguments.evaluate(name, () -> measure.of(pair));
  }

  @Override
  public Encoder<BinRows> bufferEncoder() {
    return Encoders.javaSerialization(BinRows.class);
  }

  @Override
  public Encoder<Double> outputEncoder() {
    return Encoders.DOUBLE();
  }
}
