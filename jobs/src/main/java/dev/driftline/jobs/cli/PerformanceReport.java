package dev.driftline.jobs.cli;

import java.io.PrintStream;
import java.sql.Date;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;

/** The global slice's performance per day, with intervals, as the job commands print it. */
final class PerformanceReport {

  static final List<String> SHOWN = List.of("auc", "ece", "log_loss");
  private static final List<String> SEVERITY_ORDER = List.of("none", "insufficient_data", "warn", "critical");

  private PerformanceReport() {}

  /** Prints the days of {@code rows} from {@code from} on; nothing when there are none. */
  static void print(PrintStream out, List<Row> rows, LocalDate from) {
    Map<LocalDate, Map<String, Row>> byDay = rows.stream()
        .filter(r -> "__all__".equals(r.getAs("slice_key")) && "quality".equals(r.getAs("metric_kind")))
        .filter(r -> !r.<Date>getAs("ds").toLocalDate().isBefore(from))
        .collect(Collectors.groupingBy(r -> r.<Date>getAs("ds").toLocalDate(), TreeMap::new,
            Collectors.toMap(r -> r.getAs("metric"), r -> r)));
    if (byDay.isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%-10s  %8s  %8s  %-22s  %-22s  %-22s  %s%n", "ds", "labelled", "coverage",
        "auc [95% interval]", "ece", "log_loss", "worst severity");
    byDay.forEach((day, metrics) -> {
      Row any = metrics.values().iterator().next();
      Row worst = metrics.values().stream()
          .max(Comparator.comparingInt(r -> SEVERITY_ORDER.indexOf(r.<String>getAs("severity")))).orElseThrow();
      String severity = worst.getAs("severity");
      out.printf(Locale.ROOT, "%-10s  %8d  %7.1f%%  %-22s  %-22s  %-22s  %s%n", day, any.<Long>getAs("labelled"),
          100 * orZero(any.getAs("label_coverage")), cell(metrics.get("auc")), cell(metrics.get("ece")),
          cell(metrics.get("log_loss")), severity.equals("warn") || severity.equals("critical")
              ? severity + " (" + worst.getAs("metric") + " " + signed(worst.getAs("delta")) + " vs reference)"
              : severity);
    });
  }

  /** The first day from {@code from} on where a shown metric of the global slice alerts, or null. */
  static LocalDate firstAlert(List<Row> rows, LocalDate from, String metric) {
    return rows.stream()
        .filter(r -> "__all__".equals(r.getAs("slice_key")) && metric.equals(r.getAs("metric")))
        .filter(r -> "warn".equals(r.getAs("severity")) || "critical".equals(r.getAs("severity")))
        .map(r -> r.<Date>getAs("ds").toLocalDate()).filter(d -> !d.isBefore(from))
        .min(Comparator.naturalOrder()).orElse(null);
  }

  private static String cell(Row r) {
    if (r == null || r.getAs("value") == null) {
      return "-";
    }
    double v = r.getAs("value");
    if (r.getAs("ci_lower") == null) {
      return String.format(Locale.ROOT, "%.3f", v);
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v, r.<Double>getAs("ci_lower"), r.<Double>getAs("ci_upper"));
  }

  private static String signed(Double d) {
    return d == null ? "?" : String.format(Locale.ROOT, "%+.3f", d);
  }

  private static double orZero(Double d) {
    return d == null ? 0 : d;
  }
}
