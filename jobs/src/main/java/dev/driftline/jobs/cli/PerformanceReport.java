package dev.driftline.jobs.cli;

import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.PerformanceFinding;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.SliceDayPerformance;
import dev.driftline.udfs.math.PerformanceEstimate;
import dev.driftline.udfs.math.ProfileLayout;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The global slice's performance per day, with intervals, as the job commands print it. */
final class PerformanceReport {

  static final List<String> SHOWN = List.of("auc", "ece", "log_loss");
  private static final List<Severity> SEVERITY_ORDER =
      List.of(Severity.NONE, Severity.INSUFFICIENT_DATA, Severity.WARN, Severity.CRITICAL);

  private PerformanceReport() {}

  /** Prints the days of {@code sliceDays} from {@code from} on that have quality metrics; nothing when none has. */
  static void print(PrintStream out, List<SliceDayPerformance> sliceDays, LocalDate from) {
    Map<LocalDate, SliceDayPerformance> byDay = new TreeMap<>();
    global(sliceDays, from).filter(p -> !p.quality().isEmpty()).forEach(p -> byDay.put(p.ds(), p));
    if (byDay.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%-10s  %8s  %8s  %-22s  %-22s  %-22s  %s%n", "ds", "labelled", "coverage",
        "auc [95% interval]", "ece", "log_loss", "worst severity");
    byDay.forEach((day, p) -> {
      // Among equally severe metrics the first in this HashMap's order is named (as when it held the rows).
      Map<String, Assessed<PerformanceFinding>> metrics = p.quality().stream()
          .collect(Collectors.toMap(a -> a.finding().name(), a -> a));
      Assessed<PerformanceFinding> worst = metrics.values().stream()
          .max(Comparator.comparingInt(a -> SEVERITY_ORDER.indexOf(a.severity()))).orElseThrow();
      Severity severity = worst.severity();
      out.printf(Locale.ROOT, "%-10s  %8d  %7.1f%%  %-22s  %-22s  %-22s  %s%n", day, p.labelled(),
          100 * p.labelCoverage(), cell(metrics.get("auc")), cell(metrics.get("ece")), cell(metrics.get("log_loss")),
          severity.alerts() ? severity.key() + " (" + worst.finding().name() + " "
              + signed(worst.finding().delta().delta()) + " vs reference)" : severity.key());
    });
  }

  /** The first day from {@code from} on where {@code metric} of the global slice alerts, or null. */
  static LocalDate firstAlert(List<SliceDayPerformance> sliceDays, LocalDate from, String metric) {
    return global(sliceDays, from)
        .filter(p -> p.quality().stream().anyMatch(a -> a.finding().name().equals(metric) && a.severity().alerts()))
        .map(SliceDayPerformance::ds).min(Comparator.naturalOrder()).orElse(null);
  }

  private static Stream<SliceDayPerformance> global(List<SliceDayPerformance> sliceDays, LocalDate from) {
    return sliceDays.stream().filter(p -> ProfileLayout.GLOBAL.equals(p.slice().key()) && !p.ds().isBefore(from));
  }

  private static String cell(Assessed<PerformanceFinding> a) {
    if (a == null || Double.isNaN(a.finding().day().value())) {
      return "-";
    }
    PerformanceEstimate e = a.finding().day();
    if (Double.isNaN(e.lower())) {
      return String.format(Locale.ROOT, "%.3f", e.value());
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper());
  }

  private static String signed(double d) {
    return Double.isNaN(d) ? "?" : String.format(Locale.ROOT, "%+.3f", d);
  }
}
