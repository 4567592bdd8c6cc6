package dev.driftline.jobs.demo;

import java.time.LocalDate;

/**
 * What the demo prediction log covers: {@code days} consecutive days from {@code start}, with
 * {@code rowsPerDay} scored requests a day, drawn from {@code seed}. The same spec always gives the
 * same rows.
 */
public record DemoSpec(LocalDate start, int days, int rowsPerDay, long seed) {

  /** A month of a mid-sized card-fraud scorer, long enough to show every injected drift. */
  public static final DemoSpec DEFAULT = new DemoSpec(LocalDate.of(2026, 10, 1), 30, 20_000, 42L);

  public DemoSpec {
    if (start == null) {
      throw new IllegalArgumentException("demo start date is missing");
    }
    if (days < 1) {
      throw new IllegalArgumentException("demo days must be at least 1, got " + days);
    }
    if (rowsPerDay < 1) {
      throw new IllegalArgumentException("demo rowsPerDay must be at least 1, got " + rowsPerDay);
    }
  }

  public long totalRows() {
    return (long) days * rowsPerDay;
  }

  /** The date of a day given as an offset from {@link #start()}. */
  public LocalDate day(int dayOffset) {
    return start.plusDays(dayOffset);
  }
}
