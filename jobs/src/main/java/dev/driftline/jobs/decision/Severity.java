package dev.driftline.jobs.decision;

import java.util.Locale;

/** How alarming a finding is. Among none, warn and critical a later constant outranks an earlier one. */
public enum Severity {
  NONE, WARN, CRITICAL, INSUFFICIENT_DATA;

  /** The name written to tables, e.g. {@code insufficient_data}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the severities that alert: warn and critical. */
  public boolean alerts() {
    return this == WARN || this == CRITICAL;
  }

  public static Severity fromKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}
