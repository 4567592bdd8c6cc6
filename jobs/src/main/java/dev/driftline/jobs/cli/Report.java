package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob.DayResult;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.DriftFinding;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.udfs.math.DriftMeasure;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The per-day summary the job commands print. A drift that persists alerts against the reference
 * every day, so each day lists what changed since the previous day (CONSECUTIVE alerts) and counts
 * the standing BASELINE alerts; a one-day run lists its BASELINE alerts too.
 */
final class Report {

  private static final int MAX_LINES_PER_DAY = 12;

  private Report() {}

  /** The days, then the performance of the days whose labels changed (earlier ones that late labels reached too). */
  static void print(PrintStream out, RunResult run) {
    printDays(out, run.days());
    if (run.performance() != null) {
      PerformanceReport.print(out, run.performance().sliceDays(), LocalDate.MIN);
    }
  }

  static void printDays(PrintStream out, List<DayResult> results) {
    boolean oneDay = results.size() == 1;
    out.printf(Locale.ROOT, "%-10s  %7s  %-8s  %-11s  %-8s  %-24s  %-15s  %7s  %7s%n",
        "ds", "rows", "baseline", "comparison", "severity", "slice", "column", "psi", "js_dist");
    for (DayResult r : results) {
      if (!r.status().equals("succeeded")) {
        out.printf(Locale.ROOT, "%-10s  %7d  %s%n", r.ds(), r.rowsRead(), r.status());
        continue;
      }
      long baseline = r.drift().stream().filter(a -> a.severity().alerts() && isBaseline(a)).count();
      List<Assessed<DriftFinding>> shown = r.drift().stream()
          .filter(a -> a.severity().alerts() && (oneDay || !isBaseline(a)))
          .sorted(Comparator.comparing((Assessed<DriftFinding> a) -> isBaseline(a) ? 1 : 0)
              .thenComparing(a -> a.severity() == Severity.CRITICAL ? 0 : 1)
              .thenComparing(a -> -orZero(a.finding().value(DriftMeasure.PSI))))
          .toList();
      String alerts = baseline + " alert" + (baseline == 1 ? "" : "s");
      boolean comparedToPreviousDay = r.drift().stream().anyMatch(a -> !isBaseline(a));
      if (shown.isEmpty()) {
        out.printf(Locale.ROOT, "%-10s  %7d  %-8s  %s%n", r.ds(), r.rowsRead(), alerts,
            baseline == 0 ? "no drift" : comparedToPreviousDay ? "no change since the previous day"
                : "standing drift against the reference (no previous day to compare)");
      }
      for (int i = 0; i < Math.min(shown.size(), MAX_LINES_PER_DAY); i++) {
        Assessed<DriftFinding> a = shown.get(i);
        DriftFinding d = a.finding();
        out.printf(Locale.ROOT, "%-10s  %7d  %-8s  %-11s  %-8s  %-24s  %-15s  %7.3f  %7.3f%n", r.ds(), r.rowsRead(),
            alerts, d.comparison().key(), a.severity().key(),
            truncate(d.slice().key() + "=" + d.slice().value(), 24), truncate(d.column().name(), 15),
            orZero(d.value(DriftMeasure.PSI)), orZero(d.value(DriftMeasure.JS_DISTANCE)));
      }
      if (shown.size() > MAX_LINES_PER_DAY) {
        out.printf(Locale.ROOT, "%-10s  %7s  %-8s  ... and %d more (query drift_metrics)%n", "", "", "",
            shown.size() - MAX_LINES_PER_DAY);
      }
    }
  }

  private static boolean isBaseline(Assessed<DriftFinding> a) {
    return a.finding().comparison() == Comparison.BASELINE;
  }

  /** The rows showed NULL (printed as 0) where a measure is NaN. */
  private static double orZero(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
