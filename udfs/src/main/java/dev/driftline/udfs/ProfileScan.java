package dev.driftline.udfs;

import dev.driftline.udfs.math.DayStates;
import dev.driftline.udfs.math.EmbeddingLayout;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.RowBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * One pass over prepared rows that fills a {@link ProfileAccumulator}: every column's histogram in
 * the global slice and in every slice group at once, folded over partitions by
 * {@link PartitionFold}, so the same input always gives bit-identical sums and moments.
 *
 * <p>The input's columns must be, in this order: one STRING column per slice dimension, one
 * DOUBLE column per numeric column, one STRING column per categorical column of the layout.
 *
 * <p>Without embeddings, the scan reads the column batches of a vectorized scan when the input
 * has them ({@link ColumnBatches}: plain columns of a Parquet or Delta source) and Spark's rows
 * otherwise. Both give the same bits: the same values reach the accumulator in the same order.
 */
public final class ProfileScan {

  private ProfileScan() {}

  public static ProfileAccumulator scan(Dataset<Row> prepared, ProfileLayout layout) {
    Optional<ColumnBatches> batches = ColumnBatches.of(prepared);
    if (batches.isEmpty()) {
      return scanRows(prepared, layout);
    }
    ColumnBatches.Column[] columns = batches.get().columns().toArray(ColumnBatches.Column[]::new);
    return PartitionFold.foldBatches(batches.get(), "profile", columnTypes(layout), () -> new ProfileAccumulator(layout),
        (items, acc) -> {
          Profiler profiler = new Profiler(layout);
          items.forEachRemaining(batch -> profiler.add(batch, 0, batch.numRows(), columns, acc));
          profiler.flush(acc);
        });
  }

  /** {@link #scan} through Spark's rows, whatever the input: what an input without column batches takes. */
  public static ProfileAccumulator scanRows(Dataset<Row> prepared, ProfileLayout layout) {
    return PartitionFold.fold(prepared, "profile", columnTypes(layout), () -> new ProfileAccumulator(layout),
        (rows, acc) -> {
          Profiler profiler = new Profiler(layout);
          rows.forEachRemaining(row -> profiler.add(row, acc));
          profiler.flush(acc);
        });
  }

  /**
   * The profile and the embedding sketches of the same rows in one pass. The input's columns are
   * the profile's, then one {@code ARRAY<DOUBLE>} column per embedding column; the sketches are on
   * {@code layout}'s slices.
   */
  public static PairState<ProfileAccumulator, EmbeddingProfile> scanWithEmbeddings(Dataset<Row> prepared,
      ProfileLayout layout, List<EmbeddingLayout> embeddings, int sampleSize, long seed) {
    List<DataType> types = columnTypes(layout);
    types.addAll(EmbeddingScan.columnTypes(embeddings));
    int firstEmbedding = layout.sliceKeys().size() + layout.columnCount();
    return PartitionFold.fold(prepared, "profile", types,
        () -> new PairState<>(new ProfileAccumulator(layout), new EmbeddingProfile(layout, embeddings, sampleSize, seed)),
        (rows, state) -> {
          Profiler profiler = new Profiler(layout);
          EmbeddingScan.RowSketcher sketcher = new EmbeddingScan.RowSketcher(layout, embeddings.size(), firstEmbedding);
          rows.forEachRemaining(row -> {
            profiler.add(row, state.first());
            sketcher.add(row, state.second());
          });
          profiler.flush(state.first());
        });
  }

  /**
   * {@link #scanWithEmbeddings} of many days in one pass, the day as the outermost group: the
   * input's columns are that scan's (no embedding columns without {@code embeddings}), then the
   * INT index of the row's day in {@code [0, days)}. A day's result equals the scan of its rows
   * alone when they are read in one partition in the same order.
   */
  public static List<PairState<ProfileAccumulator, EmbeddingProfile>> scanDays(Dataset<Row> prepared,
      ProfileLayout layout, List<EmbeddingLayout> embeddings, int sampleSize, long seed, int days) {
    List<DataType> types = columnTypes(layout);
    types.addAll(EmbeddingScan.columnTypes(embeddings));
    types.add(DataTypes.IntegerType);
    int dayField = types.size() - 1;
    PartitionFold.EmptyState<DayStates<PairState<ProfileAccumulator, EmbeddingProfile>>> empty = () -> new DayStates<>(
        days, () -> new PairState<>(new ProfileAccumulator(layout), new EmbeddingProfile(layout, embeddings, sampleSize,
            seed)));
    Optional<ColumnBatches> batches = embeddings.isEmpty() ? ColumnBatches.of(prepared) : Optional.empty();
    if (batches.isPresent()) {
      ColumnBatches.Column[] columns = batches.get().columns().toArray(ColumnBatches.Column[]::new);
      ColumnBatches.Column day = columns[dayField];
      return PartitionFold.foldBatches(batches.get(), "profile", types, empty, (items, state) -> {
        Profiler[] profilers = new Profiler[days];
        items.forEachRemaining(batch -> {
          ColumnVector dayVector = batch.column(day.ordinal());
          // Runs of rows of one day (a whole batch of a partitioned table) go to that day's profiler.
          for (int from = 0, to; from < batch.numRows(); from = to) {
            int d = day.days(dayVector, from);
            for (to = from + 1; to < batch.numRows() && day.days(dayVector, to) == d; to++) {
              // the run goes on
            }
            profilers[d] = profilers[d] == null ? new Profiler(layout) : profilers[d];
            profilers[d].add(batch, from, to, columns, state.day(d).first());
          }
        });
        flushDays(profilers, state);
      }).toList();
    }
    int firstEmbedding = layout.sliceKeys().size() + layout.columnCount();
    return PartitionFold.fold(prepared, "profile", types, empty, (rows, state) -> {
      Profiler[] profilers = new Profiler[days];
      EmbeddingScan.RowSketcher sketcher = embeddings.isEmpty() ? null
          : new EmbeddingScan.RowSketcher(layout, embeddings.size(), firstEmbedding);
      rows.forEachRemaining(row -> {
        int d = row.getInt(dayField);
        profilers[d] = profilers[d] == null ? new Profiler(layout) : profilers[d];
        PairState<ProfileAccumulator, EmbeddingProfile> day = state.day(d);
        profilers[d].add(row, day.first());
        if (sketcher != null) {
          sketcher.add(row, day.second());
        }
      });
      flushDays(profilers, state);
    }).toList();
  }

  private static void flushDays(Profiler[] profilers, DayStates<PairState<ProfileAccumulator, EmbeddingProfile>> state) {
    for (int d = 0; d < profilers.length; d++) {
      if (profilers[d] != null) {
        profilers[d].flush(state.day(d).first());
      }
    }
  }

  private static List<DataType> columnTypes(ProfileLayout layout) {
    List<DataType> types = new ArrayList<>();
    layout.sliceKeys().forEach(k -> types.add(DataTypes.StringType));
    layout.numericBins().forEach(b -> types.add(DataTypes.DoubleType));
    layout.categoricalBins().forEach(b -> types.add(DataTypes.StringType));
    return types;
  }

  /**
   * Adds internal rows, or rows of column batches, to an accumulator through a {@link RowBatch}:
   * slices first, then numeric, then categorical fields. Lookups are resolved once per partition,
   * not per value.
   */
  private static final class Profiler {
    private final int dims;
    private final int numeric;
    private final int categorical;
    private final Vocabulary[] sliceIndex;
    private final Vocabulary[] categoryIndex;
    private final RowBatch batch;
    /** One column's positions in the rows being added from a column batch. */
    private final int[] positions = new int[RowBatch.CAPACITY];

    Profiler(ProfileLayout layout) {
      dims = layout.sliceKeys().size();
      numeric = layout.numericBins().size();
      categorical = layout.categoricalBins().size();
      sliceIndex = Vocabulary.ofSlices(layout);
      categoryIndex = new Vocabulary[categorical];
      for (int c = 0; c < categorical; c++) {
        categoryIndex[c] = new Vocabulary(layout.categoricalBins().get(c).categories());
      }
      batch = new RowBatch(layout);
    }

    void add(InternalRow row, ProfileAccumulator acc) {
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

    /**
     * Adds rows {@code from} to {@code to} (exclusive) of a column batch, whose prepared columns
     * are {@code columns}: as many rows at a time as the row batch takes, one column at a time.
     */
    void add(ColumnarBatch rows, int from, int to, ColumnBatches.Column[] columns, ProfileAccumulator acc) {
      for (int n; from < to; from += n) {
        n = Math.min(batch.room(), to - from);
        for (int d = 0; d < dims; d++) {
          sliceIndex[d].lookup(rows.column(columns[d].ordinal()), from, n, positions);
          for (int r = 0; r < n; r++) {
            batch.slice(d, r, positions[r]);
          }
        }
        for (int c = 0; c < numeric; c++) {
          ColumnBatches.Column column = columns[dims + c];
          ColumnVector v = rows.column(column.ordinal());
          for (int r = 0; r < n; r++) {
            if (v.isNullAt(from + r)) {
              batch.numericNull(c, r);
            } else {
              batch.numeric(c, r, column.number(v, from + r));
            }
          }
        }
        for (int c = 0; c < categorical; c++) {
          categoryIndex[c].lookup(rows.column(columns[dims + numeric + c].ordinal()), from, n, positions);
          for (int r = 0; r < n; r++) {
            batch.categorical(c, r, positions[r]);
          }
        }
        if (batch.endRows(n)) {
          acc.add(batch);
        }
      }
    }

    /** Adds the rows still batched. */
    void flush(ProfileAccumulator acc) {
      acc.add(batch);
    }
  }
}
