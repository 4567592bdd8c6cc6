package dev.driftline.jobs.config;

import java.time.LocalDate;
import java.util.List;

/** An inclusive range of days. */
public record DateRange(LocalDate start, LocalDate end) {

  public DateRange {
    if (end.isBefore(start)) {
      throw new ConfigException("date range ends (" + end + ") before it starts (" + start + ")");
    }
  }

  public boolean contains(LocalDate day) {
    return !day.isBefore(start) && !day.isAfter(end);
  }

  public long days() {
    return end.toEpochDay() - start.toEpochDay() + 1;
  }

  /** Every day of the range, in order. */
  public List<LocalDate> dates() {
    return start.datesUntil(end.plusDays(1)).toList();
  }

  @Override
  public String toString() {
    return start + ".." + end;
  }
}
