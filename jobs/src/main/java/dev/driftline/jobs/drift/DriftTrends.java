package dev.driftline.jobs.drift;

import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.DriftFinding;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.DriftTrendFinding;
import dev.driftline.jobs.decision.DriftTrendFinding.DayPoint;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.TrendPolicy;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent BASELINE comparisons of every column in every slice, day after day, so that a
 * comparison below every threshold can still be {@code emerging} when its PSI climbs steadily
 * towards warn ({@link TrendPolicy}). Starts from the days before a run as stored, then takes each
 * day of the run as it is assessed.
 */
public final class DriftTrends {

  /** A series' key: the slice and the column. */
  public record SeriesKey(Slice slice, String column) {}

  private final TrendPolicy policy;
  private final int windowDays;
  private final Map<SeriesKey, List<DayPoint>> series = new HashMap<>();

  /** @param stored earlier days' points of each series, in day order */
  public DriftTrends(TrendPolicy policy, int windowDays, Map<SeriesKey, List<DayPoint>> stored) {
    this.policy = policy;
    this.windowDays = windowDays;
    stored.forEach((k, points) -> series.put(k, new ArrayList<>(points)));
  }

  /**
   * The day's assessed drift with every BASELINE comparison that no threshold flags re-assessed
   * for its trend, then remembers the day. Comparisons that alert keep their assessment.
   */
  public List<Assessed<DriftFinding>> assess(LocalDate ds, List<Assessed<DriftFinding>> day) {
    List<Assessed<DriftFinding>> out = new ArrayList<>(day.size());
    for (Assessed<DriftFinding> a : day) {
      DriftFinding f = a.finding();
      if (f.comparison() != Comparison.BASELINE) {
        out.add(a);
        continue;
      }
      SeriesKey key = new SeriesKey(f.slice(), f.column().name());
      List<DayPoint> points = series.computeIfAbsent(key, k -> new ArrayList<>());
      points.removeIf(p -> !p.ds().isAfter(ds.minusDays(windowDays)) || !p.ds().isBefore(ds));
      points.add(DayPoint.of(ds, f.summary()));
      if (a.severity() == Severity.NONE) {
        Assessed<DriftTrendFinding> trend = policy.apply(new DriftTrendFinding(f.slice(), f.column(), points));
        if (trend.severity() == Severity.EMERGING) {
          out.add(new Assessed<>(f, trend.assessment()));
          continue;
        }
      }
      out.add(a);
    }
    return out;
  }
}
