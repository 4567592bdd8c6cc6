package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob.DayResult;
import dev.driftline.jobs.drift.DriftRows;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/** The compact per-day summary the job commands print: the alerts, worst first. */
final class Report {

  private Report() {}

  static void print(PrintStream out, List<DayResult> results) {
    out.printf(Locale.ROOT, "%-10s  %-9s  %7s  %-11s  %-8s  %-26s  %-14s  %8s  %9s%n",
        "ds", "status", "rows", "comparison", "severity", "slice", "column", "psi", "js_dist");
    for (DayResult r : results) {
      List<Row> alerts = new ArrayList<>();
      for (Row d : r.driftRows()) {
        String severity = d.getAs("severity");
        if (severity.equals("warn") || severity.equals("critical")) {
          alerts.add(d);
        }
      }
      alerts.sort(Comparator.comparing((Row d) -> d.<String>getAs("severity").equals("critical") ? 0 : 1)
          .thenComparing(d -> d.<String>getAs("comparison").equals(DriftRows.CONSECUTIVE) ? 0 : 1)
          .thenComparing(d -> -orZero(d.getAs("psi"))));
      if (alerts.isEmpty()) {
        out.printf(Locale.ROOT, "%-10s  %-9s  %7d  %s%n", r.ds(), r.status(), r.rowsRead(),
            r.status().equals("succeeded") ? "no drift" : "");
      }
      for (Row d : alerts) {
        out.printf(Locale.ROOT, "%-10s  %-9s  %7d  %-11s  %-8s  %-26s  %-14s  %8.3f  %9.3f%n", r.ds(), r.status(),
            r.rowsRead(), d.getAs("comparison"), d.getAs("severity"),
            truncate(d.getAs("slice_key") + "=" + d.getAs("slice_value"), 26), truncate(d.getAs("column_name"), 14),
            orZero(d.getAs("psi")), orZero(d.getAs("js_distance")));
      }
    }
  }

  private static double orZero(Double v) {
    return v == null ? 0 : v;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
