package dev.driftline.udfs;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The long-format rows of one histogram pair seen so far, one (key, ref count, cur count) per
 * bin in arrival order: the buffer of the metric aggregates. Spark feeds rows and merges
 * partial buffers in no particular order, so metrics read {@link #sorted()} or
 * {@link #mergedByKey()}. Public only because Spark's buffer encoder requires it.
 */
public final class BinRows implements Serializable {

  private static final long serialVersionUID = 1L;

  private double[] keys = new double[8];
  private long[] ref = new long[8];
  private long[] cur = new long[8];
  private int size;

  void add(double key, long refCount, long curCount) {
    if (size == keys.length) {
      int capacity = Math.max(8, size * 2);
      keys = Arrays.copyOf(keys, capacity);
      ref = Arrays.copyOf(ref, capacity);
      cur = Arrays.copyOf(cur, capacity);
    }
    keys[size] = key;
    ref[size] = refCount;
    cur[size] = curCount;
    size++;
  }

  BinRows addAll(BinRows other) {
    for (int i = 0; i < other.size; i++) {
      add(other.keys[i], other.ref[i], other.cur[i]);
    }
    return this;
  }

  int size() {
    return size;
  }

  double[] keys() {
    return Arrays.copyOf(keys, size);
  }

  long[] refCounts() {
    return Arrays.copyOf(ref, size);
  }

  long[] curCounts() {
    return Arrays.copyOf(cur, size);
  }

  /**
   * The rows in increasing (key, ref count, cur count) order: a metric then sees the same
   * sequence, and rounds the same way, however the rows were partitioned and ordered.
   */
  BinRows sorted() {
    return collect(false);
  }

  /** {@link #sorted()} with the rows that share a key added up into one bin. */
  BinRows mergedByKey() {
    return collect(true);
  }

  private BinRows collect(boolean mergeEqualKeys) {
    int[] order = IntStream.range(0, size).boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> keys[i])
            .thenComparingLong(i -> ref[i])
            .thenComparingLong(i -> cur[i]))
        .mapToInt(Integer::intValue).toArray();
    BinRows result = new BinRows();
    for (int i : order) {
      int last = result.size - 1;
      if (mergeEqualKeys && last >= 0 && result.keys[last] == keys[i]) {
        result.ref[last] += ref[i];
        result.cur[last] += cur[i];
      } else {
        result.add(keys[i], ref[i], cur[i]);
      }
    }
    return result;
  }

  /** Only the used part of the arrays crosses the wire. */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    keys = keys();
    ref = refCounts();
    cur = curCounts();
    out.defaultWriteObject();
  }
}
