package dev.driftline.udfs;

import dev.driftline.udfs.math.MetricFamily;
import dev.driftline.udfs.math.PerformanceAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * One pass over predictions joined with their labels that fills a {@link PerformanceAccumulator}:
 * every day and every slice at once, folded over partitions by {@link PartitionFold} like
 * {@link ProfileScan}.
 *
 * <p>The input's columns are those of {@link Fields}, in order. Rows with a null prediction are
 * skipped.
 */
public final class PerformanceScan {

  private PerformanceScan() {}

  public static PerformanceAccumulator scan(Dataset<Row> prepared, ProfileLayout layout, int days,
      MetricFamily family) {
    return scan(prepared, layout, days, family, false);
  }

  /** With {@code keepScores}, the accumulator also keeps the unlabelled rows' scores. */
  public static PerformanceAccumulator scan(Dataset<Row> prepared, ProfileLayout layout, int days,
      MetricFamily family, boolean keepScores) {
    Fields fields = Fields.of(layout.sliceKeys().size());
    return PartitionFold.fold(prepared, "performance", fields.types(),
        () -> new PerformanceAccumulator(layout, days, family, keepScores), new PartitionScan(layout, fields));
  }

  /**
   * Positions of the input's columns: {@code day} INT (an index into the days scanned), one STRING
   * column per slice dimension, {@code prediction} DOUBLE, {@code label} DOUBLE (null when
   * unlabelled), {@code label_count} BIGINT (labels the prediction had), {@code key} BIGINT (a hash
   * of the request id) and {@code latency} DOUBLE (null when not logged).
   */
  record Fields(int dims, int prediction, int label, int labelCount, int key, int latency)
      implements Serializable {

    static final int DAY = 0;
    static final int FIRST_SLICE = 1;

    static Fields of(int dims) {
      int next = FIRST_SLICE + dims;
      // Arguments are evaluated left to right: the fields after the slices, in column order.
      return new Fields(dims, next++, next++, next++, next++, next);
    }

    List<DataType> types() {
      DataType[] types = new DataType[latency + 1];
      types[DAY] = DataTypes.IntegerType;
      Arrays.fill(types, FIRST_SLICE, FIRST_SLICE + dims, DataTypes.StringType);
      types[prediction] = DataTypes.DoubleType;
      types[label] = DataTypes.DoubleType;
      types[labelCount] = DataTypes.LongType;
      types[key] = DataTypes.LongType;
      types[latency] = DataTypes.DoubleType;
      return List.of(types);
    }
  }

  private static final class PartitionScan implements PartitionFold.PartitionFiller<PerformanceAccumulator> {

    private static final long serialVersionUID = 1L;
    private final ProfileLayout layout;
    private final Fields fields;

    PartitionScan(ProfileLayout layout, Fields fields) {
      this.layout = layout;
      this.fields = fields;
    }

    @Override
    public void fill(Iterator<InternalRow> rows, PerformanceAccumulator acc) {
      Vocabulary[] sliceIndex = Vocabulary.ofSlices(layout);
      int[] sliceValue = new int[fields.dims()];
      while (rows.hasNext()) {
        InternalRow row = rows.next();
        if (row.isNullAt(fields.prediction())) {
          continue;
        }
        for (int d = 0; d < sliceValue.length; d++) {
          sliceValue[d] = sliceIndex[d].lookup(row, Fields.FIRST_SLICE + d);
        }
        boolean labelled = !row.isNullAt(fields.label());
        acc.add(row.getInt(Fields.DAY), sliceValue, row.getDouble(fields.prediction()),
            labelled ? row.getDouble(fields.label()) : Double.NaN,
            labelled ? row.getLong(fields.labelCount()) : 0,
            row.getLong(fields.key()),
            row.isNullAt(fields.latency()) ? Double.NaN : row.getDouble(fields.latency()));
      }
    }
  }
}
