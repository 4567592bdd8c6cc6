package dev.driftline.jobs.drift;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Levels;
import dev.driftline.udfs.math.DriftSummary;
import java.util.Locale;
import java.util.Map;

/** How alarming a drift row is. Ordered: a later constant outranks an earlier one among none/warn/critical. */
public enum Severity {
  NONE, WARN, CRITICAL, INSUFFICIENT_DATA;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** A severity with the metric and threshold behind it and a sentence saying why. */
  public record Assessment(Severity severity, String metric, Double threshold, String reason) {}

  /** True when both sides have the rows a comparison needs to say anything. */
  public static boolean enoughRows(DriftSummary s, JobSpec spec) {
    return s.nRef() >= spec.minRows() && s.nCur() >= spec.minRows();
  }

  /**
   * Severity of one comparison. Too few rows on either side says nothing; otherwise the highest
   * level any configured metric reaches, but only when the chi-square test also finds the
   * difference significant after adjusting for the day's many tests ({@code pValue}, see
   * {@code drift.p_value_adjustment}), so that noise does not raise alerts.
   */
  public static Assessment assess(DriftSummary s, double pValue, JobSpec spec) {
    if (!enoughRows(s, spec)) {
      return new Assessment(INSUFFICIENT_DATA, null, null, String.format(Locale.ROOT,
          "too few rows to judge: n_ref=%d, n_cur=%d, drift.min_rows=%d", s.nRef(), s.nCur(), spec.minRows()));
    }
    Severity level = NONE;
    DriftMetric by = null;
    double threshold = Double.NaN;
    for (Map.Entry<DriftMetric, Levels> e : spec.thresholds().entrySet()) {
      double v = e.getKey().of(s);
      if (Double.isNaN(v)) {
        continue;
      }
      Levels l = e.getValue();
      Severity reached = l.critical() != null && v >= l.critical() ? CRITICAL
          : l.warn() != null && v >= l.warn() ? WARN : NONE;
      boolean higher = reached.compareTo(level) > 0;
      boolean sameButFurther = reached == level && reached != NONE && by != null
          && v / levelThreshold(l, reached) > by.of(s) / threshold;
      if (higher || sameButFurther) {
        level = reached;
        by = e.getKey();
        threshold = levelThreshold(l, reached);
      }
    }
    if (level == NONE) {
      return new Assessment(NONE, null, null, "no threshold crossed");
    }
    String crossed = String.format(Locale.ROOT, "%s %.4g >= %s threshold %.4g", by.key(), by.of(s), level.key(), threshold);
    String p = spec.pValueAdjustment() == JobSpec.PValueAdjustment.NONE ? "chi2 p" : "chi2 p adjusted";
    if (!(pValue <= spec.maxPValue())) {
      return new Assessment(NONE, by.key(), threshold, String.format(Locale.ROOT,
          "%s but not significant (%s=%.3g > drift.max_p_value=%.3g)", crossed, p, pValue, spec.maxPValue()));
    }
    return new Assessment(level, by.key(), threshold, String.format(Locale.ROOT, "%s (%s=%.3g)", crossed, p, pValue));
  }

  private static double levelThreshold(Levels l, Severity s) {
    return s == CRITICAL ? l.critical() : l.warn();
  }
}
