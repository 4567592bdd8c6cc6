package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;
import dev.driftline.jobs.config.PerformanceSpec.LatencySpec;
import java.util.Locale;

/** Warn or critical when the SLO's latency quantile reaches its levels; other quantiles are informational. */
public final class LatencyPolicy implements Policy<LatencyFinding> {

  private final LatencyQuantile sloQuantile;
  private final Levels slo;

  public LatencyPolicy(LatencySpec latency) {
    this.sloQuantile = latency.sloQuantile();
    this.slo = latency.slo();
  }

  @Override
  public Assessment assess(LatencyFinding f) {
    if (slo == null) {
      return Assessment.none("no latency SLO configured");
    }
    if (f.quantile() != sloQuantile) {
      return Assessment.none("the SLO applies to latency_" + sloQuantile.key());
    }
    Severity level = slo.reached(f.value());
    if (!level.alerts()) {
      return Assessment.none(String.format(Locale.ROOT, "%s latency %.4g below the SLO", f.quantile().key(), f.value()));
    }
    double threshold = slo.threshold(level);
    return new Assessment(level, null, threshold, String.format(Locale.ROOT, "%s latency %.4g >= %s SLO %.4g",
        f.quantile().key(), f.value(), level.key(), threshold));
  }
}
