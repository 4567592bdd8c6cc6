package dev.driftline.jobs.cli;

import dev.driftline.jobs.decision.Assessed;
import dev.driftline.jobs.decision.EstimatedPerformance;
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

  /**
   * Per day from {@code from} on and slice of {@code slices}: the AUC and positive rate estimated
   * from the scores next to what the labels arrived so far say, and whether the estimate holds.
   */
  static void printEstimated(PrintStream out, List<SliceDayPerformance> sliceDays, LocalDate from,
      List<ProfileLayout.Slice> slices) {
    List<SliceDayPerformance> shown = sliceDays.stream()
        .filter(p -> slices.contains(p.slice()) && !p.ds().isBefore(from) && !p.estimated().isEmpty())
        .sorted(Comparator.comparing(SliceDayPerformance::ds).thenComparing(p -> slices.indexOf(p.slice()))).toList();
    if (shown.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%-10s  %-16s  %8s  %-22s  %8s  %-22s  %8s  %s%n", "ds", "slice", "coverage",
        "auc estimated [95%]", "realized", "positive rate est.", "realized", "estimate");
    for (SliceDayPerformance p : shown) {
      Map<String, EstimatedPerformance> byName = p.estimated().stream()
          .collect(Collectors.toMap(e -> e.assessed().finding().name(), e -> e));
      EstimatedPerformance auc = byName.get("auc");
      EstimatedPerformance rate = byName.get("actual_positive_rate");
      String status = auc.reliability() == null ? "-" : auc.reliability().status();
      Severity severity = auc.assessed().severity();
      out.printf(Locale.ROOT, "%-10s  %-16s  %7.1f%%  %-22s  %8s  %-22s  %8s  %s%n", p.ds(),
          p.slice().key().equals(ProfileLayout.GLOBAL) ? "whole day" : p.slice().key() + "=" + p.slice().value(),
          100 * p.labelCoverage(), interval(auc.assessed().finding().day()), number(auc.realized()),
          interval(rate.assessed().finding().day()), number(rate.realized()),
          severity.alerts() ? status + ", auc " + severity.key() : status);
    }
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
    return a == null ? "-" : interval(a.finding().day());
  }

  private static String number(double x) {
    return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
  }

  private static String interval(PerformanceEstimate e) {
    if (Double.isNaN(e.value())) {
      return "-";
    }
    if (Double.isNaN(e.lower())) {
      return String.format(Locale.ROOT, "%.3f", e.value());
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper());
  }

  private static String signed(double d) {
    return Double.isNaN(d) ? "?" : String.format(Locale.ROOT, "%+.3f", d);
  }
}
