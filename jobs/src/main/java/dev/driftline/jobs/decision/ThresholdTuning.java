package dev.driftline.jobs.decision;

import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Drift thresholds tuned by backtest. {@code tune} replays days that are assumed to carry no real
 * drift (the reference window's own days, each against the window without it) and hands their
 * BASELINE findings to {@link #addDay}; the {@link Result} says, per column and measure (each
 * measure with configured thresholds, and PSI always), how many of the tested comparisons the
 * configured levels would alert on under {@link DriftPolicy} (which also requires the adjusted
 * chi-square p-value), and which warn level would alert on at most the target share of them.
 *
 * <p>Only comparisons with {@code drift.min_rows} rows on both sides count ("tested"): the others
 * are {@code insufficient_data} and never alert. A column's suggested warn is the nearest-rank
 * (1 - target) quantile of the measure over its tested comparisons, rounded up to the next value
 * with {@value #SIGNIFICANT_DIGITS} significant digits strictly above it, so at most the target
 * share reaches it even before the p-value gate. Thresholds are per measure, not per column: a
 * measure's suggested warn is the largest of its columns' suggestions, and its suggested critical
 * the larger of the configured critical and the largest value replayed in any column (rounded up
 * above it), so no replayed comparison would have been critical.
 */
public final class ThresholdTuning {

  public static final double DEFAULT_TARGET_RATE = 0.01;
  /** Suggestions lie on a grid of this many significant digits. */
  static final int SIGNIFICANT_DIGITS = 2;
  /** No suggestion is below this: smaller values are noise on every measure's scale. */
  static final double SMALLEST_SUGGESTION = 1e-4;

  private final DriftPolicy policy;
  private final double targetRate;
  private final List<DriftMeasure> measures;
  private final Map<String, List<Sample>> tested = new LinkedHashMap<>();
  private int days;
  private long comparisons;

  /** What a tested comparison's severity depends on: its measures and its adjusted p-value. */
  private record Sample(DriftSummary summary, double pAdjusted) {}

  public ThresholdTuning(DriftPolicy policy, double targetRate) {
    if (!(targetRate > 0 && targetRate < 1)) {
      throw new IllegalArgumentException("the target rate must be in (0, 1), got " + targetRate);
    }
    this.policy = policy;
    this.targetRate = targetRate;
    this.measures = Stream.concat(Stream.of(DriftMeasure.PSI), policy.thresholds().keySet().stream())
        .distinct().sorted().toList();
  }

  /** One replayed day's findings; CONSECUTIVE ones are ignored. */
  public void addDay(List<DriftFinding> findings) {
    days++;
    for (DriftFinding f : findings) {
      if (f.comparison() != Comparison.BASELINE) {
        continue;
      }
      comparisons++;
      List<Sample> column = tested.computeIfAbsent(f.column().name(), k -> new ArrayList<>());
      if (policy.enoughRows(f.summary())) {
        column.add(new Sample(f.summary(), f.pAdjusted()));
      }
    }
  }

  /**
   * One column under one measure. {@code alerts}: tested comparisons that this measure's configured
   * levels alone would alert on (0 without levels); {@code values}: tested comparisons where the
   * measure is defined (numeric-only measures are not defined on categorical columns);
   * {@code quantile}, {@code max} and {@code suggestedWarn} are NaN without values.
   */
  public record ColumnMeasure(String column, DriftMeasure measure, Levels configured, int tested, int alerts,
      int values, double quantile, double max, double suggestedWarn) {

    /** Share of the tested comparisons alerting at the configured levels; NaN without levels or tests. */
    public double rate() {
      return configured == null ? Double.NaN : share(alerts, tested);
    }
  }

  /** One column under the whole configured policy (any measure). */
  public record ColumnTotal(String column, int tested, int alerts) {
    public double rate() {
      return share(alerts, tested);
    }
  }

  /**
   * The suggested levels of one configured measure. {@code warnColumn} is the column whose
   * suggestion was the largest (null when nothing was replayed, and then the configured levels are
   * kept); {@code alerts} counts the tested comparisons of every column that this measure alone
   * would alert on at the suggested levels.
   */
  public record Suggestion(DriftMeasure measure, Levels configured, Levels suggested, String warnColumn,
      double max, int alerts) {

    public boolean replayed() {
      return warnColumn != null;
    }
  }

  /**
   * Everything {@code tune} prints. {@code alertsAtSuggested}: tested comparisons the whole policy
   * would alert on with every suggestion in place.
   */
  public record Result(double targetRate, int days, long comparisons, int tested, List<ColumnMeasure> columns,
      List<ColumnTotal> totals, List<Suggestion> suggestions, int alertsAtSuggested, int alertsAtConfigured) {

    /**
     * The suggested {@code drift.thresholds} as a YAML fragment to paste under {@code drift:}: one
     * warn/critical per configured measure, comment lines saying where they come from.
     */
    public String yaml() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "# drift.thresholds suggested by driftline tune: target false-alert rate %s"
          + " over %d replayed days (%d tested comparisons)\n", plain(targetRate), days, tested));
      out.append("# thresholds are per measure, not per column: each warn is the largest of its columns' suggestions\n");
      out.append("thresholds:\n");
      for (Suggestion s : suggestions) {
        List<String> levels = new ArrayList<>();
        if (s.suggested().warn() != null) {
          levels.add("warn: " + plain(s.suggested().warn()));
        }
        if (s.suggested().critical() != null) {
          levels.add("critical: " + plain(s.suggested().critical()));
        }
        out.append("  ").append(s.measure().key()).append(": {").append(String.join(", ", levels)).append('}')
            .append(s.replayed() ? "" : "  # configured levels kept: no replayed values").append('\n');
      }
      return out.toString();
    }
  }

  public Result result() {
    List<ColumnMeasure> columns = new ArrayList<>();
    List<ColumnTotal> totals = new ArrayList<>();
    Map<DriftMeasure, DriftPolicy> alone = new EnumMap<>(DriftMeasure.class);
    policy.thresholds().forEach((m, levels) -> alone.put(m, policy.withThresholds(Map.of(m, levels))));
    int testedTotal = 0;
    int alertsAtConfigured = 0;
    for (Map.Entry<String, List<Sample>> e : tested.entrySet()) {
      List<Sample> samples = e.getValue();
      testedTotal += samples.size();
      int any = alerts(policy, samples);
      alertsAtConfigured += any;
      totals.add(new ColumnTotal(e.getKey(), samples.size(), any));
      for (DriftMeasure m : measures) {
        double[] values = samples.stream().mapToDouble(s -> s.summary().value(m)).filter(v -> !Double.isNaN(v))
            .sorted().toArray();
        if (values.length == 0) {
          continue;
        }
        DriftPolicy measureAlone = alone.get(m);
        double q = upperQuantile(values, targetRate);
        columns.add(new ColumnMeasure(e.getKey(), m, policy.thresholds().get(m), samples.size(),
            measureAlone == null ? 0 : alerts(measureAlone, samples), values.length, q, values[values.length - 1],
            roundUpAbove(q)));
      }
    }
    List<Suggestion> suggestions = new ArrayList<>();
    Map<DriftMeasure, Levels> suggested = new EnumMap<>(DriftMeasure.class);
    for (Map.Entry<DriftMeasure, Levels> e : policy.thresholds().entrySet()) {
      Suggestion s = suggest(e.getKey(), e.getValue(), columns);
      suggestions.add(s);
      suggested.put(s.measure(), s.suggested());
    }
    return new Result(targetRate, days, comparisons, testedTotal, columns, totals, suggestions,
        alerts(policy.withThresholds(suggested), allSamples()), alertsAtConfigured);
  }

  private Suggestion suggest(DriftMeasure m, Levels configured, List<ColumnMeasure> columns) {
    ColumnMeasure top = null;
    double max = Double.NaN;
    for (ColumnMeasure c : columns) {
      if (c.measure() != m) {
        continue;
      }
      if (top == null || c.suggestedWarn() > top.suggestedWarn()) {
        top = c;
      }
      max = Double.isNaN(max) ? c.max() : Math.max(max, c.max());
    }
    if (top == null) {
      return new Suggestion(m, configured, configured, null, Double.NaN, alerts(policy.withThresholds(Map.of(m,
          configured)), allSamples()));
    }
    double warn = top.suggestedWarn();
    double critical = Math.max(warn, Math.max(roundUpAbove(max),
        configured.critical() == null ? Double.NEGATIVE_INFINITY : configured.critical()));
    Levels levels = new Levels(warn, critical);
    return new Suggestion(m, configured, levels, top.column(), max,
        alerts(policy.withThresholds(Map.of(m, levels)), allSamples()));
  }

  private List<Sample> allSamples() {
    return tested.values().stream().flatMap(List::stream).toList();
  }

  private static int alerts(DriftPolicy p, List<Sample> samples) {
    return (int) samples.stream().filter(s -> p.assess(s.summary(), s.pAdjusted()).severity().alerts()).count();
  }

  private static double share(int part, int whole) {
    return whole == 0 ? Double.NaN : (double) part / whole;
  }

  /**
   * The nearest-rank (1 - rate) quantile of sorted values: the value at most floor(rate n) values
   * lie strictly above, so any level strictly above it is reached by at most that many.
   */
  static double upperQuantile(double[] sorted, double rate) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    // The epsilon keeps a product such as 0.29 * 100 = 28.999999999999996 from losing a value.
    int allowed = Math.min((int) Math.floor(rate * sorted.length + 1e-9), sorted.length - 1);
    return sorted[sorted.length - 1 - allowed];
  }

  /**
   * The smallest value with {@value #SIGNIFICANT_DIGITS} significant digits strictly above
   * {@code x}, and at least {@link #SMALLEST_SUGGESTION}: 0.0213 gives 0.022, 0.1 gives 0.11.
   */
  static double roundUpAbove(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < SMALLEST_SUGGESTION) {
      return SMALLEST_SUGGESTION;
    }
    // The shortest decimal of x: rounding its exact binary value could land back on x itself.
    BigDecimal v = BigDecimal.valueOf(x);
    BigDecimal up = v.round(new MathContext(SIGNIFICANT_DIGITS, RoundingMode.CEILING));
    if (up.compareTo(v) == 0) {
      // One step of the grid at this magnitude: 0.01 for 0.1 or 0.12, 100 for 3700.
      int exponent = up.precision() - up.scale() - 1;
      up = up.add(BigDecimal.ONE.scaleByPowerOfTen(exponent - (SIGNIFICANT_DIGITS - 1)));
    }
    return up.doubleValue();
  }

  /** A level as YAML and people write it: 0.25, 0.0001, 3800. */
  public static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** The target share as the printout names its quantile: 0.01 gives "q0.99". */
  public static String quantileName(double targetRate) {
    return "q" + plain(BigDecimal.ONE.subtract(BigDecimal.valueOf(targetRate)).doubleValue());
  }
}
