package dev.driftline.bench;

import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import java.util.List;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Histograms of many numeric columns in one aggregation. Call it on
 * {@code array(col1, col2, ...)} cast to {@code array<double>}; nulls and NaN are counted apart.
 *
 * <pre>{@code
 * UserDefinedFunction hist = NumericHistogramsAggregator.udaf(List.of(amountBins, ageBins));
 * df.groupBy("country").agg(hist.apply(array(col("amount"), col("age"))).as("h"));
 * }</pre>
 */
public final class NumericHistogramsAggregator extends VectorizedHistogramsAggregator {

  private static final long serialVersionUID = 1L;
  private final List<NumericBins> bins;

  public NumericHistogramsAggregator(List<NumericBins> bins) {
    super(DataTypes.DoubleType);
    this.bins = List.copyOf(bins);
  }

  public static UserDefinedFunction udaf(List<NumericBins> bins) {
    NumericHistogramsAggregator agg = new NumericHistogramsAggregator(bins);
    return functions.udaf(agg, agg.inputEncoder());
  }

  @Override
  int[] binCounts() {
    return bins.stream().mapToInt(NumericBins::size).toArray();
  }

  @Override
  void add(Histogram histogram, int column, Object value) {
    histogram.add(bins.get(column), (Double) value);
  }
}
