package dev.driftline.jobs.report;

import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.lineage.LineageNode;
import dev.driftline.jobs.report.Charts.Line;
import dev.driftline.jobs.report.Charts.Rule;
import dev.driftline.jobs.report.ReportData.HeatCell;
import dev.driftline.jobs.report.ReportData.Histogram;
import dev.driftline.jobs.report.ReportData.Incident;
import dev.driftline.jobs.report.ReportData.Lineage;
import dev.driftline.jobs.report.ReportData.MetricSeries;
import dev.driftline.jobs.report.ReportData.MovingBin;
import dev.driftline.jobs.report.ReportData.QualityRow;
import dev.driftline.jobs.report.ReportData.Share;
import dev.driftline.jobs.report.ReportData.Trend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A day's report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched
 * (its Content-Security-Policy forbids both). Sections have stable ids: decision, incidents,
 * heatmap, trends, performance, quality, latency, lineage.
 */
public final class ReportPage {

  /** Bins of a histogram shown at most: the ones with the largest share on either side, in bin order. */
  static final int MAX_BINS = 20;

  private final ReportData data;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private ReportPage(ReportData data) {
    this.data = data;
  }

  public static String render(ReportData data) {
    return new ReportPage(data).page();
  }

  private String page() {
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Driftline report: ").append(Html.clipped(data.model(), 80)).append(' ').append(data.ds())
        .append("</title><style>").append(CSS).append("</style></head><body>\n")
        .append(PATTERNS)
        .append("<header><h1>Drift report: <bdi>").append(Html.clipped(data.model(), 80)).append("</bdi>, ")
        .append(data.ds()).append("</h1><p class=\"sub\">")
        .append(data.window().size()).append(" days from ").append(data.window().get(0)).append(" to ")
        .append(data.ds()).append(", read from the stored tables</p></header>\n<main>");
    decision();
    incidents();
    heatmap();
    trends();
    performance();
    quality();
    latency();
    lineage();
    out.append("</main></body></html>\n");
    return out.toString();
  }

  private void section(String id, String title) {
    out.append("\n<section id=\"").append(id).append("\"><h2>").append(title).append("</h2>");
  }

  private void decision() {
    section("decision", "Retraining decision");
    ReportData.Decision d = data.decision();
    if (d == null || d.decision() == null) {
      out.append("<p class=\"empty\">no retraining decision stored for this day</p></section>");
      return;
    }
    out.append("<p class=\"decision\"><span class=\"badge\">").append(Html.value(d.decision())).append("</span>");
    if (d.triggerStatus() != null) {
      out.append(" trigger: ").append(Html.value(d.triggerStatus()));
    }
    out.append("</p>");
    list(d.reasons());
    if (!d.blockedBy().isEmpty()) {
      out.append("<p>Blocked by:</p>");
      list(d.blockedBy());
    }
    out.append("</section>");
  }

  private void incidents() {
    section("incidents", "Open incidents");
    if (data.incidents().isEmpty()) {
      out.append("<p class=\"empty\">no open incident on this day</p></section>");
      return;
    }
    out.append("<table><thead><tr><th>severity</th><th>status</th><th>kind</th><th>column / metric</th>")
        .append("<th>slice</th><th>since</th><th>summary</th></tr></thead><tbody>");
    for (int i = 0; i < data.incidents().size(); i++) {
      Incident inc = data.incidents().get(i);
      out.append("<tr>").append(severityCell(inc.severity())).append(td(inc.status())).append(td(inc.kind()))
          .append("<td><a href=\"#incident-").append(i).append("\">").append(Html.value(inc.column()))
          .append("</a></td>").append(td(inc.slice())).append("<td>").append(inc.firstDs()).append("</td>")
          .append(td(inc.summary())).append("</tr>");
    }
    out.append("</tbody></table>");
    for (int i = 0; i < data.incidents().size(); i++) {
      incident(i, data.incidents().get(i));
    }
    out.append("</section>");
  }

  private void incident(int index, Incident inc) {
    out.append("<article class=\"incident\" id=\"incident-").append(index).append("\"><h3>")
        .append(Html.value(inc.column())).append(" in ").append(Html.value(inc.slice())).append(' ')
        .append(severityBadge(inc.severity())).append("</h3><p class=\"summary\">").append(Html.value(inc.summary()))
        .append("</p>");
    Histogram h = inc.histogram();
    if (h != null) {
      out.append("<div class=\"legend\"><span class=\"key ref\"></span>reference <span class=\"key cur\"></span>")
          .append(data.ds()).append("</div>").append(histogram(h));
    }
    if (!inc.movingBins().isEmpty()) {
      out.append("<table class=\"compact\"><thead><tr><th>bin that moved most</th><th>reference</th><th>day</th>")
          .append("<th>PSI part</th></tr></thead><tbody>");
      for (MovingBin b : inc.movingBins()) {
        out.append("<tr>").append(td(b.label())).append(num(Html.percent(b.refShare())))
            .append(num(Html.percent(b.curShare()))).append(num(Html.number(b.psiContribution()))).append("</tr>");
      }
      out.append("</tbody></table>");
    }
    if (!inc.attribution().isEmpty()) {
      out.append("<table class=\"compact\"><thead><tr><th>explained by</th><th>share of the change</th></tr></thead><tbody>");
      for (Share s : inc.attribution()) {
        out.append("<tr>").append(td(s.slice())).append(num(Html.percent(s.share()))).append("</tr>");
      }
      out.append("</tbody></table>");
    }
    out.append("</article>");
  }

  /** The bins as shares of each side; a long vocabulary keeps its largest bins. */
  private static String histogram(Histogram h) {
    double refTotal = h.reference().stream().mapToLong(Long::longValue).sum();
    double curTotal = h.current().stream().mapToLong(Long::longValue).sum();
    int n = h.labels().size();
    double[] ref = IntStream.range(0, n).mapToDouble(i -> i < h.reference().size() && refTotal > 0
        ? h.reference().get(i) / refTotal : 0).toArray();
    double[] cur = IntStream.range(0, n).mapToDouble(i -> i < h.current().size() && curTotal > 0
        ? h.current().get(i) / curTotal : 0).toArray();
    List<Integer> shown = IntStream.range(0, n).boxed()
        .sorted(Comparator.comparingDouble(i -> -Math.max(ref[i], cur[i]))).limit(MAX_BINS).sorted().toList();
    String chart = Charts.bars(shown.stream().map(h.labels()::get).toList(),
        shown.stream().mapToDouble(i -> ref[i]).toArray(), shown.stream().mapToDouble(i -> cur[i]).toArray());
    return "<div class=\"scroll\">" + chart + "</div>"
        + (n > shown.size() ? "<p class=\"note\">" + (n - shown.size()) + " smaller bins not shown</p>" : "");
  }

  private void heatmap() {
    section("heatmap", "Drift against the reference, columns x slices");
    if (data.heatmap().isEmpty()) {
      out.append("<p class=\"empty\">no drift_metrics rows on this day</p></section>");
      return;
    }
    List<String> columns = data.heatmap().stream().map(HeatCell::column).distinct().toList();
    List<String> slices = data.heatmap().stream().map(HeatCell::slice).distinct().toList();
    HeatCell[][] cells = new HeatCell[slices.size()][columns.size()];
    for (HeatCell c : data.heatmap()) {
      cells[slices.indexOf(c.slice())][columns.indexOf(c.column())] = c;
    }
    out.append("<p class=\"legend\">PSI of each column in each slice; ")
        .append("<span class=\"swatch sev-critical\">!! critical</span> <span class=\"swatch sev-warn\">! warn</span> ")
        .append("<span class=\"swatch sev-emerging\">\u2197 emerging</span> <span class=\"swatch sev-none\">none</span> ")
        .append("<span class=\"swatch sev-insufficient_data\">? too few rows</span></p>")
        .append("<div class=\"scroll\">").append(Charts.heatmap(slices, columns, cells)).append("</div></section>");
  }

  private void trends() {
    section("trends", "PSI over the window");
    if (data.trends().isEmpty()) {
      out.append("<p class=\"empty\">no drift_metrics rows in the window</p></section>");
      return;
    }
    out.append("<p class=\"legend\"><span class=\"key psi\"></span>PSI <span class=\"key floor\"></span>")
        .append("noise floor (expected PSI without drift), dashed: warn and critical levels</p><div class=\"grid\">");
    List<Rule> rules = new ArrayList<>();
    if (data.psiThresholds().warn() != null) {
      rules.add(new Rule("warn", "warn", data.psiThresholds().warn()));
    }
    if (data.psiThresholds().critical() != null) {
      rules.add(new Rule("critical", "critical", data.psiThresholds().critical()));
    }
    for (Trend t : data.trends()) {
      out.append("<figure><figcaption>").append(Html.value(t.column())).append(" \u00b7 ").append(Html.value(t.slice()))
          .append("</figcaption>")
          .append(Charts.lines(data.window(), List.of(new Line("PSI", "psi", t.psi(), null, null),
              new Line("noise floor", "floor", t.expectedPsi(), null, null)), rules, true))
          .append("</figure>");
    }
    out.append("</div></section>");
  }

  private void performance() {
    section("performance", "Model performance with 95% intervals");
    series(data.performance(), "no performance_metrics quality rows in the window (no labels configured or arrived)");
  }

  private void latency() {
    section("latency", "Latency");
    series(data.latency(), "no latency rows in the window");
  }

  private void series(List<MetricSeries> all, String empty) {
    if (all.isEmpty()) {
      out.append("<p class=\"empty\">").append(empty).append("</p></section>");
      return;
    }
    out.append("<p class=\"legend\"><span class=\"key value\"></span>value, shaded: 95% interval, dashed: reference; the badge is the worst severity in the window</p>")
        .append("<div class=\"grid\">");
    for (MetricSeries m : all) {
      List<Rule> rules = Double.isFinite(m.reference()) ? List.of(new Rule("reference", "reference", m.reference()))
          : List.of();
      out.append("<figure><figcaption>").append(Html.value(m.metric())).append(" \u00b7 ").append(Html.value(m.slice()))
          .append(' ').append(severityBadge(m.severity())).append("</figcaption>")
          .append(Charts.lines(data.window(), List.of(new Line(m.metric(), "value", m.value(), m.lower(), m.upper())),
              rules, false))
          .append("</figure>");
    }
    out.append("</div></section>");
  }

  private void quality() {
    section("quality", "Data quality");
    out.append("<p>").append(Html.count(data.qualityChecks())).append(" checks on this day, ")
        .append(Html.count(data.quality().size())).append(" not fine.</p>");
    if (!data.quality().isEmpty()) {
      out.append("<table><thead><tr><th>severity</th><th>check</th><th>slice</th><th>column</th><th>rows</th>")
          .append("<th>why</th></tr></thead><tbody>");
      for (QualityRow q : data.quality()) {
        out.append("<tr>").append(severityCell(q.severity())).append(td(q.check())).append(td(q.slice()))
            .append(td(q.column())).append(num(Html.count(q.rows()))).append(td(q.reason())).append("</tr>");
      }
      out.append("</tbody></table>");
    }
    out.append("</section>");
  }

  private void lineage() {
    section("lineage", "Lineage");
    Lineage l = data.lineage();
    out.append("<dl>");
    term("run", l.runId() + " (" + l.command() + ", finished " + l.finishedAt() + ")");
    term("config fingerprint", l.configFingerprint());
    term("reference id", l.referenceId());
    term("input versions", joined(l.inputVersions()));
    term("output versions", joined(l.outputVersions()));
    term("driftline", l.driftlineVersion());
    term("spark", l.sparkVersion());
    out.append("</dl>");
    lineageGraph(l.graph());
    out.append("</section>");
  }

  /** The day's graph, data first: each node's fingerprint changes with anything upstream of it. */
  private void lineageGraph(LineageGraph graph) {
    if (graph == null) {
      out.append("<p>No lineage graph was stored for this day (written before the lineage table).</p>");
      return;
    }
    out.append("<table class=\"lineage\"><thead><tr><th>node</th><th>what</th><th>fingerprint</th>"
        + "<th>computed from</th></tr></thead><tbody>");
    for (LineageNode node : graph.nodes()) {
      out.append("<tr>").append(td(node.kind().key())).append(td(node.label()))
          .append("<td><code>").append(Html.value(node.fingerprint())).append("</code></td>")
          .append(td(graph.parents(node).stream().map(LineageNode::label).collect(Collectors.joining("; "))))
          .append("</tr>");
    }
    out.append("</tbody></table>");
  }

  private void term(String name, String value) {
    out.append("<dt>").append(name).append("</dt><dd>").append(Html.value(value)).append("</dd>");
  }

  private static String joined(Map<String, ?> map) {
    return map.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).sorted()
        .reduce((a, b) -> a + "; " + b).orElse("none");
  }

  private void list(List<String> items) {
    out.append("<ul>");
    items.forEach(i -> out.append("<li>").append(Html.value(i)).append("</li>"));
    out.append("</ul>");
  }

  private static String td(String value) {
    return "<td>" + Html.value(value) + "</td>";
  }

  private static String num(String formatted) {
    return "<td class=\"num\">" + formatted + "</td>";
  }

  private static String severityCell(String severity) {
    return "<td>" + severityBadge(severity) + "</td>";
  }

  private static String severityBadge(String severity) {
    String marker = Charts.marker(severity);
    return "<span class=\"badge sev-" + Charts.severityClass(severity) + "\">" + (marker.isEmpty() ? "" : marker + " ")
        + Html.clipped(severity, 40) + "</span>";
  }

  /** Hatches that double the colours: the day's bars, and too-small slices in the heatmap. */
  private static final String PATTERNS = "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\"><defs>"
      + "<pattern id=\"hatch-cur\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      + "<rect width=\"6\" height=\"6\" fill=\"#E69F00\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#7a5200\" stroke-width=\"2\"/></pattern>"
      + "<pattern id=\"hatch-grey\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
      + "<rect width=\"6\" height=\"6\" fill=\"#ffffff\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"1.5\"/></pattern>"
      + "</defs></svg>";

  /** Okabe-Ito colours: blue reference, orange day, yellow/orange/vermillion for emerging/warn/critical. */
  private static final String CSS = String.join("",
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;margin:0;background:#fff}",
      "header{padding:16px 24px;border-bottom:3px solid #0072B2}h1{margin:0;font-size:22px}.sub{margin:4px 0 0;color:#555}",
      "main{padding:0 24px 24px;max-width:1240px}section{margin-top:22px}h2{font-size:18px;border-bottom:1px solid #ddd}",
      "h3{font-size:15px;margin:16px 0 4px}bdi{overflow-wrap:anywhere;unicode-bidi:isolate}",
      "table{border-collapse:collapse;margin:6px 0;max-width:100%}th,td{border:1px solid #ddd;padding:3px 7px;",
      "text-align:left;vertical-align:top;max-width:520px;overflow-wrap:anywhere}th{background:#f4f4f4}",
      "td.num{text-align:right;font-variant-numeric:tabular-nums}table.compact{display:inline-table;margin-right:16px}",
      ".badge{display:inline-block;padding:0 6px;border-radius:3px;border:1px solid #888;font-weight:600;font-size:12px}",
      ".sev-critical{background:#D55E00;fill:#D55E00;color:#000}.sev-warn{background:#E69F00;fill:#E69F00}",
      ".sev-emerging{background:#F0E442;fill:#F0E442}.sev-none{background:#eeeeee;fill:#eeeeee}",
      ".sev-info{background:#56B4E9;fill:#56B4E9}.sev-other{background:#fff;fill:#fff}",
      ".sev-insufficient_data{background:repeating-linear-gradient(45deg,#fff 0 4px,#ccc 4px 6px);fill:url(#hatch-grey)}",
      ".swatch{padding:0 6px;border:1px solid #888;margin-right:4px}",
      "rect.missing{fill:#fff;stroke:#ddd}.cell-text{font-size:11px;font-variant-numeric:tabular-nums}",
      ".row-label,.col-label,.bin-label,.tick,.rule-label{font-size:11px;fill:#333;unicode-bidi:isolate}",
      ".grid line,line.grid{stroke:#e6e6e6}.bar.ref{fill:#0072B2}.bar.cur{fill:url(#hatch-cur);stroke:#7a5200}",
      "polyline.series{fill:none;stroke-width:2}.psi{stroke:#0072B2;fill:#0072B2}",
      ".floor{stroke:#009E73;fill:#009E73;stroke-dasharray:2 2}.value{stroke:#0072B2;fill:#0072B2}",
      "polygon.band{fill:#56B4E9;fill-opacity:.3;stroke:none}line.rule{stroke-width:1.5;stroke-dasharray:6 4}",
      "line.warn{stroke:#E69F00}line.critical{stroke:#D55E00}line.reference{stroke:#555}",
      "div.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(390px,1fr));gap:8px}",
      "figure{margin:0;border:1px solid #eee;padding:4px}figcaption{font-weight:600;font-size:13px}",
      ".legend{font-size:12px;color:#444}.key{display:inline-block;width:14px;height:10px;margin:0 4px 0 10px}",
      ".key.ref{background:#0072B2}.key.cur{background:repeating-linear-gradient(45deg,#E69F00 0 3px,#7a5200 3px 5px)}",
      ".key.psi,.key.value{background:#0072B2;height:3px}.key.floor{border-top:3px dotted #009E73;height:0}",
      ".scroll{overflow-x:auto}.empty,.note{color:#666;font-style:italic}.summary{max-width:1000px}",
      "dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}dt{font-weight:600}dd{margin:0;font-family:monospace}",
      ".incident{border-left:4px solid #0072B2;padding-left:10px;margin:14px 0}",
      "@media print{body{font-size:11px}main{max-width:none}section,figure,article{break-inside:avoid}",
      ".scroll{overflow:visible}header{border-bottom:2px solid #000}a{color:inherit;text-decoration:none}",
      "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}");
}
