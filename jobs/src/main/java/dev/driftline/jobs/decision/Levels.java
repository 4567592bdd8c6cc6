package dev.driftline.jobs.decision;

/**
 * Warn and critical levels of one value, the one ladder every policy climbs. Either level may be
 * null (it never fires); a value reaches a level when it is at least that level.
 */
public record Levels(Double warn, Double critical) {

  /** The highest level {@code value} reaches: critical, warn or none (NaN reaches none). */
  public Severity reached(double value) {
    if (critical != null && value >= critical) {
      return Severity.CRITICAL;
    }
    return warn != null && value >= warn ? Severity.WARN : Severity.NONE;
  }

  /** The threshold of a level that alerts, or null for any other severity. */
  public Double threshold(Severity severity) {
    return switch (severity) {
      case CRITICAL -> critical;
      case WARN -> warn;
      default -> null;
    };
  }
}
