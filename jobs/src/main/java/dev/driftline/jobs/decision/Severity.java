package dev.driftline.jobs.decision;

import java.util.Locale;

/**
 * How alarming a finding is. Among none, warn and critical a later constant outranks an earlier
 * one. {@link #EMERGING} and {@link #INFO} come last only so that they leave that order alone:
 * emerging is a heads-up that ranks above none and below warn; neither alerts.
 */
public enum Severity {
  NONE, WARN, CRITICAL, INSUFFICIENT_DATA,
  /** Below warn today, but rising so that it is projected to reach warn soon (see {@link TrendPolicy}). */
  EMERGING,
  /** Worth knowing, never an alert: a column added to the input since the reference, say. */
  INFO;

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
