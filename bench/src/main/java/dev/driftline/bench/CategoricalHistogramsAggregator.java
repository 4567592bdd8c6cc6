package dev.driftline.bench;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.Histogram;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Histograms of many categorical columns in one aggregation. Call it on
 * {@code array(col1, col2, ...)} cast to {@code array<string>}; values outside a column's
 * vocabulary count in its OTHER bin, nulls in its NULL bin.
 */
public final class CategoricalHistogramsAggregator extends VectorizedHistogramsAggregator {

  private static final long serialVersionUID = 1L;
  private final List<CategoricalBins> bins;
  /** Built once per task on first use: the lookup tables are not worth shipping. */
  private transient List<Map<String, Integer>> indexes;

  public CategoricalHistogramsAggregator(List<CategoricalBins> bins) {
    super(DataTypes.StringType);
    this.bins = List.copyOf(bins);
  }

  public static UserDefinedFunction udaf(List<CategoricalBins> bins) {
    CategoricalHistogramsAggregator agg = new CategoricalHistogramsAggregator(bins);
    return functions.udaf(agg, agg.inputEncoder());
  }

  @Override
  int[] binCounts() {
    return bins.stream().mapToInt(CategoricalBins::size).toArray();
  }

  @Override
  void add(Histogram histogram, int column, Object value) {
    if (indexes == null) {
      indexes = bins.stream().map(CategoricalBins::index).toList();
    }
    histogram.addToBin(bins.get(column).binOf((String) value, indexes.get(column)));
  }
}
