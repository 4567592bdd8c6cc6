package dev.driftline.udfs;

import dev.driftline.udfs.math.DriftMetrics;
import java.io.Serializable;

/**
 * A drift metric of a reference and a current histogram given as counts on the same bins, under
 * the name its SQL function has. Every formula lives in {@link DriftMetrics}; PSI and KL use its
 * default pseudo-count.
 */
enum CountMetric {
  PSI("dl_psi", (ref, cur) -> DriftMetrics.psi(ref, cur, DriftMetrics.DEFAULT_SMOOTHING)),
  KL("dl_kl", (ref, cur) -> DriftMetrics.kl(ref, cur, DriftMetrics.DEFAULT_SMOOTHING)),
  JS_DISTANCE("dl_js_distance", DriftMetrics::jsDistance),
  JS_DIVERGENCE("dl_js_divergence", DriftMetrics::jsDivergence),
  HELLINGER("dl_hellinger", DriftMetrics::hellinger),
  TV("dl_tv", DriftMetrics::tv),
  LINF("dl_linf", DriftMetrics::linf),
  /** Depends on bin order: array position in the scalar function, bin index in the aggregate. */
  KS_STAT("dl_ks_stat", DriftMetrics::ksStatistic),
  CHI2_STAT("dl_chi2_stat", DriftMetrics::chiSquareStatistic),
  CHI2_PVALUE("dl_chi2_pvalue", DriftMetrics::chiSquarePValue),
  G_STAT("dl_g_stat", DriftMetrics::gStatistic),
  G_PVALUE("dl_g_pvalue", DriftMetrics::gPValue),
  PSI_PVALUE("dl_psi_pvalue", (ref, cur) -> DriftMetrics.psiPValue(ref, cur, DriftMetrics.DEFAULT_SMOOTHING)),
  EXPECTED_PSI("dl_expected_psi", DriftMetrics::expectedPsi);

  /** A metric of two count arrays; serializable because Spark ships it to executors. */
  @FunctionalInterface
  interface Formula extends Serializable {
    double apply(long[] ref, long[] cur);
  }

  private final String sqlName;
  private final Formula formula;

  CountMetric(String sqlName, Formula formula) {
    this.sqlName = sqlName;
    this.formula = formula;
  }

  /** Name of the scalar SQL function; the long-format aggregate adds {@code _agg}. */
  String sqlName() {
    return sqlName;
  }

  /** True when permuting the bins can change the value, so the aggregate needs each bin's index. */
  boolean dependsOnBinOrder() {
    return this == KS_STAT;
  }

  /** The metric as {@link DriftMetrics} computes it: NaN when either total is 0. */
  double apply(long[] ref, long[] cur) {
    return formula.apply(ref, cur);
  }
}
