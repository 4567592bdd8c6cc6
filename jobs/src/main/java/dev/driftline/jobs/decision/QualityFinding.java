package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.Locale;
import java.util.Map;

/**
 * The data quality of one column in one slice on one day, next to the reference's: each rate as
 * counts on both sides, so a policy can test the difference and not only its size.
 *
 * @param rows the slice's rows that day
 * @param rates the rates that apply to the column's kind, in {@link Measure} order
 */
public record QualityFinding(Slice slice, MonitoredColumn column, long rows,
    Map<Measure, Rate> rates) {

  /** The rates a data-quality row holds, by their column names. */
  public enum Measure {
    NULL_RATE, NAN_RATE, INFINITY_RATE, OUT_OF_RANGE_RATE, UNSEEN_CATEGORY_RATE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code count} of {@code of} values on the day, {@code refCount} of {@code refOf} in the
   * reference (both 0 when the reference has nothing to say). {@code pAdjusted} is the p-value of
   * the two-proportion test of the day against the reference after the day's multiple-testing
   * adjustment, NaN when it was not tested.
   */
  public record Rate(long count, long of, long refCount, long refOf, double pAdjusted) {

    /** count / of, NaN when there is nothing to divide. */
    public double value() {
      return of == 0 ? Double.NaN : count / (double) of;
    }

    public double refValue() {
      return refOf == 0 ? Double.NaN : refCount / (double) refOf;
    }

    public Rate withPAdjusted(double p) {
      return new Rate(count, of, refCount, refOf, p);
    }
  }

  public Rate rate(Measure measure) {
    return rates.get(measure);
  }
}
