package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.NightlyJob.DayResult;
import dev.driftline.jobs.drift.DriftRows;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * The per-day summary the job commands print. A drift that persists alerts against the reference
 * every day, so each day lists what changed since the previous day (CONSECUTIVE alerts) and counts
 * the standing BASELINE alerts; a one-day run lists its BASELINE alerts too.
 */
final class Report {

  private static final int MAX_LINES_PER_DAY = 12;

  private Report() {}

  static void print(PrintStream out, List<DayResult> results) {
    boolean oneDay = results.size() == 1;
    out.printf(Locale.ROOT, "%-10s  %7s  %-8s  %-11s  %-8s  %-24s  %-15s  %7s  %7s%n",
        "ds", "rows", "baseline", "comparison", "severity", "slice", "column", "psi", "js_dist");
    for (DayResult r : results) {
      if (!r.status().equals("succeeded")) {
        out.printf(Locale.ROOT, "%-10s  %7d  %s%n", r.ds(), r.rowsRead(), r.status());
        continue;
      }
      long baseline = r.driftRows().stream().filter(d -> NightlyJob.isAlert(d) && isBaseline(d)).count();
      List<Row> shown = r.driftRows().stream()
          .filter(d -> NightlyJob.isAlert(d) && (oneDay || !isBaseline(d)))
          .sorted(Comparator.comparing((Row d) -> isBaseline(d) ? 1 : 0)
              .thenComparing(d -> d.<String>getAs("severity").equals("critical") ? 0 : 1)
              .thenComparing(d -> -orZero(d.getAs("psi"))))
          .toList();
      String alerts = baseline + " alert" + (baseline == 1 ? "" : "s");
      boolean comparedToPreviousDay = r.driftRows().stream().anyMatch(d -> !isBaseline(d));
      if (shown.isEmpty()) {
        out.printf(Locale.ROOT, "%-10s  %7d  %-8s  %s%n", r.ds(), r.rowsRead(), alerts,
            baseline == 0 ? "no drift" : comparedToPreviousDay ? "no change since the previous day"
                : "standing drift against the reference (no previous day to compare)");
      }
      for (int i = 0; i < Math.min(shown.size(), MAX_LINES_PER_DAY); i++) {
        Row d = shown.get(i);
        out.printf(Locale.ROOT, "%-10s  %7d  %-8s  %-11s  %-8s  %-24s  %-15s  %7.3f  %7.3f%n", r.ds(), r.rowsRead(),
            alerts, d.getAs("comparison"), d.getAs("severity"),
            truncate(d.getAs("slice_key") + "=" + d.getAs("slice_value"), 24), truncate(d.getAs("column_name"), 15),
            orZero(d.getAs("psi")), orZero(d.getAs("js_distance")));
      }
      if (shown.size() > MAX_LINES_PER_DAY) {
        out.printf(Locale.ROOT, "%-10s  %7s  %-8s  ... and %d more (query drift_metrics)%n", "", "", "",
            shown.size() - MAX_LINES_PER_DAY);
      }
    }
  }

  private static boolean isBaseline(Row d) {
    return DriftRows.BASELINE.equals(d.getAs("comparison"));
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
