package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import java.util.Locale;
import java.util.Map;

/**
 * Severity of one drift comparison. Too few rows on either side says nothing; otherwise the
 * highest level any configured measure reaches, but only when the chi-square test also finds the
 * difference significant after the day's multiple-testing adjustment, so that noise (which every
 * large sample makes measurable) does not raise alerts.
 */
public final class DriftPolicy implements Policy<DriftFinding> {

  private final Map<DriftMeasure, Levels> thresholds;
  private final double maxPValue;
  private final boolean adjusted;
  private final long minRows;

  public DriftPolicy(Map<DriftMeasure, Levels> thresholds, double maxPValue, boolean adjusted, long minRows) {
    this.thresholds = thresholds;
    this.maxPValue = maxPValue;
    this.adjusted = adjusted;
    this.minRows = minRows;
  }

  public static DriftPolicy of(JobSpec spec) {
    return new DriftPolicy(spec.thresholds(), spec.maxPValue(),
        spec.pValueAdjustment() != JobSpec.PValueAdjustment.NONE, spec.minRows());
  }

  /** The configured levels of each measure (a read-only view). */
  public Map<DriftMeasure, Levels> thresholds() {
    return java.util.Collections.unmodifiableMap(thresholds);
  }

  /** The same policy with other thresholds: the significance gate and drift.min_rows unchanged. */
  public DriftPolicy withThresholds(Map<DriftMeasure, Levels> other) {
    return new DriftPolicy(other, maxPValue, adjusted, minRows);
  }

  /** True when both sides have the rows a comparison needs to say anything: only these are tested. */
  public boolean enoughRows(DriftSummary s) {
    return s.nRef() >= minRows && s.nCur() >= minRows;
  }

  @Override
  public Assessment assess(DriftFinding f) {
    return assess(f.summary(), f.pAdjusted());
  }

  /** The severity of a comparison from its measures and its adjusted chi-square p-value alone. */
  public Assessment assess(DriftSummary s, double pAdjusted) {
    if (!enoughRows(s)) {
      return Assessment.insufficient(String.format(Locale.ROOT,
          "too few rows to judge: n_ref=%d, n_cur=%d, drift.min_rows=%d", s.nRef(), s.nCur(), minRows));
    }
    return Crossing.highest(thresholds, s::value).map(c -> {
      String crossed = String.format(Locale.ROOT, "%s %.4g >= %s threshold %.4g", c.metric().key(), c.value(),
          c.severity().key(), c.threshold());
      String p = adjusted ? "chi2 p adjusted" : "chi2 p";
      if (!(pAdjusted <= maxPValue)) {
        return new Assessment(Severity.NONE, c.metric().key(), c.threshold(), String.format(Locale.ROOT,
            "%s but not significant (%s=%.3g > drift.max_p_value=%.3g)", crossed, p, pAdjusted, maxPValue));
      }
      return new Assessment(c.severity(), c.metric().key(), c.threshold(),
          String.format(Locale.ROOT, "%s (%s=%.3g)", crossed, p, pAdjusted));
    }).orElse(Assessment.none("no threshold crossed"));
  }
}
