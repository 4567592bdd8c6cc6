package dev.driftline.udfs;

import dev.driftline.udfs.math.MergeableState;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.Tuple2;

/**
 * One pass over a prepared input that fills a {@link MergeableState} per partition from Spark's
 * internal rows (no conversion to {@code Row}, no boxing), then merges the states in partition
 * order. A fixed merge order makes the same input give bit-identical floating-point sums on every
 * run, which a per-key shuffle merge does not promise.
 *
 * <p>Up to {@link #DEFAULT_FAN_IN fan-in} partitions, the states are collected and merged on the
 * driver. Past that, the driver would hold partitions x state bytes (about 2 GB for a day of 800
 * partitions at the benchmark's profile shape), so the states merge on the executors instead:
 * <ol>
 *   <li>each partition's state is cut into sections of consecutive units
 *       ({@link MergeableState#section}: a profile's columns, a performance scan's days);
 *   <li>a shuffle sends section k of every partition to merge task k, which merges them in
 *       partition order into an empty section k, keeping a section that arrives early until its
 *       turn;
 *   <li>the driver collects the merged sections, one state in all, and joins them.
 * </ol>
 * A unit merges with nothing but the same unit, so every unit goes through exactly the
 * operations, in exactly the order, of the driver's merge: the result is the same bit for bit
 * whichever path and number of sections, and still depends only on the input and its
 * partitioning. A tree over partitions (merging groups of partitions first) would instead
 * reassociate the profile's floating-point sums and change their last bits.
 *
 * <p>There are ceil(partitions / fan-in) sections, at most one per unit, so a merge task takes in
 * about fan-in states' worth of sections (more when the units run out), and the driver holds at
 * most fan-in states on the driver path and two (the sections and their join) past it.
 */
public final class PartitionFold {

  /**
   * The Spark setting for the fan-in: the partition count up to which states merge on the driver,
   * and about how many states' worth of sections one merge task takes in past it.
   */
  public static final String FAN_IN_SETTING = "spark.driftline.merge.fanIn";
  /**
   * 32: a local run's or a small day's partitions stay on the driver path (no shuffle), which holds
   * at most 32 states (83 MB at the benchmark's 2.6 MB profile state), and a merge task's 32
   * states' worth of input fits in an executor core's share of memory.
   */
  public static final int DEFAULT_FAN_IN = 32;

  private PartitionFold() {}

  /** Makes an empty state; called on the driver and once per partition on the executors. */
  @FunctionalInterface
  public interface EmptyState<S> extends Serializable {
    S create();
  }

  /** Adds one partition's items (rows or column batches) to an empty state, read once, in order. */
  @FunctionalInterface
  public interface Filler<T, S> extends Serializable {
    void fill(Iterator<T> items, S state);
  }

  /** Adds one partition's rows to an empty state. */
  @FunctionalInterface
  public interface PartitionFiller<S> extends Filler<InternalRow, S> {}

  /**
   * The merged state of all partitions of {@code prepared}, whose columns must have exactly
   * {@code columnTypes}, in order ({@code input} names it in the error otherwise).
   */
  public static <S extends MergeableState<S>> S fold(Dataset<Row> prepared, String input,
      List<DataType> columnTypes, EmptyState<S> empty, PartitionFiller<S> filler) {
    checkColumnTypes(prepared, input, columnTypes);
    return fold(prepared.queryExecution().toRdd().toJavaRDD(), fanIn(prepared), empty, filler);
  }

  /**
   * {@link #fold} of the column batches a vectorized scan decodes for its input
   * ({@link ColumnBatches}): the same partitions, rows and order as the input's rows.
   */
  static <S extends MergeableState<S>> S foldBatches(ColumnBatches batches, String input, List<DataType> columnTypes,
      EmptyState<S> empty, Filler<ColumnarBatch, S> filler) {
    checkColumnTypes(batches.prepared(), input, columnTypes);
    return fold(batches.rdd(), fanIn(batches.prepared()), empty, filler);
  }

  private static <T, S extends MergeableState<S>> S fold(JavaRDD<T> rows, int fanIn, EmptyState<S> empty,
      Filler<T, S> filler) {
    int partitions = rows.getNumPartitions();
    S total = empty.create();
    if (partitions <= fanIn) {
      for (S partial : rows.mapPartitions(new Fill<>(empty, filler)).collect()) {
        total = total.merge(partial);
      }
      return total;
    }
    Sections sections = new Sections(partitions, total.units(), fanIn);
    List<S> merged = JavaPairRDD.fromJavaRDD(rows.mapPartitionsWithIndex(new Cut<>(empty, filler, sections), false))
        .partitionBy(sections)
        .mapPartitionsWithIndex(new MergeSection<>(empty, sections), false)
        .collect();
    return total.join(merged);
  }

  private static int fanIn(Dataset<Row> prepared) {
    String value = prepared.sparkSession().conf().get(FAN_IN_SETTING, String.valueOf(DEFAULT_FAN_IN));
    try {
      int fanIn = Integer.parseInt(value.trim());
      if (fanIn >= 2) {
        return fanIn;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(FAN_IN_SETTING + " must be an integer of at least 2, got '" + value + "'");
  }

  static void checkColumnTypes(Dataset<Row> prepared, String input, List<DataType> expected) {
    List<DataType> actual = Arrays.stream(prepared.schema().fields()).map(StructField::dataType).toList();
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(input + " input must have column types " + expected + " but has " + actual);
    }
  }

  /** One partition's state. */
  private static <T, S> S filled(EmptyState<S> empty, Filler<T, S> filler, Iterator<T> rows) {
    S state = empty.create();
    filler.fill(rows, state);
    return state;
  }

  private record Fill<T, S>(EmptyState<S> empty, Filler<T, S> filler) implements FlatMapFunction<Iterator<T>, S> {

    @Override
    public Iterator<S> call(Iterator<T> rows) {
      return List.of(filled(empty, filler, rows)).iterator();
    }
  }

  /** One partition's state cut into its sections, each keyed by (section, partition index). */
  private record Cut<T, S extends MergeableState<S>>(EmptyState<S> empty, Filler<T, S> filler, Sections sections)
      implements Function2<Integer, Iterator<T>, Iterator<Tuple2<Long, S>>> {

    @Override
    public Iterator<Tuple2<Long, S>> call(Integer partition, Iterator<T> rows) {
      S state = filled(empty, filler, rows);
      List<Tuple2<Long, S>> out = new ArrayList<>(sections.count());
      for (int k = 0; k < sections.count(); k++) {
        out.add(new Tuple2<>(sections.key(k, partition), state.section(sections.from(k), sections.from(k + 1))));
      }
      return out.iterator();
    }
  }

  /**
   * Section k of every partition, in partition order, merged into an empty section k. Sections
   * arrive in whatever order the shuffle fetches them; one that arrives before its turn waits.
   */
  private record MergeSection<S extends MergeableState<S>>(EmptyState<S> empty, Sections sections)
      implements Function2<Integer, Iterator<Tuple2<Long, S>>, Iterator<S>> {

    @Override
    public Iterator<S> call(Integer k, Iterator<Tuple2<Long, S>> arriving) {
      S merged = empty.create().section(sections.from(k), sections.from(k + 1));
      Map<Integer, S> early = new HashMap<>();
      int next = 0;
      while (arriving.hasNext()) {
        Tuple2<Long, S> section = arriving.next();
        early.put(sections.partition(section._1()), section._2());
        for (S turn = early.remove(next); turn != null; turn = early.remove(next)) {
          merged = merged.merge(turn);
          next++;
        }
      }
      if (next != sections.partitions || !early.isEmpty()) {
        throw new IllegalStateException("section " + k + " merged " + next + " of " + sections.partitions
            + " partitions");
      }
      return List.of(merged).iterator();
    }
  }

  /**
   * How the units are cut: ceil(partitions / fan-in) sections of consecutive units (at least one,
   * at most one per unit), and the shuffle key (section, partition index) that sends a section to
   * its merge task and tells it which partition the section came from.
   */
  private static final class Sections extends Partitioner {

    private static final long serialVersionUID = 1L;
    private final int partitions;
    private final int units;
    private final int count;

    Sections(int partitions, int units, int fanIn) {
      this.partitions = partitions;
      this.units = units;
      this.count = Math.max(1, Math.min(units, (partitions + fanIn - 1) / fanIn));
    }

    int count() {
      return count;
    }

    /** The first unit of section k; {@code from(count())} is the number of units. */
    int from(int k) {
      return (int) ((long) k * units / count);
    }

    long key(int section, int partition) {
      return (long) section * partitions + partition;
    }

    int partition(long key) {
      return (int) (key % partitions);
    }

    @Override
    public int numPartitions() {
      return count;
    }

    /** The section of a key, which is its merge task. */
    @Override
    public int getPartition(Object key) {
      return (int) ((Long) key / partitions);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sections s && s.partitions == partitions && s.units == units && s.count == count;
    }

    @Override
    public int hashCode() {
      return (partitions * 31 + units) * 31 + count;
    }
  }
}
