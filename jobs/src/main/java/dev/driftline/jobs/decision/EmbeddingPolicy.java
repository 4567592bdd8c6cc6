package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.udfs.math.DriftMeasure;
import java.util.Locale;

/**
 * An embedding column in one slice alerts when its most changed projection's PSI reaches the PSI
 * levels ({@code drift.thresholds.psi}, 0.1 and 0.25 by default) and the chi-square test of the
 * projections agrees after the day's adjustment: the same rule as a numeric column, read along
 * the direction that moved most. A side with fewer than {@code drift.min_rows} rows is not judged.
 */
public final class EmbeddingPolicy implements Policy<EmbeddingFinding> {

  private final Levels levels;
  private final double maxPValue;
  private final long minRows;

  public EmbeddingPolicy(Levels levels, double maxPValue, long minRows) {
    this.levels = levels;
    this.maxPValue = maxPValue;
    this.minRows = minRows;
  }

  public static EmbeddingPolicy of(JobSpec spec) {
    Levels psi = spec.thresholds().getOrDefault(DriftMeasure.PSI, JobSpec.DEFAULT_THRESHOLDS.get(DriftMeasure.PSI));
    return new EmbeddingPolicy(psi, spec.maxPValue(), spec.minRows());
  }

  /** The PSI warn level: a projection reaching it counts in {@code share_projections_past_psi}. */
  public double warnLevel() {
    return levels.warn() == null ? Double.POSITIVE_INFINITY : levels.warn();
  }

  @Override
  public Assessment assess(EmbeddingFinding f) {
    if (f.drift() == null || f.refRows() < minRows || f.rows() < minRows) {
      return Assessment.insufficient(String.format(Locale.ROOT,
          "too few rows to judge: %d in the reference, %d that day (min_rows=%d)", f.refRows(), f.rows(), minRows));
    }
    double maxPsi = f.drift().maxPsi();
    Severity reached = levels.reached(maxPsi);
    String measured = String.format(Locale.ROOT, "largest projection PSI %s (mean %s over the projections)",
        QualityPolicy.num(maxPsi), QualityPolicy.num(f.drift().meanPsi()));
    if (!reached.alerts()) {
      return Assessment.none(measured + ", below the psi levels");
    }
    String crossed = measured + String.format(Locale.ROOT, " >= %s %s", reached.key(),
        QualityPolicy.num(levels.threshold(reached)));
    return Assessment.ifSignificant(reached, "max_psi", levels.threshold(reached), crossed, f.pAdjusted(), maxPValue);
  }
}
