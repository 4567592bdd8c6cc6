package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.jobs.drift.DriftTrends.SeriesKey;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The BASELINE rows of {@code drift_metrics} as the daily points of each column's trend. */
public final class TrendRows {

  private TrendRows() {}

  /** Each series' points over [from, to], in day order. */
  public static Map<SeriesKey, List<DayPoint>> read(Dataset<Row> driftMetrics, String model, LocalDate from,
      LocalDate to) {
    List<Row> rows = driftMetrics
        .where(col("model").equalTo(lit(model)).and(col("comparison").equalTo(lit(Comparison.BASELINE.key())))
            .and(col("ds").between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)))))
        .select("slice_key", "slice_value", "column_name", "ds", "psi", "expected_psi", "psi_p_value", "n_ref", "n_cur")
        .orderBy("ds").collectAsList();
    Map<SeriesKey, List<DayPoint>> series = new LinkedHashMap<>();
    for (Row r : rows) {
      series.computeIfAbsent(new SeriesKey(new Slice(r.getString(0), r.getString(1)), r.getString(2)),
          k -> new ArrayList<>()).add(new DayPoint(r.getDate(3).toLocalDate(), orNaN(r, 4), orNaN(r, 5), orNaN(r, 6),
          r.getLong(7), r.getLong(8)));
    }
    return series;
  }

  /** Stored NULL is a measure that was NaN. */
  private static double orNaN(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }
}
