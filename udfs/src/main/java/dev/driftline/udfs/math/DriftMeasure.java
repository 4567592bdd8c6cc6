package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every drift measure between two histograms, one entry each: the one place a measure is
 * declared. Its key is the {@code drift_metrics} column and the config key of its thresholds;
 * the SQL functions, the table columns and their comments, the drift rows and the tests are all
 * derived from these entries. Formulas live in {@link DriftMetrics}.
 *
 * <p>Adding a measure: an entry here, its formula in {@link DriftMetrics}, and its column in the
 * SciPy oracle fixtures ({@code udfs/src/test/python/generate_oracle_fixtures.py}).
 */
public enum DriftMeasure {
  PSI("psi", "dl_psi", Kind.DISTANCE, Input.COUNTS, true,
      "population stability index on smoothed shares (pseudo-count binning.smoothing)",
      p -> DriftMetrics.psi(p.ref(), p.cur(), p.smoothing())),
  PSI_P_VALUE("psi_p_value", "dl_psi_pvalue", Kind.P_VALUE, Input.COUNTS, true,
      "p-value of the PSI under no drift: PSI/(1/n+1/m) against chi-square with B'-1 df",
      p -> DriftMetrics.psiPValue(p.ref(), p.cur(), p.smoothing())),
  EXPECTED_PSI("expected_psi", "dl_expected_psi", Kind.NOISE_FLOOR, Input.COUNTS, true,
      "PSI expected from sampling noise alone, (B'-1)(1/n+1/m)",
      p -> DriftMetrics.expectedPsi(p.ref(), p.cur())),
  KL("kl", "dl_kl", Kind.DISTANCE, Input.COUNTS, false,
      "KL divergence KL(cur || ref) on smoothed shares, natural log",
      p -> DriftMetrics.kl(p.ref(), p.cur(), p.smoothing())),
  JS_DIVERGENCE("js_divergence", "dl_js_divergence", Kind.DISTANCE, Input.COUNTS, true,
      "Jensen-Shannon divergence on raw shares, natural log",
      p -> DriftMetrics.jsDivergence(p.ref(), p.cur())),
  JS_DISTANCE("js_distance", "dl_js_distance", Kind.DISTANCE, Input.COUNTS, true,
      "Jensen-Shannon distance, sqrt of the divergence",
      p -> DriftMetrics.jsDistance(p.ref(), p.cur())),
  HELLINGER("hellinger", "dl_hellinger", Kind.DISTANCE, Input.COUNTS, true,
      "Hellinger distance on raw shares",
      p -> DriftMetrics.hellinger(p.ref(), p.cur())),
  TV("tv", "dl_tv", Kind.DISTANCE, Input.COUNTS, true,
      "total variation distance on raw shares",
      p -> DriftMetrics.tv(p.ref(), p.cur())),
  L_INFINITY("l_infinity", "dl_linf", Kind.DISTANCE, Input.COUNTS, true,
      "largest absolute difference of bin shares",
      p -> DriftMetrics.linf(p.ref(), p.cur()), "linf"),
  KS_STATISTIC("ks_statistic", "dl_ks_stat", Kind.DISTANCE, Input.ORDERED_COUNTS, true,
      "Kolmogorov-Smirnov statistic on bins (numeric only; biased low: values within a bin are not told apart)",
      p -> DriftMetrics.ksStatistic(p.ref(), p.cur()), "ks_stat"),
  WASSERSTEIN("wasserstein", "dl_wasserstein", Kind.DISTANCE, Input.POINTS, true,
      "Wasserstein-1 distance on bins placed at the reference bin means, the open outer bins at each side's own mean (numeric only)",
      p -> DriftMetrics.wasserstein(p.points(), p.curPoints(), p.ref(), p.cur())),
  WASSERSTEIN_NORMALIZED("wasserstein_normalized", null, Kind.DISTANCE, Input.POINTS, true,
      "Wasserstein-1 divided by the reference standard deviation (floor 1e-3)",
      p -> DriftMetrics.normalizedWasserstein(p.points(), p.curPoints(), p.ref(), p.cur(), p.refStddev()), "normalized_wasserstein"),
  ENERGY_DISTANCE("energy_distance", "dl_energy_distance", Kind.DISTANCE, Input.POINTS, true,
      "energy distance on the bins placed as for Wasserstein, sqrt(2 * integral of the squared CDF gap) (numeric only)",
      p -> DriftMetrics.energyDistance(p.points(), p.curPoints(), p.ref(), p.cur())),
  CHI2_STATISTIC("chi2_statistic", "dl_chi2_stat", Kind.STATISTIC, Input.COUNTS, true,
      "Pearson chi-square statistic of the 2 x B' homogeneity table",
      p -> DriftMetrics.chiSquareStatistic(p.ref(), p.cur())),
  CHI2_P_VALUE("chi2_p_value", "dl_chi2_pvalue", Kind.P_VALUE, Input.COUNTS, true,
      "p-value of the chi-square homogeneity test",
      p -> DriftMetrics.chiSquarePValue(p.ref(), p.cur())),
  G_STATISTIC("g_statistic", "dl_g_stat", Kind.STATISTIC, Input.COUNTS, true,
      "G (log-likelihood ratio) statistic of the 2 x B' table",
      p -> DriftMetrics.gStatistic(p.ref(), p.cur())),
  G_P_VALUE("g_p_value", "dl_g_pvalue", Kind.P_VALUE, Input.COUNTS, true,
      "p-value of the G test",
      p -> DriftMetrics.gPValue(p.ref(), p.cur()));

  /** What a measure's value says, which decides the laws it obeys and whether it takes thresholds. */
  public enum Kind {
    /** Size of the difference: 0 on identical histograms; thresholds can be set on it. */
    DISTANCE,
    /** A test statistic: 0 on identical histograms. */
    STATISTIC,
    /** A test's p-value: 1 on identical histograms. */
    P_VALUE,
    /** What chance alone gives at these sample sizes: positive even on identical histograms. */
    NOISE_FLOOR
  }

  /** What a measure reads besides the two count arrays, which also fixes its SQL signature. */
  public enum Input {
    /** The counts alone, in any bin order: {@code f(ref, cur)}; aggregate {@code f_agg(ref_count, cur_count)}. */
    COUNTS,
    /**
     * The counts in bin order (the pair's points only give the order): {@code f(ref, cur)} in
     * array order; aggregate {@code f_agg(bin_index, ref_count, cur_count)}.
     */
    ORDERED_COUNTS,
    /** The counts with a point per bin: {@code f(points, ref, cur)}; aggregate {@code f_agg(point, ref_count, cur_count)}. */
    POINTS
  }

  /** A measure's formula; serializable because Spark ships the SQL functions to executors. */
  @FunctionalInterface
  public interface Formula extends Serializable {
    double apply(BinnedPair pair);
  }

  private final String key;
  private final String sqlName;
  private final Kind kind;
  private final Input input;
  private final boolean symmetric;
  private final String description;
  private final Formula formula;
  private final List<String> aliases;

  DriftMeasure(String key, String sqlName, Kind kind, Input input, boolean symmetric, String description,
      Formula formula, String... aliases) {
    this.key = key;
    this.sqlName = sqlName;
    this.kind = kind;
    this.input = input;
    this.symmetric = symmetric;
    this.description = description;
    this.formula = formula;
    this.aliases = List.of(aliases);
  }

  /** The {@code drift_metrics} column and config key, e.g. {@code l_infinity}. */
  public String key() {
    return key;
  }

  /** The scalar SQL function, e.g. {@code dl_linf}; empty for measures SQL cannot express (no reference stddev there). */
  public Optional<String> sqlName() {
    return Optional.ofNullable(sqlName);
  }

  public Kind kind() {
    return kind;
  }

  public Input input() {
    return input;
  }

  /** True when swapping reference and current leaves the value unchanged. */
  public boolean symmetric() {
    return symmetric;
  }

  /** True when the value depends on the bins' order (so it is undefined for categorical columns). */
  public boolean dependsOnBinOrder() {
    return input != Input.COUNTS;
  }

  /** True when the value depends on the pseudo-count. */
  public boolean smoothed() {
    return this == PSI || this == PSI_P_VALUE || this == KL;
  }

  /** Column comment and documentation. */
  public String description() {
    return description;
  }

  /** Earlier config keys still accepted for this measure. */
  public List<String> aliases() {
    return aliases;
  }

  /** The measure of the pair; NaN when either side is empty, or when it needs an order the bins lack. */
  public double of(BinnedPair pair) {
    return dependsOnBinOrder() && !pair.ordered() ? Double.NaN : formula.apply(pair);
  }

  /** The measure a config key (or an alias) names. */
  public static DriftMeasure fromKey(String key) {
    for (DriftMeasure m : values()) {
      if (m.key.equals(key) || m.aliases.contains(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown drift metric '" + key + "' (known: " + keys(Kind.DISTANCE) + ")");
  }

  /** The keys of the measures of one kind, comma-separated, for error messages and docs. */
  public static String keys(Kind kind) {
    return Arrays.stream(values()).filter(m -> m.kind == kind).map(DriftMeasure::key)
        .collect(Collectors.joining(", "));
  }
}
