package dev.driftline.udfs;

import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
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
 * One pass over predictions joined with their labels that fills a {@link PerformanceAccumulator}:
 * every day and every slice at once, merged on the driver like {@link ProfileScan}.
 *
 * <p>The input's columns must be, in this order: {@code day} INT (an index into the days
 * scanned), one STRING column per slice dimension, {@code prediction} DOUBLE, {@code label}
 * DOUBLE (null when unlabelled), {@code label_count} BIGINT (labels the prediction had), {@code key}
 * BIGINT (a hash of the request id) and {@code latency} DOUBLE (null when not logged). Rows with a
 * null prediction are skipped.
 */
public final class PerformanceScan {

  private PerformanceScan() {}

  public static PerformanceAccumulator scan(Dataset<Row> prepared, ProfileLayout layout, int days,
      MetricFamily family) {
    checkSchema(prepared, layout);
    List<PerformanceAccumulator> partials = prepared.queryExecution().toRdd().toJavaRDD()
        .mapPartitions(new PartitionScan(layout, days, family))
        .collect();
    PerformanceAccumulator total = new PerformanceAccumulator(layout, days, family);
    for (PerformanceAccumulator partial : partials) {
      total.merge(partial);
    }
    return total;
  }

  private static void checkSchema(Dataset<Row> prepared, ProfileLayout layout) {
    List<DataType> expected = new ArrayList<>();
    expected.add(DataTypes.IntegerType);
    layout.sliceKeys().forEach(k -> expected.add(DataTypes.StringType));
    expected.addAll(List.of(DataTypes.DoubleType, DataTypes.DoubleType, DataTypes.LongType, DataTypes.LongType,
        DataTypes.DoubleType));
    List<DataType> actual = new ArrayList<>();
    for (StructField f : prepared.schema().fields()) {
      actual.add(f.dataType());
    }
    if (!actual.equals(expected)) {
      throw new IllegalArgumentException("performance input must have column types " + expected + " but has " + actual);
    }
  }

  private static final class PartitionScan implements FlatMapFunction<Iterator<InternalRow>, PerformanceAccumulator> {

    private static final long serialVersionUID = 1L;
    private final ProfileLayout layout;
    private final int days;
    private final MetricFamily family;

    PartitionScan(ProfileLayout layout, int days, MetricFamily family) {
      this.layout = layout;
      this.days = days;
      this.family = family;
    }

    @Override
    public Iterator<PerformanceAccumulator> call(Iterator<InternalRow> rows) {
      int dims = layout.sliceKeys().size();
      List<Map<UTF8String, Integer>> sliceIndex = new ArrayList<>(dims);
      for (List<String> vocabulary : layout.sliceVocabularies()) {
        Map<UTF8String, Integer> index = new HashMap<>();
        for (int i = 0; i < vocabulary.size(); i++) {
          index.put(UTF8String.fromString(vocabulary.get(i)), i);
        }
        sliceIndex.add(index);
      }
      PerformanceAccumulator acc = new PerformanceAccumulator(layout, days, family);
      int[] sliceValue = new int[dims];
      int prediction = dims + 1;
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (row.isNullAt(prediction)) {
          continue;
        }
        for (int d = 0; d < dims; d++) {
          int other = layout.sliceVocabularies().get(d).size();
          sliceValue[d] = row.isNullAt(d + 1) ? other + 1
              : sliceIndex.get(d).getOrDefault(row.getUTF8String(d + 1), other);
        }
        boolean labelled = !row.isNullAt(prediction + 1);
        acc.add(row.getInt(0), sliceValue, row.getDouble(prediction),
            labelled ? row.getDouble(prediction + 1) : Double.NaN,
            labelled ? row.getLong(prediction + 2) : 0,
            row.getLong(prediction + 3),
            row.isNullAt(prediction + 4) ? Double.NaN : row.getDouble(prediction + 4));
      }
      return List.of(acc).iterator();
    }
  }
}
