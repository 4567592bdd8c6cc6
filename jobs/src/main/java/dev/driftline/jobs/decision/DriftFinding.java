package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.List;
import java.util.Locale;

/**
 * One column in one slice against its reference (BASELINE) or its previous day (CONSECUTIVE):
 * both histograms, every measure between them, and the chi-square p-value after the day's
 * multiple-testing adjustment (NaN when the comparison had too few rows to be tested).
 *
 * @param comparedTo the reference window ({@code start..end}) or the previous day
 * @param binLabels the label of each bin, for the bins that moved most
 */
public record DriftFinding(Comparison comparison, String comparedTo, Slice slice, MonitoredColumn column,
    List<String> binLabels, Histogram ref, Histogram cur, DriftSummary summary, double pAdjusted) {

  /** What the day is compared with. */
  public enum Comparison {
    BASELINE, CONSECUTIVE;

    public String key() {
      return name();
    }
  }

  public double value(DriftMeasure measure) {
    return summary.value(measure);
  }

  public DriftFinding withPAdjusted(double p) {
    return new DriftFinding(comparison, comparedTo, slice, column, binLabels, ref, cur, summary, p);
  }

  /** {@code slice_key=slice_value column}, for logs and reports. */
  public String describe() {
    return String.format(Locale.ROOT, "%s=%s %s", slice.key(), slice.value(), column.name());
  }
}
