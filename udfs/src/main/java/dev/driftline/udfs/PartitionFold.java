package dev.driftline.udfs;

import dev.driftline.udfs.math.MergeableState;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * One pass over a prepared input that fills a {@link MergeableState} per partition from Spark's
 * internal rows (no conversion to {@code Row}, no boxing) and merges the states on the driver in
 * partition order. A fixed merge order makes the same input give bit-identical floating-point
 * sums on every run, which a per-key shuffle merge does not promise.
 */
public final class PartitionFold {

  private PartitionFold() {}

  /** Makes an empty state; called on the driver and once per partition on the executors. */
  @FunctionalInterface
  public interface EmptyState<S> extends Serializable {
    S create();
  }

  /** Adds one partition's rows to an empty state; the rows are read once, in order. */
  @FunctionalInterface
  public interface PartitionFiller<S> extends Serializable {
    void fill(Iterator<InternalRow> rows, S state);
  }

  /**
   * The merged state of all partitions of {@code prepared}, whose columns must have exactly
   * {@code columnTypes}, in order ({@code input} names it in the error otherwise).
   */
  public static <S extends MergeableState<S>> S fold(Dataset<Row> prepared, String input,
      List<DataType> columnTypes, EmptyState<S> empty, PartitionFiller<S> filler) {
    checkColumnTypes(prepared, input, columnTypes);
    FlatMapFunction<Iterator<InternalRow>, S> perPartition = rows -> {
      S state = empty.create();
      filler.fill(rows, state);
      return List.of(state).iterator();
    };
    List<S> partials = prepared.queryExecution().toRdd().toJavaRDD().mapPartitions(perPartition).collect();
    S total = empty.create();
    for (S partial : partials) {
      total = total.merge(partial);
    }
    return total;
  }

  static void checkColumnTypes(Dataset<Row> prepared, String input, List<DataType> expected) {
    List<DataType> actual = Arrays.stream(prepared.schema().fields()).map(StructField::dataType).toList();
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(input + " input must have column types " + expected + " but has " + actual);
    }
  }
}
