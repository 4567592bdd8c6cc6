package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.udfs.math.MetricDelta;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.PerformanceMetric;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Warn or critical when a quality metric degraded against the reference by at least its threshold
 * and the degradation is significant after the day's multiple-testing adjustment, so that a noisy
 * day on few labels, or one of the day's many slices, does not raise an alert by chance.
 *
 * <p>The degradation is measured beyond each side's noise floor (ECE's expected value under
 * perfect calibration at the sample's size, {@link MetricDelta#corrected}); its p-value is the
 * normal one of that corrected delta over the delta's standard error, one-sided in the direction
 * that degrades the metric. The day's tests (every slice and metric with a threshold and a
 * standard error) are adjusted together ({@link #adjusted}), and an alert needs the adjusted
 * p-value at most {@code drift.max_p_value}: performance, data quality and drift judge the day
 * at the same level.
 */
public final class PerformancePolicy implements Policy<PerformanceFinding> {

  private final Map<PerformanceMetric, Levels> thresholds;
  private final double maxPValue;
  private final PValueAdjustment adjustment;

  /**
   * @param maxPValue the largest adjusted p-value that still counts as significant, in (0, 1]
   * @param adjustment how a day's p-values are adjusted together
   */
  public PerformancePolicy(Map<PerformanceMetric, Levels> thresholds, double maxPValue,
      PValueAdjustment adjustment) {
    if (!(maxPValue > 0 && maxPValue <= 1)) {
      throw new IllegalArgumentException("maxPValue must be in (0, 1], got " + maxPValue);
    }
    this.thresholds = thresholds;
    this.maxPValue = maxPValue;
    this.adjustment = adjustment;
  }

  /** The performance thresholds with the drift settings' max p-value and adjustment. */
  public static PerformancePolicy of(JobSpec spec) {
    return new PerformancePolicy(spec.performance().thresholds(), spec.maxPValue(), spec.pValueAdjustment());
  }

  /** True when the finding is one of the day's tests: its metric has a threshold and its delta a standard error. */
  public boolean tested(PerformanceFinding f) {
    return thresholds.containsKey(f.metric()) && !Double.isNaN(f.pValue());
  }

  /**
   * The day's findings (every slice) with {@code pAdjusted} filled in: the p-values of the tested
   * findings form one family, adjusted together (Benjamini-Hochberg unless the adjustment is
   * none); the others get NaN and stay out of it. Order and everything else are kept.
   */
  public List<PerformanceFinding> adjusted(List<PerformanceFinding> day) {
    return TestFamily.adjusted(day, f -> tested(f) ? f.pValue() : Double.NaN, PerformanceFinding::withPAdjusted,
        adjustment);
  }

  @Override
  public Assessment assess(PerformanceFinding f) {
    PerformanceMetric metric = f.metric();
    Levels levels = thresholds.get(metric);
    if (levels == null) {
      return Assessment.none("no threshold configured for " + metric.key());
    }
    MetricDelta delta = f.delta();
    if (Double.isNaN(delta.standardError())) {
      String why = f.day().note() != null ? "day: " + f.day().note()
          : f.ref().note() != null ? "reference: " + f.ref().note() : "no standard error";
      return Assessment.insufficient("no interval for the delta (" + why + ")");
    }
    double degradation = f.degradation();
    Severity reached = levels.reached(degradation);
    String evidence = evidence(f);
    if (!reached.alerts()) {
      return Assessment.none(String.format(Locale.ROOT, "%s degraded by %.4g%s, below the warn threshold (%s)",
          metric.key(), degradation, beyondFloors(f), evidence));
    }
    double threshold = levels.threshold(reached);
    String crossed = String.format(Locale.ROOT, "%s degraded by %.4g%s >= %s threshold %.4g", metric.key(),
        degradation, beyondFloors(f), reached.key(), threshold);
    if (!(f.pAdjusted() <= maxPValue)) {
      return new Assessment(Severity.NONE, metric.key(), threshold, crossed + " but not significant (" + evidence
          + "; p adjusted " + num(f.pAdjusted()) + " > max_p_value " + num(maxPValue) + ")");
    }
    return new Assessment(reached, metric.key(), threshold, crossed + " (" + evidence + ", p adjusted "
        + num(f.pAdjusted()) + ")");
  }

  /** E.g. " beyond the noise floors (0.041 - 0.012 vs reference 0.02 - 0.002)", or "" without floors. */
  private static String beyondFloors(PerformanceFinding f) {
    PerformanceEstimate day = f.day();
    PerformanceEstimate ref = f.ref();
    if (Double.isNaN(day.noiseFloor()) || Double.isNaN(ref.noiseFloor())) {
      return "";
    }
    return " beyond the noise floors (" + num(day.value()) + " - " + num(day.noiseFloor()) + " vs reference "
        + num(ref.value()) + " - " + num(ref.noiseFloor()) + ")";
  }

  private static String num(double x) {
    return QualityPolicy.num(x);
  }

  private static String evidence(PerformanceFinding f) {
    MetricDelta delta = f.delta();
    return String.format(Locale.ROOT, "delta %.4g, standard error %.4g, p %s", delta.delta(), delta.standardError(),
        num(f.pValue()));
  }
}
