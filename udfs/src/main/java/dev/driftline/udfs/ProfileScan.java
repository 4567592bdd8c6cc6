package dev.driftline.udfs;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.RowBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One pass over prepared rows that fills a {@link ProfileAccumulator}: every column's histogram in
 * the global slice and in every slice group at once.
 *
 * <p>It reads Spark's internal rows directly (no conversion to {@code Row}, no boxing) and merges
 * the per-partition results on the driver in partition order, so the same input always gives
 * bit-identical sums and moments, which a per-key shuffle merge does not promise.
 *
 * <p>The input's columns must be, in this order: one STRING column per slice dimension, one
 * DOUBLE column per numeric column, one STRING column per categorical column of the layout.
 */
public final class ProfileScan {

  private ProfileScan() {}

  public static ProfileAccumulator scan(Dataset<Row> prepared, ProfileLayout layout) {
    checkSchema(prepared, layout);
    List<ProfileAccumulator> partials = prepared.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new PartitionScan(layout))
        .collect();
    ProfileAccumulator total = new ProfileAccumulator(layout);
    for (ProfileAccumulator partial : partials) {
      total.merge(partial);
    }
    return total;
  }

  private static void checkSchema(Dataset<Row> prepared, ProfileLayout layout) {
    List<DataType> expected = new ArrayList<>();
    layout.sliceKeys().forEach(k -> expected.add(DataTypes.StringType));
    layout.numericBins().forEach(b -> expected.add(DataTypes.DoubleType));
    layout.categoricalBins().forEach(b -> expected.add(DataTypes.StringType));
    StructField[] fields = prepared.schema().fields();
    List<DataType> actual = new ArrayList<>();
    for (StructField f : fields) {
      actual.add(f.dataType());
    }
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException(
          "profile input must have column types " + expected + " but has " + actual);
    }
  }

  private static final class PartitionScan implements FlatMapFunction<Iterator<InternalRow>, ProfileAccumulator> {

    private static final long serialVersionUID = 1L;
    private final ProfileLayout layout;

    PartitionScan(ProfileLayout layout) {
      this.layout = layout;
    }

    @Override
    public Iterator<ProfileAccumulator> call(Iterator<InternalRow> rows) {
      int dims = layout.sliceKeys().size();
      int numeric = layout.numericBins().size();
      int categorical = layout.categoricalBins().size();
      // Lookups and bin numbers resolved once per partition, not per value.
      Vocabulary[] sliceIndex = new Vocabulary[dims];
      int[] otherSlice = new int[dims];
      for (int d = 0; d < dims; d++) {
        List<String> vocabulary = layout.sliceVocabularies().get(d);
        sliceIndex[d] = new Vocabulary(vocabulary);
        otherSlice[d] = vocabulary.size();
      }
      Vocabulary[] categoryIndex = new Vocabulary[categorical];
      int[] otherBin = new int[categorical];
      int[] nullBin = new int[categorical];
      for (int c = 0; c < categorical; c++) {
        CategoricalBins bins = layout.categoricalBins().get(c);
        categoryIndex[c] = new Vocabulary(bins.categories());
        otherBin[c] = bins.otherBin();
        nullBin[c] = bins.nullBin();
      }
      ProfileAccumulator acc = new ProfileAccumulator(layout);
      RowBatch batch = new RowBatch(layout);
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        for (int d = 0; d < dims; d++) {
          batch.slice(d, row.isNullAt(d) ? otherSlice[d] + 1
              : sliceIndex[d].indexOf(row.getUTF8String(d), otherSlice[d]));
        }
        for (int c = 0; c < numeric; c++) {
          int field = dims + c;
          if (row.isNullAt(field)) {
            batch.numericNull(c);
          } else {
            batch.numeric(c, row.getDouble(field));
          }
        }
        for (int c = 0; c < categorical; c++) {
          int field = dims + numeric + c;
          batch.categorical(c, row.isNullAt(field) ? nullBin[c]
              : categoryIndex[c].indexOf(row.getUTF8String(field), otherBin[c]));
        }
        if (batch.endRow()) {
          acc.add(batch);
        }
      }
      acc.add(batch);
      return List.of(acc).iterator();
    }
  }

  /**
   * Position of a string in a vocabulary (slice values, top categories). Strings of at most 8
   * bytes, the usual codes and ids, are identified by their length and their bytes packed in a
   * long, looked up in an open-addressing table: no hashing of the bytes and no byte-by-byte
   * equality, which made HashMap lookups one of the largest costs in profiles of the scan (see
   * BENCHMARKS.md). Longer strings go through a HashMap.
   */
  static final class Vocabulary {

    private static final int MAX_PACKED_BYTES = 8;
    private final long[] packed;
    private final int[] lengths;
    /** Position + 1 in the vocabulary; 0 marks an empty slot. */
    private final int[] positions;
    private final int mask;
    private final Map<UTF8String, Integer> longStrings = new HashMap<>();

    Vocabulary(List<String> values) {
      int slots = Integer.highestOneBit(Math.max(4, values.size() * 4) - 1) << 1;
      packed = new long[slots];
      lengths = new int[slots];
      positions = new int[slots];
      mask = slots - 1;
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

    private int slot(long prefix, int length) {
      long h = (prefix + length) * 0x9E3779B97F4A7C15L;
      return (int) (h >>> 32) & mask;
    }
  }
}
