package dev.driftline.jobs.cli;

import dev.driftline.jobs.NightlyJob.DayResult;
import dev.driftline.jobs.NightlyJob.RunResult;
import dev.driftline.jobs.tables.DecisionRows.Decided;
import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.RetrainDecision;
import dev.driftline.jobs.decision.Severity;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The per-day summary the job commands print: each day's incidents, then performance. */
final class Report {

  private static final int MAX_LINES_PER_DAY = 12;

  private Report() {}

  /** The days, then the performance of the days whose labels changed (earlier ones that late labels reached too). */
  static void print(PrintStream out, RunResult run) {
    printDays(out, run.days());
    if (run.performance() != null) {
      PerformanceReport.print(out, run.performance().sliceDays(), LocalDate.MIN);
    }
    printDecisions(out, run.decisions());
  }

  /** Each day's retraining decision with its first reason, and what its trigger did. */
  static void printDecisions(PrintStream out, List<Decided> decisions) {
    if (decisions.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%n%-10s  %-8s  %-14s  %s%n", "ds", "decision", "trigger", "why");
    for (Decided d : decisions) {
      RetrainDecision r = d.decision();
      String why = !r.blockedBy().isEmpty() ? "blocked by " + r.blockedBy().get(0)
          : r.reasons().isEmpty() ? "no reason to retrain"
          : r.reasons().stream().map(RetrainDecision.Reason::sentence).collect(Collectors.joining("; "));
      out.printf(Locale.ROOT, "%-10s  %-8s  %-14s  %s%n", d.ds(), r.decision().key(),
          d.trigger() == null ? "" : d.trigger().status().key(), truncate(why, 160));
    }
  }

  /**
   * One block per day: its alert count, then its incidents (new, ongoing and resolved), the
   * critical ones first. A day's many alert rows for one cause are one incident here; the rows
   * stay in drift_metrics, data_quality and performance_metrics.
   */
  static void printDays(PrintStream out, List<DayResult> results) {
    out.printf(Locale.ROOT, "%-10s  %7s  %6s  %-8s  %-8s  %-16s  %-22s  %s%n",
        "ds", "rows", "alerts", "incident", "severity", "kind", "slice", "summary");
    for (DayResult r : results) {
      if (!r.status().equals("succeeded")) {
        out.printf(Locale.ROOT, "%-10s  %7d  %s%n", r.ds(), r.rowsRead(), r.status());
        if (r.incidents().isEmpty()) {
          continue;
        }
      }
      long alerts = r.alerts().stream().filter(a -> a.severity().alerts()).count();
      List<Incident> shown = r.incidents().stream()
          .sorted(Comparator.comparing((Incident i) -> i.status() == Incident.Status.RESOLVED ? 1 : 0)
              .thenComparing(i -> i.severity() == Severity.CRITICAL ? 0 : 1))
          .toList();
      if (shown.isEmpty()) {
        out.printf(Locale.ROOT, "%-10s  %7d  %6d  %s%n", r.ds(), r.rowsRead(), alerts, "no incident");
      }
      for (int i = 0; i < Math.min(shown.size(), MAX_LINES_PER_DAY); i++) {
        Incident incident = shown.get(i);
        out.printf(Locale.ROOT, "%-10s  %7d  %6d  %-8s  %-8s  %-16s  %-22s  %s%n", r.ds(), r.rowsRead(), alerts,
            incident.status().key(), incident.severity().key(), incident.kind().key(),
            truncate(incident.slice().key() + "=" + incident.slice().value(), 22), truncate(incident.summary(), 110));
      }
      if (shown.size() > MAX_LINES_PER_DAY) {
        out.printf(Locale.ROOT, "%-10s  %7s  %6s  ... and %d more (query incidents)%n", "", "", "",
            shown.size() - MAX_LINES_PER_DAY);
      }
    }
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "~";
  }
}
