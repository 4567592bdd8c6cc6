package dev.driftline.udfs;

import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.RowBatch;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One pass over prepared rows that fills a {@link ProfileAccumulator}: every column's histogram in
 * the global slice and in every slice group at once, folded over partitions by
 * {@link PartitionFold}, so the same input always gives bit-identical sums and moments.
 *
 * <p>The input's columns must be, in this order: one STRING column per slice dimension, one
 * DOUBLE column per numeric column, one STRING column per categorical column of the layout.
 */
public final class ProfileScan {

  private ProfileScan() {}

  public static ProfileAccumulator scan(Dataset<Row> prepared, ProfileLayout layout) {
    return PartitionFold.fold(prepared, "profile", columnTypes(layout), () -> new ProfileAccumulator(layout),
        new PartitionScan(layout));
  }

  private static List<DataType> columnTypes(ProfileLayout layout) {
    List<DataType> types = new ArrayList<>();
    layout.sliceKeys().forEach(k -> types.add(DataTypes.StringType));
    layout.numericBins().forEach(b -> types.add(DataTypes.DoubleType));
    layout.categoricalBins().forEach(b -> types.add(DataTypes.StringType));
    return types;
  }

  private static final class PartitionScan implements PartitionFold.PartitionFiller<ProfileAccumulator> {

    private static final long serialVersionUID = 1L;
    private final ProfileLayout layout;

    PartitionScan(ProfileLayout layout) {
      this.layout = layout;
    }

    @Override
    public void fill(Iterator<InternalRow> rows, ProfileAccumulator acc) {
      int dims = layout.sliceKeys().size();
      int numeric = layout.numericBins().size();
      int categorical = layout.categoricalBins().size();
      // Lookups resolved once per partition, not per value.
      Vocabulary[] sliceIndex = Vocabulary.ofSlices(layout);
      Vocabulary[] categoryIndex = new Vocabulary[categorical];
      for (int c = 0; c < categorical; c++) {
        categoryIndex[c] = new Vocabulary(layout.categoricalBins().get(c).categories());
      }
      RowBatch batch = new RowBatch(layout);
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        for (int d = 0; d < dims; d++) {
          batch.slice(d, sliceIndex[d].lookup(row, d));
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
          batch.categorical(c, categoryIndex[c].lookup(row, dims + numeric + c));
        }
        if (batch.endRow()) {
          acc.add(batch);
        }
      }
      acc.add(batch);
    }
  }
}
