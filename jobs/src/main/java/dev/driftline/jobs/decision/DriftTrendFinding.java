package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * One column in one slice over recent days, each day compared with the reference (BASELINE): what
 * {@link TrendPolicy} reads to tell whether drift is building up.
 *
 * @param points one per day with a comparison, oldest first, today (the day assessed) last; days
 *     without a comparison may be left out or given NaN values
 */
public record DriftTrendFinding(Slice slice, MonitoredColumn column, List<DayPoint> points) {

  public DriftTrendFinding {
    points = List.copyOf(points);
    for (int i = 1; i < points.size(); i++) {
      if (!points.get(i).ds().isAfter(points.get(i - 1).ds())) {
        throw new IllegalArgumentException("trend points must be in increasing day order, got "
            + points.get(i - 1).ds() + " before " + points.get(i).ds());
      }
    }
  }

  /**
   * One day's BASELINE comparison, as {@code drift_metrics} stores it: the PSI, its noise floor
   * {@code expected_psi}, {@code psi_p_value}, and the rows on either side. Values are NaN on a day
   * whose comparison had an empty side.
   */
  public record DayPoint(LocalDate ds, double psi, double expectedPsi, double psiPValue, long nRef, long nCur) {

    public static DayPoint of(LocalDate ds, DriftSummary s) {
      return new DayPoint(ds, s.value(DriftMeasure.PSI), s.value(DriftMeasure.EXPECTED_PSI),
          s.value(DriftMeasure.PSI_P_VALUE), s.nRef(), s.nCur());
    }
  }

  /** {@code slice_key=slice_value column}, for logs and reports. */
  public String describe() {
    return String.format(Locale.ROOT, "%s=%s %s", slice.key(), slice.value(), column.name());
  }
}
