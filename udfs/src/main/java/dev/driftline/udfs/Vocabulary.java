package dev.driftline.udfs;

import dev.driftline.udfs.math.ProfileLayout;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary;
import org.apache.spark.sql.execution.vectorized.WritableColumnVector;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Position of a string in a vocabulary (slice values, top categories). Strings of at most 8
 * bytes, the usual codes and ids, are identified by their length and their bytes packed in a
 * long, looked up in an open-addressing table: no hashing of the bytes and no byte-by-byte
 * equality, which made HashMap lookups one of the largest costs in profiles of the scan (see
 * BENCHMARKS.md). Longer strings go through a HashMap.
 *
 * <p>A column vector that Parquet left dictionary-encoded is looked up once per dictionary entry
 * instead of once per row ({@link #lookup(ColumnVector, int, int, int[])}): a slice or category
 * column is a few distinct strings repeated, and decoding and looking each row's string up was
 * 13% of a profile's samples at the benchmark's default shape (see BENCHMARKS.md).
 *
 * <p>Built once per partition on the executor, and used by one thread: not serializable.
 */
final class Vocabulary {

  /**
   * A vector's dictionary, which Spark does not expose, and the Parquet dictionary inside Spark's
   * wrapper of it: Spark wraps it anew for every batch, Parquet has one per column chunk, and a new
   * one means new ids. Null if this Spark has no such field: then every row of a vector is looked
   * up, or every batch's dictionary is taken as new.
   */
  private static final Field VECTOR_DICTIONARY = field(WritableColumnVector.class);
  private static final Field PARQUET_DICTIONARY = field(ParquetDictionary.class);

  private static final int MAX_PACKED_BYTES = 8;
  private final long[] packed;
  private final int[] lengths;
  /** Position + 1 in the vocabulary; 0 marks an empty slot. */
  private final int[] positions;
  private final int mask;
  private final Map<UTF8String, Integer> longStrings = new HashMap<>();
  private final int other;
  /** The dictionary {@link #byId} belongs to, by identity (Parquet's, inside Spark's wrapper). */
  private Object dictionary;
  /** Position + 1 of each dictionary id looked up so far in {@link #dictionary}; 0 for not yet. */
  private int[] byId = new int[0];

  Vocabulary(List<String> values) {
    int slots = Integer.highestOneBit(Math.max(4, values.size() * 4) - 1) << 1;
    packed = new long[slots];
    lengths = new int[slots];
    positions = new int[slots];
    mask = slots - 1;
    other = values.size();
    for (int i = 0; i < values.size(); i++) {
      UTF8String s = UTF8String.fromString(values.get(i));
      if (s.numBytes() > MAX_PACKED_BYTES) {
        longStrings.put(s, i);
        continue;
      }
      int slot = slot(s.getPrefix(), s.numBytes());
      while (positions[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      packed[slot] = s.getPrefix();
      lengths[slot] = s.numBytes();
      positions[slot] = i + 1;
    }
  }

  /** One vocabulary per slice dimension of the layout, in dimension order. */
  static Vocabulary[] ofSlices(ProfileLayout layout) {
    return layout.sliceVocabularies().stream().map(Vocabulary::new).toArray(Vocabulary[]::new);
  }

  /** The value's position, or {@code missing} when it is not in the vocabulary. */
  int indexOf(UTF8String value, int missing) {
    int length = value.numBytes();
    if (length > MAX_PACKED_BYTES) {
      return longStrings.getOrDefault(value, missing);
    }
    // The prefix holds all the bytes (zero-padded); the length tells "a" from "a\0".
    long prefix = value.getPrefix();
    for (int slot = slot(prefix, length); positions[slot] != 0; slot = (slot + 1) & mask) {
      if (packed[slot] == prefix && lengths[slot] == length) {
        return positions[slot] - 1;
      }
    }
    return missing;
  }

  /**
   * Position of the STRING at {@code field} of a row: its index, the vocabulary size for a value
   * outside it, size + 1 for null. Slice groups and category bins are both numbered this way.
   */
  int lookup(InternalRow row, int field) {
    return row.isNullAt(field) ? other + 1 : indexOf(row.getUTF8String(field), other);
  }

  /** {@link #lookup(InternalRow, int)} of the STRING at {@code row} of a column vector. */
  int lookup(ColumnVector column, int row) {
    return column.isNullAt(row) ? other + 1 : indexOf(column.getUTF8String(row), other);
  }

  /**
   * {@link #lookup(ColumnVector, int)} of rows {@code from} to {@code from + n} (exclusive) into
   * {@code out[0..n)}; a dictionary-encoded vector's ids are looked up once each per dictionary.
   */
  void lookup(ColumnVector column, int from, int n, int[] out) {
    WritableColumnVector ids = dictionaryIds(column);
    for (int r = 0; r < n; r++) {
      int row = from + r;
      if (ids == null || column.isNullAt(row)) {
        out[r] = lookup(column, row);
        continue;
      }
      int id = ids.getInt(row);
      if (id >= byId.length) {
        byId = Arrays.copyOf(byId, Math.max(id + 1, 2 * byId.length));
      }
      if (byId[id] == 0) {
        byId[id] = indexOf(column.getUTF8String(row), other) + 1;
      }
      out[r] = byId[id] - 1;
    }
  }

  /** The ids of a dictionary-encoded vector, {@link #byId} emptied if its dictionary is new; null for any other vector. */
  private WritableColumnVector dictionaryIds(ColumnVector column) {
    if (VECTOR_DICTIONARY == null || !(column instanceof WritableColumnVector vector) || !vector.hasDictionary()) {
      return null;
    }
    Object current;
    try {
      current = VECTOR_DICTIONARY.get(vector);
      if (current instanceof ParquetDictionary && PARQUET_DICTIONARY != null) {
        current = PARQUET_DICTIONARY.get(current);
      }
    } catch (IllegalAccessException e) {
      return null;
    }
    if (current != dictionary) {
      dictionary = current;
      Arrays.fill(byId, 0);
    }
    return vector.getDictionaryIds();
  }

  /** The field {@code dictionary} of a Spark class, made readable; null without one. */
  private static Field field(Class<?> owner) {
    try {
      Field field = owner.getDeclaredField("dictionary");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private int slot(long prefix, int length) {
    long h = (prefix + length) * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 32) & mask;
  }
}
