package dev.driftline.jobs.decision;

/**
 * What a policy says of one finding: its severity, the metric and threshold behind it (null when
 * none was crossed) and a sentence a person can read.
 */
public record Assessment(Severity severity, String metric, Double threshold, String reason) {

  /** No alert, for the given reason. */
  public static Assessment none(String reason) {
    return new Assessment(Severity.NONE, null, null, reason);
  }

  /** Not enough data to judge, for the given reason. */
  public static Assessment insufficient(String reason) {
    return new Assessment(Severity.INSUFFICIENT_DATA, null, null, reason);
  }

  /**
   * A level reached ({@code crossed} says how), kept only when the day's adjusted p-value agrees
   * ({@code pAdjusted <= maxPValue}); otherwise no alert, saying why.
   */
  public static Assessment ifSignificant(Severity reached, String metric, double threshold, String crossed,
      double pAdjusted, double maxPValue) {
    if (!(pAdjusted <= maxPValue)) {
      return new Assessment(Severity.NONE, metric, threshold, crossed + " but not significant (p adjusted "
          + QualityPolicy.num(pAdjusted) + " > max_p_value " + QualityPolicy.num(maxPValue) + ")");
    }
    return new Assessment(reached, metric, threshold, crossed + ", p adjusted " + QualityPolicy.num(pAdjusted));
  }
}
