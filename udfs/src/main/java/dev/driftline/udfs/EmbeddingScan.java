package dev.driftline.udfs;

import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One pass over prepared rows that sketches every embedding column in every slice group, folded
 * over partitions by {@link PartitionFold} like the profile.
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
    columns.forEach(c -> types.add(DataTypes.createArrayType(DataTypes.DoubleType, true)));
    return PartitionFold.fold(prepared, "embedding", types,
        () -> new EmbeddingProfile(slices, columns, sampleSize, seed), new PartitionScan(slices, columns.size()));
  }

  private record PartitionScan(ProfileLayout slices, int columns)
      implements PartitionFold.PartitionFiller<EmbeddingProfile> {

    @Override
    public void fill(Iterator<InternalRow> rows, EmbeddingProfile profile) {
      int dims = slices.sliceKeys().size();
      Vocabulary[] sliceIndex = Vocabulary.ofSlices(slices);
      int[] firstGroups = new int[dims];
      for (int d = 0; d < dims; d++) {
        firstGroups[d] = slices.firstGroupOf(d);
      }
      int[] groups = new int[dims + 1];
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        for (int d = 0; d < dims; d++) {
          groups[d + 1] = firstGroups[d] + sliceIndex[d].lookup(row, d);
        }
        for (int c = 0; c < columns; c++) {
          profile.add(c, groups, values(row, dims + c));
        }
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
