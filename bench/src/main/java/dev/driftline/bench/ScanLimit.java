package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * The scan limit: one pass over the same internal rows the profile scan reads (same files,
 * columns, pruning and row conversion), doing the least work that still reads every value: a
 * count and a sum per column (string columns: the sum of their byte lengths). No single pass
 * over these rows can be faster, so it is the floor the profile is measured against.
 */
final class ScanLimit implements BenchPath {

  @Override
  public String name() {
    return "scan-limit";
  }

  @Override
  public String description() {
    return "the profile input's internal rows, one pass: count and sum per column (strings: sum of byte lengths)";
  }

  @Override
  public Outcome run(Prepared p) {
    Dataset<Row> in = p.input();
    StructField[] fields = in.schema().fields();
    boolean[] isDouble = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      isDouble[i] = fields[i].dataType().equals(DataTypes.DoubleType);
    }
    return outcome(p, in.queryExecution().toRdd().toJavaRDD().mapPartitions(new PartitionTotals(isDouble)).collect());
  }

  /** The partitions' totals added up, checked against the profile's non-null counts. */
  static Outcome outcome(Prepared p, List<Totals> partials) {
    long[] counts = new long[p.input().columns().length];
    for (Totals t : partials) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += t.counts()[i];
      }
    }
    int dims = p.layout().sliceKeys().size();
    long[] nonNull = Arrays.copyOfRange(counts, dims, counts.length);
    return expected -> Arrays.equals(expected.globalNonNullCounts(), nonNull) ? null
        : "non-null counts " + Arrays.toString(nonNull) + ", expected " + Arrays.toString(expected.globalNonNullCounts());
  }

  /** Non-null values and their sum per column, for one partition. */
  record Totals(long[] counts, double[] sums) implements Serializable {}

  private static final class PartitionTotals implements FlatMapFunction<Iterator<InternalRow>, Totals> {

    private static final long serialVersionUID = 1L;
    private final boolean[] isDouble;

    PartitionTotals(boolean[] isDouble) {
      this.isDouble = isDouble;
    }

    @Override
    public Iterator<Totals> call(Iterator<InternalRow> rows) {
      int n = isDouble.length;
      long[] counts = new long[n];
      double[] sums = new double[n];
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        for (int i = 0; i < n; i++) {
          if (!row.isNullAt(i)) {
            counts[i]++;
            sums[i] += isDouble[i] ? row.getDouble(i) : row.getUTF8String(i).numBytes();
          }
        }
      }
      return List.of(new Totals(counts, sums)).iterator();
    }
  }
}
