package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import java.util.Locale;

/**
 * The volume of one slice on one day. It alerts when the day's rows are a level's factor off the
 * reference's daily average, either way (2 is half or double), and the difference is significant
 * after the day's adjustment; a slice that expects at least {@code min_rows} rows and has none is
 * critical. A slice that expects fewer rows is not judged: its days are too noisy to tell.
 */
public final class VolumePolicy implements Policy<VolumeFinding> {

  /**
   * Warn at half or double the usual rows, critical at a tenth or ten times. A feed that broke
   * or lost a source drops far past half; a weekly cycle (weekends at 60 to 80% of weekdays in
   * most consumer traffic) stays inside it. Raise warn for a model whose weekends are quieter.
   */
  public static final Levels DEFAULT_LEVELS = new Levels(2.0, 10.0);

  private final Levels levels;
  private final double maxPValue;
  private final long minRows;

  public VolumePolicy(Levels levels, double maxPValue, long minRows) {
    this.levels = levels;
    this.maxPValue = maxPValue;
    this.minRows = minRows;
  }

  /** The config's {@code quality.volume} levels with the drift settings' max p-value and minimum rows. */
  public static VolumePolicy of(JobSpec spec) {
    return new VolumePolicy(spec.volumeLevels(), spec.maxPValue(), spec.minRows());
  }

  @Override
  public Assessment assess(VolumeFinding f) {
    if (f.refRows() == 0) {
      return Assessment.insufficient("the slice had no rows in the reference");
    }
    if (f.expectedRows() < minRows) {
      return Assessment.insufficient(String.format(Locale.ROOT,
          "too few rows a day to judge: the reference averages %s < min_rows=%d", QualityPolicy.num(f.expectedRows()),
          minRows));
    }
    Severity reached = levels.reached(f.factor());
    String counted = String.format(Locale.ROOT, "%d rows vs %s a day in the reference (%s)", f.rows(),
        QualityPolicy.num(f.expectedRows()), f.rows() == 0 ? "no rows"
            : f.ratio() < 1 ? QualityPolicy.num(f.factor()) + " times fewer" : QualityPolicy.num(f.factor()) + " times more");
    if (!reached.alerts()) {
      return Assessment.none(counted + "; within the quality.volume levels");
    }
    String crossed = counted + String.format(Locale.ROOT, " >= %s factor %s", reached.key(),
        QualityPolicy.num(levels.threshold(reached)));
    return Assessment.ifSignificant(reached, "volume", levels.threshold(reached), crossed, f.pAdjusted(), maxPValue);
  }
}
