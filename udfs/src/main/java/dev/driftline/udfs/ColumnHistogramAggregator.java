package dev.driftline.udfs;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.NumericBins;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The histogram of one column on bins given in the call, {@code (value, bins) -> array<bigint>}:
 * {@code dl_histogram} on {@link NumericBins} from cut points, {@code dl_category_histogram} on
 * {@link CategoricalBins} from a category list. The bins argument is normally a literal; it must
 * be the same on every row of a group, since counts on different bins cannot be added up.
 */
final class ColumnHistogramAggregator extends Aggregator<Row, ColumnHistogramAggregator.Counts, long[]> {

  private static final long serialVersionUID = 1L;

  /** The bins of a group and a row's bin under them, -1 for a value that is not counted. */
  record Binner(int size, ToIntFunction<Row> binOfRow) {}

  /** Builds and checks bins from the bins argument; errors name the function. */
  @FunctionalInterface
  interface BinnerFactory extends Serializable {
    Binner create(String function, List<?> definition);
  }

  /**
   * The buffer: the group's bins argument (null before the first row) and counts on it. Public
   * only because Spark's buffer encoder requires it.
   */
  public static final class Counts implements Serializable {
    private static final long serialVersionUID = 1L;
    private List<?> definition;
    private long[] counts;
    /** Rebuilt from the definition after the buffer crosses a partition boundary. */
    private transient Binner binner;
  }

  private final String name;
  private final String binsColumn;
  private final DataType valueType;
  private final BinnerFactory factory;

  private ColumnHistogramAggregator(String name, String binsColumn, DataType valueType, BinnerFactory factory) {
    this.name = name;
    this.binsColumn = binsColumn;
    this.valueType = valueType;
    this.factory = factory;
  }

  /** {@code dl_histogram(value DOUBLE, cuts ARRAY<DOUBLE>)}: NULL and NaN values are not counted. */
  static ColumnHistogramAggregator numeric() {
    return new ColumnHistogramAggregator("dl_histogram", "cuts", DataTypes.DoubleType,
        ColumnHistogramAggregator::numericBinner);
  }

  /** {@code dl_category_histogram(value STRING, categories ARRAY<STRING>)}: NULL has a bin. */
  static ColumnHistogramAggregator categorical() {
    return new ColumnHistogramAggregator("dl_category_histogram", "categories", DataTypes.StringType,
        ColumnHistogramAggregator::categoricalBinner);
  }

  String name() {
    return name;
  }

  StructType inputSchema() {
    return new StructType()
        .add("value", valueType, true)
        .add(binsColumn, DataTypes.createArrayType(valueType, true), true);
  }

  private static Binner numericBinner(String function, List<?> cuts) {
    double[] points = new double[cuts.size()];
    for (int i = 0; i < points.length; i++) {
      points[i] = SqlArguments.number(function, "cuts element " + (i + 1), cuts.get(i));
    }
    NumericBins bins;
    try {
      bins = new NumericBins(points);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(function + ": " + e.getMessage(), e);
    }
    return new Binner(bins.size(), row -> {
      if (row.isNullAt(0)) {
        return -1;
      }
      double value = row.getDouble(0);
      return Double.isNaN(value) ? -1 : bins.binOf(value);
    });
  }

  private static Binner categoricalBinner(String function, List<?> categories) {
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < categories.size(); i++) {
      Object category = categories.get(i);
      if (category == null) {
        throw SqlArguments.error(function, "categories element " + (i + 1) + " must not be NULL");
      }
      if (!seen.add(category)) {
        throw SqlArguments.error(function, "categories lists '" + category + "' twice");
      }
    }
    CategoricalBins bins = new CategoricalBins(categories.stream().map(String.class::cast).toList());
    Map<String, Integer> index = bins.index();
    return new Binner(bins.size(), row -> bins.binOf(row.isNullAt(0) ? null : row.getString(0), index));
  }

  @Override
  public Counts zero() {
    return new Counts();
  }

  @Override
  public Counts reduce(Counts counts, Row row) {
    if (row.isNullAt(1)) {
      throw SqlArguments.error(name, binsColumn + " must not be NULL");
    }
    List<Object> definition = row.getList(1);
    if (counts.definition == null) {
      counts.binner = factory.create(name, definition);
      counts.definition = List.copyOf(definition);
      counts.counts = new long[counts.binner.size()];
    } else {
      requireSameBins(counts.definition, definition);
    }
    int bin = binner(counts).binOfRow().applyAsInt(row);
    if (bin >= 0) {
      counts.counts[bin]++;
    }
    return counts;
  }

  @Override
  public Counts merge(Counts left, Counts right) {
    if (right.definition == null) {
      return left;
    }
    if (left.definition == null) {
      return right;
    }
    requireSameBins(left.definition, right.definition);
    for (int i = 0; i < left.counts.length; i++) {
      left.counts[i] += right.counts[i];
    }
    return left;
  }

  private void requireSameBins(List<?> expected, List<?> actual) {
    if (!expected.equals(actual)) {
      throw SqlArguments.error(name, binsColumn + " differ between rows of one group: " + expected
          + " and " + actual + "; every row of a group must use the same " + binsColumn);
    }
  }

  private Binner binner(Counts counts) {
    if (counts.binner == null) {
      counts.binner = factory.create(name, counts.definition);
    }
    return counts.binner;
  }

  /** The counts, or NULL for a group without rows (there are no bins to count on). */
  @Override
  public long[] finish(Counts counts) {
    return counts.counts;
  }

  @Override
  public Encoder<Counts> bufferEncoder() {
    return Encoders.javaSerialization(Counts.class);
  }

  @Override
  public Encoder<long[]> outputEncoder() {
    return ExpressionEncoder.javaBean(long[].class);
  }
}
