package dev.driftline.jobs.decision;

import java.util.Locale;

/**
 * How alarming a finding is. Among none, warn and critical a later constant outranks an earlier
 * one. {@link #EMERGING} comes last only so that it leaves that order alone: it is a heads-up
 * that ranks above none and below warn, and it does not alert.
 */
public enum Severity {
  NONE, WARN, CRITICAL, INSUFFICIENT_DATA,
  /** Below warn today, but rising so that it is projected to reach warn soon (see {@link TrendPolicy}). */
  EMERGING;

  /** The name written to tables, e.g. {@code insufficient_data}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the severities that alert: warn and critical (emerging is a heads-up, not an alert). */
  public boolean alerts() {
    return this == WARN || this == CRITICAL;
  }

  public static Severity fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
