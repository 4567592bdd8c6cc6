package dev.driftline.udfs;

import dev.driftline.udfs.math.MergeableState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.QuantileSummaries;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Approximate quantiles and the range of DOUBLE columns in one pass over their finite values:
 * a Greenwald-Khanna summary per column (Spark's {@code QuantileSummaries}, the one behind
 * {@code percentile_approx}) per partition, merged on the driver in partition order by
 * {@link PartitionFold}.
 *
 * <p>Merging two summaries is not order-free once they are compressed, and
 * {@code percentile_approx} merges the partitions' summaries in the order the shuffle delivers
 * them: on a cluster its result depends on which executor runs the final task, so the same input
 * could give other reference bins on every run. Here the order is the partitions'.
 */
public final class QuantileScan {

  /** A column's quantiles at the requested probabilities, and its smallest and largest finite value. */
  public record Quantiles(double[] values, double min, double max) {}

  private QuantileScan() {}

  /**
   * One entry per column of {@code doubles}, in order: empty for a column without a finite value.
   * Nulls, NaN and infinities are left out. Quantiles are within {@code relativeError} of the exact
   * quantile's rank, as {@code percentile_approx(c, p, 1 / relativeError)}.
   */
  public static List<Optional<Quantiles>> scan(Dataset<Row> doubles, double[] probabilities, double relativeError) {
    int columns = doubles.columns().length;
    Summaries total = PartitionFold.fold(doubles, "quantile", Collections.nCopies(columns, DataTypes.DoubleType),
        () -> new Summaries(columns, relativeError), QuantileScan::fill);
    List<Optional<Quantiles>> out = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      out.add(total.summaries[c].count() == 0 ? Optional.empty()
          : Optional.of(new Quantiles(total.quantiles(c, probabilities), total.min[c], total.max[c])));
    }
    return out;
  }

  private static void fill(Iterator<InternalRow> rows, Summaries state) {
    int columns = state.summaries.length;
    while (rows.hasNext()) {
      InternalRow row = rows.next();
      for (int c = 0; c < columns; c++) {
        if (!row.isNullAt(c)) {
          double v = row.getDouble(c);
          if (Double.isFinite(v)) {
            state.add(c, v);
          }
        }
      }
    }
    state.compress();
  }

  /** A summary and the range of each column; compressed before it travels, as merging requires. */
  static final class Summaries implements MergeableState<Summaries> {

    private static final long serialVersionUID = 1L;
    private final QuantileSummaries[] summaries;
    private final double[] min;
    private final double[] max;

    Summaries(int columns, double relativeError) {
      this(new QuantileSummaries[columns], new double[columns], new double[columns]);
      Arrays.setAll(summaries, c -> new QuantileSummaries(QuantileSummaries.defaultCompressThreshold(), relativeError,
          new QuantileSummaries.Stats[0], 0L, false));
      Arrays.fill(min, Double.POSITIVE_INFINITY);
      Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    private Summaries(QuantileSummaries[] summaries, double[] min, double[] max) {
      this.summaries = summaries;
      this.min = min;
      this.max = max;
    }

    void add(int column, double value) {
      summaries[column] = summaries[column].insert(value);
      min[column] = Math.min(min[column], value);
      max[column] = Math.max(max[column], value);
    }

    void compress() {
      for (int c = 0; c < summaries.length; c++) {
        summaries[c] = summaries[c].compress();
      }
    }

    /** The column's quantiles at {@code probabilities}; the summary must hold a value. */
    double[] quantiles(int column, double[] probabilities) {
      Seq<Object> at = JavaConverters.asScalaBuffer(Arrays.stream(probabilities).boxed().<Object>map(p -> p).toList());
      return JavaConverters.seqAsJavaList(summaries[column].query(at).get()).stream().mapToDouble(v -> (Double) v)
          .toArray();
    }

    @Override
    public Summaries merge(Summaries other) {
      for (int c = 0; c < summaries.length; c++) {
        summaries[c] = summaries[c].merge(other.summaries[c]);
        min[c] = Math.min(min[c], other.min[c]);
        max[c] = Math.max(max[c], other.max[c]);
      }
      return this;
    }

    /** A unit is a column. */
    @Override
    public int units() {
      return summaries.length;
    }

    @Override
    public Summaries section(int from, int to) {
      return new Summaries(Arrays.copyOfRange(summaries, from, to), Arrays.copyOfRange(min, from, to),
          Arrays.copyOfRange(max, from, to));
    }

    @Override
    public Summaries join(List<Summaries> sections) {
      int c = 0;
      for (Summaries section : sections) {
        int n = section.summaries.length;
        System.arraycopy(section.summaries, 0, summaries, c, n);
        System.arraycopy(section.min, 0, min, c, n);
        System.arraycopy(section.max, 0, max, c, n);
        c += n;
      }
      if (c != summaries.length) {
        throw new IllegalArgumentException("sections cover " + c + " of " + summaries.length + " columns");
      }
      return this;
    }
  }
}
