package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.bench.ScanLimit.Totals;
import dev.driftline.udfs.ColumnBatches;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The columnar scan limit: one pass over the column batches the vectorized reader decodes for
 * the profile input (same files, columns and pruning as the profile reads them), a count and a sum
 * per column (strings: the sum of their byte lengths), with no conversion to rows. It is the floor
 * of a profile that reads column batches; an input without them has none, and the case fails.
 */
final class ColumnarScanLimit implements BenchPath {

  @Override
  public String name() {
    return "scan-limit-columnar";
  }

  @Override
  public String description() {
    return "the profile input's column batches (no row conversion), one pass: count and sum per column (strings: sum"
        + " of byte lengths)";
  }

  @Override
  public Outcome run(Prepared p) {
    ColumnBatches batches = ColumnBatches.of(p.input()).orElseThrow(() -> new IllegalStateException(
        "the profile input of " + p.benchCase().name() + " has no column batches"));
    ColumnBatches.Column[] columns = batches.columns().toArray(ColumnBatches.Column[]::new);
    return ScanLimit.outcome(p, batches.rdd().mapPartitions(new BatchTotals(columns)).collect());
  }

  private record BatchTotals(ColumnBatches.Column[] columns) implements FlatMapFunction<Iterator<ColumnarBatch>, Totals> {

    @Override
    public Iterator<Totals> call(Iterator<ColumnarBatch> batches) {
      long[] counts = new long[columns.length];
      double[] sums = new double[columns.length];
      while (batches.hasNext()) {
        ColumnarBatch batch = batches.next();
        int rows = batch.numRows();
        for (int i = 0; i < columns.length; i++) {
          ColumnBatches.Column column = columns[i];
          ColumnVector v = batch.column(column.ordinal());
          boolean strings = column.read() == ColumnBatches.Read.STRING;
          for (int r = 0; r < rows; r++) {
            if (!v.isNullAt(r)) {
              counts[i]++;
              sums[i] += strings ? v.getUTF8String(r).numBytes() : column.number(v, r);
            }
          }
        }
      }
      return List.of(new Totals(counts, sums)).iterator();
    }
  }
}
