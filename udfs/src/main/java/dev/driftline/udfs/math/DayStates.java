package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One state per day of a range, filled by one pass over all the days' rows: the day is the
 * outermost group, so a backfill reads its input once instead of once a day. Its units are day
 * 0's, then day 1's, and so on, so sections cut across days and every unit still merges only with
 * the same unit of the same day.
 *
 * <p>A day holds no state until a row of it arrives, so a partition of a few days' rows carries
 * only those days' states. Merging into a day without state starts from an empty one, as a scan
 * of that day alone starts: a day whose rows all fall in one partition gets exactly the bits of a
 * scan of the day alone over the same rows.
 */
public final class DayStates<S extends MergeableState<S>> implements MergeableState<DayStates<S>> {

  private static final long serialVersionUID = 1L;

  /** Makes a day's empty state; travels with the state to the executors. */
  @FunctionalInterface
  public interface Empty<S> extends Serializable {
    S create();
  }

  private final Empty<S> empty;
  private final int unitsPerDay;
  /** The units this state covers: all of them, or a section's. */
  private final int from;
  private final int to;
  /** Per day: its state, restricted to the covered units; null while it has no rows. */
  private final List<S> days;

  /** An empty state of {@code days} days. */
  public DayStates(int days, Empty<S> empty) {
    this(empty, empty.create().units(), 0, days * empty.create().units(), nulls(days));
  }

  private DayStates(Empty<S> empty, int unitsPerDay, int from, int to, List<S> days) {
    this.empty = empty;
    this.unitsPerDay = unitsPerDay;
    this.from = from;
    this.to = to;
    this.days = days;
  }

  private static <S> List<S> nulls(int n) {
    List<S> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(null);
    }
    return out;
  }

  public int days() {
    return days.size();
  }

  /** Day {@code d}'s state to add rows to, made empty on first use (a whole state only). */
  public S day(int d) {
    requireWhole();
    S state = days.get(d);
    if (state == null) {
      state = empty.create();
      days.set(d, state);
    }
    return state;
  }

  /** Each day's state; an empty one for a day without rows (a whole state only). */
  public List<S> toList() {
    requireWhole();
    List<S> out = new ArrayList<>(days.size());
    for (S state : days) {
      out.add(state == null ? empty.create() : state);
    }
    return out;
  }

  private void requireWhole() {
    if (from != 0 || to != units()) {
      throw new IllegalStateException("a section of days has no whole day states");
    }
  }

  @Override
  public DayStates<S> merge(DayStates<S> other) {
    if (other.days.size() != days.size() || other.from != from || other.to != to) {
      throw new IllegalArgumentException("day states of other days or units do not merge");
    }
    for (int d = 0; d < days.size(); d++) {
      S theirs = other.days.get(d);
      if (theirs != null) {
        S ours = days.get(d);
        days.set(d, (ours == null ? emptyPart(d) : ours).merge(theirs));
      }
    }
    return this;
  }

  /** Day {@code d}'s empty state restricted to the units this state covers. */
  private S emptyPart(int d) {
    S whole = empty.create();
    int first = d * unitsPerDay;
    return from == 0 && to == days.size() * unitsPerDay ? whole
        : whole.section(clamp(from - first), clamp(to - first));
  }

  private int clamp(int unit) {
    return Math.max(0, Math.min(unitsPerDay, unit));
  }

  @Override
  public int units() {
    return days.size() * unitsPerDay;
  }

  /**
   * Units {@code [start, end)}: for each day, its state's section of the units that fall in the
   * day (none for the days outside).
   */
  @Override
  public DayStates<S> section(int start, int end) {
    List<S> parts = new ArrayList<>(days.size());
    for (int d = 0; d < days.size(); d++) {
      int first = d * unitsPerDay;
      int lo = clamp(start - first);
      int hi = clamp(end - first);
      S state = days.get(d);
      // A state without units (no columns) still counts rows: every section carries it.
      boolean covered = lo < hi || unitsPerDay == 0;
      parts.add(state == null || !covered ? null : state.section(lo, hi));
    }
    return new DayStates<>(empty, unitsPerDay, start, end, parts);
  }

  /**
   * Each day joins its parts from the sections that hold units of it; a day that had rows has a
   * part in every such section, since every section was cut from states that held it.
   */
  @Override
  public DayStates<S> join(List<DayStates<S>> sections) {
    for (int d = 0; d < days.size(); d++) {
      List<S> parts = new ArrayList<>();
      for (DayStates<S> section : sections) {
        S part = section.days.get(d);
        if (part != null) {
          parts.add(part);
        }
      }
      days.set(d, parts.isEmpty() ? null : empty.create().join(parts));
    }
    return this;
  }
}
