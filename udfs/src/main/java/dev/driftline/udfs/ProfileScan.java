package dev.driftline.udfs;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
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
      List<CategoricalBins> categorical = layout.categoricalBins();
      List<Map<UTF8String, Integer>> sliceIndex = new ArrayList<>(dims);
      for (List<String> vocabulary : layout.sliceVocabularies()) {
        sliceIndex.add(indexOf(vocabulary));
      }
      List<Map<UTF8String, Integer>> categoryIndex = new ArrayList<>(categorical.size());
      for (CategoricalBins bins : categorical) {
        categoryIndex.add(indexOf(bins.categories()));
      }
      ProfileAccumulator acc = new ProfileAccumulator(layout);
      int[] sliceValue = new int[dims];
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        for (int d = 0; d < dims; d++) {
          int other = layout.sliceVocabularies().get(d).size();
          sliceValue[d] = row.isNullAt(d) ? other + 1
              : sliceIndex.get(d).getOrDefault(row.getUTF8String(d), other);
        }
        acc.startRow(sliceValue);
        for (int c = 0; c < numeric; c++) {
          int field = dims + c;
          boolean isNull = row.isNullAt(field);
          acc.numeric(c, isNull, isNull ? 0 : row.getDouble(field));
        }
        for (int c = 0; c < categorical.size(); c++) {
          int field = dims + numeric + c;
          CategoricalBins bins = categorical.get(c);
          int bin = row.isNullAt(field) ? bins.nullBin()
              : categoryIndex.get(c).getOrDefault(row.getUTF8String(field), bins.otherBin());
          acc.categorical(c, bin);
        }
      }
      return List.of(acc).iterator();
    }

    private static Map<UTF8String, Integer> indexOf(List<String> values) {
      Map<UTF8String, Integer> index = new HashMap<>(values.size() * 2);
      for (int i = 0; i < values.size(); i++) {
        index.put(UTF8String.fromString(values.get(i)), i);
      }
      return index;
    }
  }
}
