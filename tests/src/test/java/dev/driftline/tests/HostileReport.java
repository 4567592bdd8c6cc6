package dev.driftline.tests;

import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.lineage.LineageNode;
import dev.driftline.jobs.lineage.LineageNode.Kind;
import dev.driftline.jobs.lineage.LineageNode.Param;
import dev.driftline.jobs.report.ReportData;
import dev.driftline.jobs.report.ReportData.Decision;
import dev.driftline.jobs.report.ReportData.HeatCell;
import dev.driftline.jobs.report.ReportData.Histogram;
import dev.driftline.jobs.report.ReportData.Incident;
import dev.driftline.jobs.report.ReportData.Lineage;
import dev.driftline.jobs.report.ReportData.MetricSeries;
import dev.driftline.jobs.report.ReportData.MovingBin;
import dev.driftline.jobs.report.ReportData.QualityRow;
import dev.driftline.jobs.report.ReportData.Share;
import dev.driftline.jobs.report.ReportData.Thresholds;
import dev.driftline.jobs.report.ReportData.Trend;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A report whose every string from the data is an attack or an oddity, in every section. */
final class HostileReport {

  static final String SCRIPT = "<script>alert(1)</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final String TITLE = "<script>document.title='pwned'</script><svg onload=\"document.title='pwned'\">";
  static final String JS_URL = "javascript:document.title='pwned'";
  static final String RTL = "\u202Eevil.exe \u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD";
  static final String LONG = "A".repeat(10_000);
  static final String CONTROL = "nul\u0000bell\u0007 lone\uD800surrogate";

  static final List<String> VALUES = List.of(SCRIPT, IMG, TITLE, JS_URL, RTL, LONG, CONTROL);

  private HostileReport() {}

  static ReportData data() {
    LocalDate ds = LocalDate.of(2026, 10, 30);
    List<LocalDate> window = ds.minusDays(4).datesUntil(ds.plusDays(1)).toList();
    double[] psi = {0.01, 0.02, Double.NaN, 0.2, 0.4};
    double[] floor = {0.001, 0.001, Double.NaN, 0.001, 0.002};
    List<Incident> incidents = List.of(
        new Incident(SCRIPT, IMG, "feature_drift", SCRIPT, IMG, "critical", ds.minusDays(2), LONG,
            List.of(new Share(TITLE, 0.8), new Share("mix", 0.2)),
            new Histogram(List.of(SCRIPT, IMG, RTL, LONG), List.of(10L, 20L, 30L, 40L), List.of(40L, 30L, 20L, 10L)),
            List.of(new MovingBin(JS_URL, 0.1, 0.4, 0.3))),
        new Incident("2", "opened", TITLE, RTL, JS_URL, SCRIPT, ds, CONTROL, List.of(), null, List.of()));
    List<HeatCell> heatmap = List.of(new HeatCell(SCRIPT, IMG, 0.3, "critical"), new HeatCell(RTL, IMG, 0.12, "warn"),
        new HeatCell(SCRIPT, LONG, Double.NaN, "insufficient_data"), new HeatCell(RTL, TITLE, 0.01, IMG));
    List<MetricSeries> performance = List.of(new MetricSeries(SCRIPT, IMG, new double[] {0.9, 0.91, 0.8, 0.7, 0.75},
        new double[] {0.88, 0.89, 0.77, Double.NaN, 0.7}, new double[] {0.92, 0.93, 0.83, Double.NaN, 0.8}, 0.9, TITLE));
    List<MetricSeries> latency = List.of(new MetricSeries(RTL, JS_URL, new double[] {12, 14, 13, 15, 120},
        new double[5], new double[5], Double.NaN, "none"));
    return new ReportData(TITLE, ds, window, new Decision(SCRIPT, List.of(IMG, LONG, RTL), List.of(TITLE), JS_URL),
        incidents, heatmap, List.of(new Trend(SCRIPT, RTL, psi, floor)), new Thresholds(0.1, 0.25), performance, latency,
        List.of(new QualityRow(SCRIPT, IMG, RTL, 1_234_567, "warn", LONG)), 3,
        new Lineage(SCRIPT, IMG, TITLE, JS_URL, Map.of(SCRIPT, IMG), Map.of(RTL, 3L), LONG, CONTROL, "2026-10-31",
            hostileGraph()));
  }

  /** Node labels carry slice values and column names: hostile ones too. */
  private static LineageGraph hostileGraph() {
    LineageNode input = LineageNode.of(Kind.INPUT, "input", SCRIPT, Map.of(Param.INPUT_VERSION, IMG), List.of());
    LineageNode profile = LineageNode.of(Kind.PROFILE, "profile", RTL, Map.of(Param.CODE_VERSION, JS_URL), List.of(input));
    return LineageGraph.of(List.of(input, profile,
        LineageNode.of(Kind.INCIDENT, "incident:" + TITLE, LONG, Map.of(), List.of(profile))));
  }
}
