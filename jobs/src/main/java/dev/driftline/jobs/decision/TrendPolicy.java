package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.PsiTrend;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Flags gradual drift before any single day crosses its threshold: a column in a slice whose PSI
 * against the reference is still below the warn level but rising steadily enough to be projected
 * to reach it soon is {@link Severity#EMERGING}. A heads-up, not an alert: once a day reaches
 * warn, {@link DriftPolicy} speaks and this policy says none.
 *
 * <p><b>Method.</b> Over the days of the last {@code windowDays} (today included) that have a
 * comparison with at least {@code minRows} rows on either side, {@link PsiTrend} fits a straight
 * line to each day's effect sqrt(max(psi - expected_psi, 0)) (linear in time when the mean moves
 * by the same amount every day, since PSI grows with the square of a shift), weighted by each
 * day's sampling precision, and tests its slope with a t-test whose residual variance never goes
 * below sampling noise. The series is emerging when all of these hold:
 *
 * <ul>
 *   <li>today's PSI is below warn;
 *   <li>the slope is positive with one-sided p-value at most {@code significance};
 *   <li>the fitted line reaches warn within {@code horizonDays} days;
 *   <li>today's PSI is itself beyond its noise floor: {@code psi_p_value} at most {@code maxPValue}.
 * </ul>
 *
 * <p>Large samples make any small stable difference significant, so significance of today's PSI
 * alone says nothing about a trend; a stable offset fails the projection (its slope is about 0) and
 * noise fails the slope test. With fewer than {@link #MIN_POINTS} usable days, or no usable
 * comparison today, the result is insufficient data.
 *
 * <p><b>Defaults</b> (measured by {@code TrendPolicySimulationTest}): a window of
 * {@value #DEFAULT_WINDOW_DAYS} days, a horizon of {@value #DEFAULT_HORIZON_DAYS} days and a
 * significance of 1e-4 ({@link #DEFAULT_SIGNIFICANCE}). At these, on 10 quantile bins, a mean
 * drifting by 0.03 standard deviations a day on 30,000 rows a day (warn fires on day 11 or 12) is
 * emerging on day 5 or 6, 5 to 7 days ahead, with a projected crossing 1 day early to 2 days late;
 * pure noise on 2,400 slices of 750 rows a day gave no emerging series in 100 nights; a stable
 * offset at half the warn level never emerged in 600 days. {@code maxPValue} and {@code minRows}
 * are the drift policy's ({@code drift.max_p_value}, {@code drift.min_rows}).
 *
 * <p><b>Input.</b> The finding holds the BASELINE rows of {@code drift_metrics} for one column in
 * one slice over the last {@code windowDays} days up to the day assessed (older points are
 * ignored; missing days may be left out): {@code ds}, {@code psi}, {@code expected_psi},
 * {@code psi_p_value}, {@code n_ref} and {@code n_cur}. {@code nonempty_bins} is not needed:
 * {@code expected_psi} = (nonempty_bins - 1)(1/n_cur + 1/n_ref) carries it. The threshold is the
 * PSI warn level, since the noise model is PSI's.
 */
public final class TrendPolicy implements Policy<DriftTrendFinding> {

  /** The fewest usable days a trend is fitted on. */
  public static final int MIN_POINTS = 4;
  /** Days looked back, today included. */
  public static final int DEFAULT_WINDOW_DAYS = 7;
  /** How far ahead a projected crossing of warn still counts as soon. */
  public static final int DEFAULT_HORIZON_DAYS = 14;
  /**
   * One-sided level of the slope test. Strict because it runs for every column in every slice
   * every night: about 2,400 series a night should give at most one false heads-up in 100 nights.
   */
  public static final double DEFAULT_SIGNIFICANCE = 1e-4;

  private final Double warn;
  private final double maxPValue;
  private final long minRows;
  private final int windowDays;
  private final int horizonDays;
  private final double significance;

  /** The policy with the default window, horizon and significance. */
  public TrendPolicy(Double warn, double maxPValue, long minRows) {
    this(warn, maxPValue, minRows, DEFAULT_WINDOW_DAYS, DEFAULT_HORIZON_DAYS, DEFAULT_SIGNIFICANCE);
  }

  /**
   * @param warn the PSI warn level the trend is projected onto; null: never emerging
   * @param maxPValue the largest {@code psi_p_value} today at which today's PSI counts as real
   * @param minRows the rows either side of a day needs to be used
   * @param windowDays days looked back, today included; at least {@link #MIN_POINTS}
   * @param horizonDays how many days ahead a projected crossing still counts; at least 1
   * @param significance the one-sided level of the slope test, in (0, 1)
   */
  public TrendPolicy(Double warn, double maxPValue, long minRows, int windowDays, int horizonDays,
      double significance) {
    if (warn != null && !(warn > 0)) {
      throw new IllegalArgumentException("the psi warn level must be positive, got " + warn);
    }
    if (windowDays < MIN_POINTS) {
      throw new IllegalArgumentException("the window must be at least " + MIN_POINTS + " days, got " + windowDays);
    }
    if (horizonDays < 1) {
      throw new IllegalArgumentException("the horizon must be at least 1 day, got " + horizonDays);
    }
    if (!(significance > 0 && significance < 1)) {
      throw new IllegalArgumentException("the significance must be in (0, 1), got " + significance);
    }
    this.warn = warn;
    this.maxPValue = maxPValue;
    this.minRows = minRows;
    this.windowDays = windowDays;
    this.horizonDays = horizonDays;
    this.significance = significance;
  }

  /** The policy on the job's PSI warn level, {@code drift.max_p_value} and {@code drift.min_rows}. */
  public static TrendPolicy of(JobSpec spec) {
    Levels psi = spec.thresholds().get(DriftMeasure.PSI);
    return new TrendPolicy(psi == null ? null : psi.warn(), spec.maxPValue(), spec.minRows());
  }

  /**
   * The assessment with what it was based on.
   *
   * @param trend the fitted trend; null when none was fitted
   * @param projectedCrossing the day the fitted line reaches warn, when its rise is significant;
   *     otherwise null
   */
  public record Outcome(Assessment assessment, PsiTrend trend, LocalDate projectedCrossing) {}

  @Override
  public Assessment assess(DriftTrendFinding f) {
    return evaluate(f).assessment();
  }

  public Outcome evaluate(DriftTrendFinding f) {
    if (warn == null) {
      return new Outcome(Assessment.none("no psi warn threshold configured"), null, null);
    }
    List<DayPoint> points = f.points();
    if (points.isEmpty()) {
      return new Outcome(Assessment.insufficient("no days to judge"), null, null);
    }
    DayPoint today = points.get(points.size() - 1);
    if (!usable(today)) {
      return new Outcome(Assessment.insufficient(String.format(Locale.ROOT,
          "no comparison today (%s) with at least drift.min_rows=%d rows on either side", today.ds(), minRows)),
          null, null);
    }
    LocalDate first = today.ds().minusDays(windowDays - 1L);
    List<DayPoint> used = points.stream().filter(p -> !p.ds().isBefore(first) && usable(p)).toList();
    if (used.size() < MIN_POINTS) {
      return new Outcome(Assessment.insufficient(String.format(Locale.ROOT,
          "%d of the last %d days have a comparison with at least drift.min_rows=%d rows; a trend needs %d",
          used.size(), windowDays, minRows, MIN_POINTS)), null, null);
    }
    if (today.psi() >= warn) {
      return new Outcome(new Assessment(Severity.NONE, DriftMeasure.PSI.key(), warn, String.format(Locale.ROOT,
          "psi %.3f is at or above warn %s already: the drift policy judges it", today.psi(), level())), null, null);
    }
    PsiTrend trend = fit(today.ds(), used);
    DayPoint oldest = used.get(0);
    String change = String.format(Locale.ROOT, "psi %s from %.3f to %.3f over %d days",
        today.psi() > oldest.psi() ? "rose" : "went", oldest.psi(), today.psi(),
        ChronoUnit.DAYS.between(oldest.ds(), today.ds()) + 1);
    if (!(trend.pValue() <= significance)) {
      return none(trend, null, String.format(Locale.ROOT, "%s; no significant rise (trend p=%.2g > %.2g)",
          change, trend.pValue(), significance));
    }
    long days = Math.max(1, (long) Math.ceil(trend.daysToReach(warn, today.expectedPsi())));
    LocalDate crossing = today.ds().plusDays(days);
    String projected = String.format(Locale.ROOT, "projected to reach warn %s in %d days (%s; trend p=%.2g)",
        level(), days, crossing, trend.pValue());
    if (days > horizonDays) {
      return none(trend, crossing, String.format(Locale.ROOT, "%s; %s, beyond the %d-day horizon",
          change, projected, horizonDays));
    }
    if (!(today.psiPValue() <= maxPValue)) {
      return none(trend, crossing, String.format(Locale.ROOT,
          "%s; %s, but today's psi is within its noise floor (psi_p_value=%.3g > %.3g)",
          change, projected, today.psiPValue(), maxPValue));
    }
    return new Outcome(new Assessment(Severity.EMERGING, DriftMeasure.PSI.key(), warn, change + "; " + projected),
        trend, crossing);
  }

  private Outcome none(PsiTrend trend, LocalDate crossing, String reason) {
    return new Outcome(new Assessment(Severity.NONE, DriftMeasure.PSI.key(), warn, reason), trend, crossing);
  }

  private boolean usable(DayPoint p) {
    return Double.isFinite(p.psi()) && Double.isFinite(p.expectedPsi()) && p.nRef() >= minRows
        && p.nCur() >= minRows && p.nRef() > 0 && p.nCur() > 0;
  }

  private static PsiTrend fit(LocalDate today, List<DayPoint> used) {
    int n = used.size();
    double[] day = new double[n];
    double[] psi = new double[n];
    double[] expected = new double[n];
    long[] nRef = new long[n];
    long[] nCur = new long[n];
    for (int i = 0; i < n; i++) {
      DayPoint p = used.get(i);
      day[i] = ChronoUnit.DAYS.between(today, p.ds());
      psi[i] = p.psi();
      expected[i] = p.expectedPsi();
      nRef[i] = p.nRef();
      nCur[i] = p.nCur();
    }
    return PsiTrend.fit(day, psi, expected, nRef, nCur);
  }

  /** The warn level as written in config, e.g. {@code 0.1}. */
  private String level() {
    return BigDecimal.valueOf(warn).stripTrailingZeros().toPlainString();
  }
}
