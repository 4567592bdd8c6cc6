package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityFinding.Rate;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.MultipleTesting;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Data quality of one column in one slice on one day. A rate alerts when it rose over the
 * reference's by at least a level's threshold (in absolute rate units: 0.03 is three percentage
 * points) and the two-proportion test of the day against the reference finds the rise significant
 * after the day's multiple-testing adjustment ({@link #withPValues}). Decreases never alert.
 *
 * <p>{@code maxPValue} and {@code minRows} are the drift settings' ({@code drift.max_p_value},
 * {@code drift.min_rows}; see {@link #of(JobSpec)}), so quality and drift judge a slice by the same
 * evidence.
 */
public final class QualityPolicy implements Policy<QualityFinding> {

  /**
   * Warn at a rise of 0.03, critical at 0.10, the same for every rate: each is the share of a
   * column's values a model cannot use or never saw in training (null, NaN, infinite, outside the
   * reference's range, or a category the reference lacks), so a rise means the same damage
   * whichever it is.
   *
   * <p>Critical at 0.10: a tenth more of the values gone bad is what a broken join, a renamed
   * source field or a new upstream default looks like; a 0 -> 0.20 spike is far past it.
   *
   * <p>Warn at 0.03 rather than 0.02: the smallest slice tested has {@code min_rows} (200 by
   * default) rows, where a column that is 1% null expects 2 nulls, and there the chi-square test
   * is too quick to call a few extra nulls significant. For a reference of 1,000 nulls in 100,000
   * rows and days of 50 to 5,000 rows (uniform) drawn binomially at 1%, the chance that a
   * slice-day rises past warn with a p-value that survives adjustment as a lone discovery among
   * 29 tests (p <= 0.01 / 29) is 6.4e-5 at 0.02 but 3.7e-6 at 0.03 (summed exactly over the
   * binomial counts with SciPy): for 30 such columns in 30 slices, about 20 false warns a year
   * against about 1. A large slice shows a real rise of 0.03 at once, so little damage hides.
   */
  public static final Map<Measure, Levels> DEFAULT_THRESHOLDS = defaultThresholds();

  private final Map<Measure, Levels> thresholds;
  private final double maxPValue;
  private final long minRows;

  /**
   * @param thresholds levels on the rise of each rate over the reference's; a measure absent or
   *     mapped to null never alerts. Each level set must be finite and above 0.
   * @param maxPValue the largest adjusted p-value that still counts as significant, in (0, 1]
   * @param minRows the fewest rows a day (and each side of a test) needs to be judged, at least 1
   */
  public QualityPolicy(Map<Measure, Levels> thresholds, double maxPValue, long minRows) {
    if (!(maxPValue > 0 && maxPValue <= 1)) {
      throw new IllegalArgumentException("maxPValue must be in (0, 1], got " + maxPValue);
    }
    if (minRows < 1) {
      throw new IllegalArgumentException("minRows must be at least 1, got " + minRows);
    }
    EnumMap<Measure, Levels> copy = new EnumMap<>(Measure.class);
    thresholds.forEach((m, l) -> {
      if (l != null) {
        checkLevel(m, "warn", l.warn());
        checkLevel(m, "critical", l.critical());
        copy.put(m, l);
      }
    });
    this.thresholds = Collections.unmodifiableMap(copy);
    this.maxPValue = maxPValue;
    this.minRows = minRows;
  }

  /** The config's thresholds ({@code quality.thresholds}) with the drift settings' max p-value and minimum rows. */
  public static QualityPolicy of(JobSpec spec) {
    return new QualityPolicy(spec.qualityThresholds(), spec.maxPValue(), spec.minRows());
  }

  public Map<Measure, Levels> thresholds() {
    return thresholds;
  }

  public double maxPValue() {
    return maxPValue;
  }

  public long minRows() {
    return minRows;
  }

  /**
   * p-value of the two-sided two-proportion test of the day's {@code count/of} against the
   * reference's {@code refCount/refOf} (the 2 x 2 chi-square test without continuity correction);
   * NaN when either side has nothing to count.
   */
  public static double pValue(Rate r) {
    if (r.of() == 0 || r.refOf() == 0) {
      return Double.NaN;
    }
    return DriftMetrics.chiSquarePValue(new long[] {r.refCount(), r.refOf() - r.refCount()},
        new long[] {r.count(), r.of() - r.count()});
  }

  /**
   * The day's findings with every rate's {@code pAdjusted} filled in: the p-values of all the
   * day's testable rates form one family, adjusted together as {@code adjustment} says. A rate is
   * tested when both its day's and its reference's denominators are at least {@code minRows};
   * the others get NaN and stay out of the family. Order and everything else are kept.
   */
  public static List<QualityFinding> withPValues(List<QualityFinding> day, PValueAdjustment adjustment,
      long minRows) {
    List<Map<Measure, Rate>> rates = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    for (QualityFinding f : day) {
      Map<Measure, Rate> inOrder = new EnumMap<>(Measure.class);
      f.rates().forEach((m, r) -> {
        if (r != null) {
          inOrder.put(m, r);
        }
      });
      inOrder.values().forEach(r -> raw.add(r.of() >= minRows && r.refOf() >= minRows ? pValue(r) : Double.NaN));
      rates.add(inOrder);
    }
    double[] p = raw.stream().mapToDouble(Double::doubleValue).toArray();
    double[] adjusted = adjustment == PValueAdjustment.BENJAMINI_HOCHBERG ? MultipleTesting.benjaminiHochberg(p) : p;
    List<QualityFinding> out = new ArrayList<>(day.size());
    int i = 0;
    for (int f = 0; f < day.size(); f++) {
      Map<Measure, Rate> filled = new EnumMap<>(Measure.class);
      for (Map.Entry<Measure, Rate> e : rates.get(f).entrySet()) {
        filled.put(e.getKey(), e.getValue().withPAdjusted(adjusted[i++]));
      }
      QualityFinding q = day.get(f);
      out.add(new QualityFinding(q.slice(), q.column(), q.rows(),
          Collections.unmodifiableMap(filled)));
    }
    return out;
  }

  /**
   * Too few rows that day, or no rate the reference can speak to, is insufficient data. Otherwise
   * the highest level any significant rise reaches ({@link Crossing#highest}); when only rises
   * that are not significant cross a level, none, naming the highest of those and its p-value.
   */
  @Override
  public Assessment assess(QualityFinding finding) {
    if (finding.rows() < minRows) {
      return Assessment.insufficient(String.format(Locale.ROOT,
          "too few rows to judge: rows=%d < min_rows=%d", finding.rows(), minRows));
    }
    if (finding.rates().values().stream().allMatch(r -> r == null || Double.isNaN(rise(r)))) {
      return Assessment.insufficient("no rate has both the day's values and the reference's to compare");
    }
    Optional<Crossing<Measure>> significant =
        Crossing.highest(thresholds, m -> significant(finding.rate(m)) ? rise(finding.rate(m)) : Double.NaN);
    if (significant.isPresent()) {
      Crossing<Measure> c = significant.get();
      Rate r = finding.rate(c.metric());
      return new Assessment(c.severity(), c.metric().key(), c.threshold(),
          crossed(c, r) + ", p adjusted " + num(r.pAdjusted()));
    }
    Optional<Crossing<Measure>> any = Crossing.highest(thresholds, m -> rise(finding.rate(m)));
    if (any.isEmpty()) {
      return Assessment.none("no rate rose over the reference's to a threshold");
    }
    Crossing<Measure> c = any.get();
    Rate r = finding.rate(c.metric());
    String why = Double.isNaN(r.pAdjusted())
        ? "not tested (fewer than min_rows=" + minRows + " values on a side)"
        : "not significant (p adjusted " + num(r.pAdjusted()) + " > max_p_value " + num(maxPValue) + ")";
    return new Assessment(Severity.NONE, c.metric().key(), c.threshold(), crossed(c, r) + " but " + why);
  }

  private boolean significant(Rate r) {
    return r != null && r.pAdjusted() <= maxPValue;
  }

  /** The day's rate minus the reference's; NaN when either is unknown (or the rate is absent). */
  private static double rise(Rate r) {
    return r == null ? Double.NaN : r.value() - r.refValue();
  }

  /** E.g. "null_rate 0.2 (6000/30000) vs reference 0 (0/100000): +0.2 >= critical threshold 0.1". */
  private static String crossed(Crossing<Measure> c, Rate r) {
    return String.format(Locale.ROOT, "%s %s (%d/%d) vs reference %s (%d/%d): +%s >= %s threshold %s",
        c.metric().key(), num(r.value()), r.count(), r.of(), num(r.refValue()), r.refCount(), r.refOf(),
        num(c.value()), c.severity().key(), num(c.threshold()));
  }

  /** Three significant digits without trailing zeros; scientific below 1e-4 (tiny p-values). */
  static String num(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    if (x != 0 && Math.abs(x) < 1e-4) {
      return String.format(Locale.ROOT, "%.3g", x);
    }
    return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
  }

  private static void checkLevel(Measure m, String level, Double value) {
    if (value != null && !(value > 0 && value < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(m.key() + " " + level + " threshold must be finite and above 0, got " + value);
    }
  }

  private static Map<Measure, Levels> defaultThresholds() {
    EnumMap<Measure, Levels> m = new EnumMap<>(Measure.class);
    for (Measure measure : Measure.values()) {
      m.put(measure, new Levels(0.03, 0.10));
    }
    return Collections.unmodifiableMap(m);
  }
}
