package dev.driftline.udfs;

import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One pass over prepared rows that sketches every embedding column in every slice group, folded
 * over partitions by {@link PartitionFold} like the profile ({@link ProfileScan#scanWithEmbeddings}
 * does both in one pass).
 *
 * <p>The input's columns must be, in this order: one STRING column per slice dimension of the
 * slice layout, then one {@code ARRAY<DOUBLE>} column per embedding column.
 */
public final class EmbeddingScan {

  private EmbeddingScan() {}

  public static EmbeddingProfile scan(Dataset<Row> prepared, ProfileLayout slices, List<EmbeddingLayout> columns,
      int sampleSize, long seed) {
    List<DataType> types = new ArrayList<>();
    slices.sliceKeys().forEach(k -> types.add(DataTypes.StringType));
    types.addAll(columnTypes(columns));
    int firstField = slices.sliceKeys().size();
    return PartitionFold.fold(prepared, "embedding", types,
        () -> new EmbeddingProfile(slices, columns, sampleSize, seed), (rows, profile) -> {
          RowSketcher sketcher = new RowSketcher(slices, columns.size(), firstField);
          rows.forEachRemaining(row -> sketcher.add(row, profile));
        });
  }

  /** The input column of each embedding column: {@code ARRAY<DOUBLE>}. */
  static List<DataType> columnTypes(List<EmbeddingLayout> columns) {
    return columns.stream().map(c -> (DataType) DataTypes.createArrayType(DataTypes.DoubleType, true)).toList();
  }

  /**
   * Adds internal rows' embeddings to a profile: the slice dimensions are the row's first fields,
   * the embeddings the fields from {@code firstField} on. Lookups are resolved once per partition.
   */
  static final class RowSketcher {
    private final int dims;
    private final int columns;
    private final int firstField;
    private final Vocabulary[] sliceIndex;
    private final int[] firstGroups;
    private final int[] groups;

    RowSketcher(ProfileLayout slices, int columns, int firstField) {
      this.dims = slices.sliceKeys().size();
      this.columns = columns;
      this.firstField = firstField;
      this.sliceIndex = Vocabulary.ofSlices(slices);
      this.firstGroups = new int[dims];
      for (int d = 0; d < dims; d++) {
        firstGroups[d] = slices.firstGroupOf(d);
      }
      this.groups = new int[dims + 1];
    }

    void add(InternalRow row, EmbeddingProfile profile) {
      for (int d = 0; d < dims; d++) {
        groups[d + 1] = firstGroups[d] + sliceIndex[d].lookup(row, d);
      }
      for (int c = 0; c < columns; c++) {
        profile.add(c, groups, values(row, firstField + c));
      }
    }

    /** The array's values, or null when it or one of its elements is null (an invalid row). */
    private static double[] values(InternalRow row, int field) {
      if (row.isNullAt(field)) {
        return null;
      }
      ArrayData array = row.getArray(field);
      for (int i = 0; i < array.numElements(); i++) {
        if (array.isNullAt(i)) {
          return null;
        }
      }
      return array.toDoubleArray();
    }
  }
}
