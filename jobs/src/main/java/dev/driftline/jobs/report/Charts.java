package dev.driftline.jobs.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's inline SVG charts, each a small function returning markup. Labels from the data
 * go through {@link Html}; colours come from the page's CSS classes (Okabe-Ito, safe for
 * colour-blind readers), and every colour is doubled by a pattern, a marker or text.
 */
public final class Charts {

  private static final int LINE_WIDTH = 380;
  private static final int LINE_HEIGHT = 190;
  private static final int LEFT = 52;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 30;
  private static final int LABEL_CHARS = 18;

  private Charts() {}

  /** A series of a line chart: values and, when {@code lower} is not null, its band. */
  public record Line(String name, String css, double[] y, double[] lower, double[] upper) {}

  /** A horizontal level across a line chart, such as a threshold. */
  public record Rule(String name, String css, double y) {}

  /** The marker a severity adds to its colour, so it reads without colour too. */
  public static String marker(String severity) {
    return switch (severityClass(severity)) {
      case "critical" -> "!!";
      case "warn" -> "!";
      case "emerging" -> "\u2197";
      case "insufficient_data" -> "?";
      default -> "";
    };
  }

  /**
   * The CSS class of a severity: one of the known names, never the data itself, so an unknown
   * value cannot reach an attribute unescaped.
   */
  public static String severityClass(String severity) {
    if (severity == null) {
      return "other";
    }
    return switch (severity) {
      case "critical", "warn", "emerging", "insufficient_data", "none", "info" -> severity;
      default -> "other";
    };
  }

  /**
   * Days on x, one polyline per series (NaN breaks it), its band as a shaded polygon, and each rule
   * as a dashed level labelled with its value. {@code fromZero} keeps 0 on the y axis.
   */
  public static String lines(List<LocalDate> days, List<Line> series, List<Rule> rules, boolean fromZero) {
    double lo = fromZero ? 0 : Double.POSITIVE_INFINITY;
    double hi = fromZero ? 0 : Double.NEGATIVE_INFINITY;
    for (Line s : series) {
      for (double[] values : new double[][] {s.y(), s.lower(), s.upper()}) {
        for (double v : values == null ? new double[0] : values) {
          if (Double.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    for (Rule r : rules) {
      lo = Math.min(lo, r.y());
      hi = Math.max(hi, r.y());
    }
    if (!Double.isFinite(lo)) {
      return "<p class=\"empty\">no values in the window</p>";
    }
    double pad = hi > lo ? (hi - lo) * 0.08 : Math.max(Math.abs(hi) * 0.1, 0.01);
    Scale scale = new Scale(days.size(), fromZero && lo >= 0 ? lo : lo - pad, hi + pad);
    StringBuilder svg = open(LINE_WIDTH, LINE_HEIGHT, "line-chart");
    for (double t : new double[] {scale.min, (scale.min + scale.max) / 2, scale.max}) {
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
          LEFT, LINE_WIDTH - RIGHT, scale.y(t), scale.y(t)));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          LEFT - 4, scale.y(t) + 4, Html.number(t)));
    }
    String[] anchors = {"start", "middle", "end"};
    int[] ticks = {0, days.size() / 2, days.size() - 1};
    for (int t = 0; t < ticks.length; t++) {
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
          scale.x(ticks[t]), LINE_HEIGHT - 10, anchors[t], days.get(ticks[t]).toString().substring(5)));
    }
    for (Line s : series) {
      if (s.lower() != null) {
        for (int[] run : runs(s.lower(), s.upper())) {
          StringBuilder points = new StringBuilder();
          for (int i = run[0]; i <= run[1]; i++) {
            points.append(point(scale, i, s.upper()[i]));
          }
          for (int i = run[1]; i >= run[0]; i--) {
            points.append(point(scale, i, s.lower()[i]));
          }
          svg.append("<polygon class=\"band ").append(s.css()).append("\" points=\"").append(points.toString().strip())
              .append("\"/>");
        }
      }
    }
    for (Rule r : rules) {
      double y = scale.y(r.y());
      svg.append(String.format(Locale.ROOT, "<line class=\"rule %s\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
          r.css(), LEFT, LINE_WIDTH - RIGHT, y, y));
      svg.append(String.format(Locale.ROOT, "<text class=\"rule-label\" x=\"%d\" y=\"%.1f\">%s %s</text>",
          LEFT + 4, y - 3, Html.clipped(r.name(), LABEL_CHARS), Html.number(r.y())));
    }
    for (Line s : series) {
      for (int[] run : runs(s.y(), s.y())) {
        StringBuilder points = new StringBuilder();
        for (int i = run[0]; i <= run[1]; i++) {
          points.append(point(scale, i, s.y()[i]));
        }
        svg.append("<polyline class=\"series ").append(s.css()).append("\" points=\"")
            .append(points.toString().strip()).append("\"/>");
      }
      for (int i = 0; i < s.y().length; i++) {
        if (Double.isFinite(s.y()[i])) {
          svg.append(String.format(Locale.ROOT, "<circle class=\"dot %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"><title>%s %s: %s</title></circle>",
              s.css(), scale.x(i), scale.y(s.y()[i]), days.get(i), Html.clipped(s.name(), Html.MAX_SHOWN), Html.number(s.y()[i])));
        }
      }
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Reference and day shares side by side for each bin, labelled under the bars; the day's bars
   * are hatched so the two read apart in grey too.
   */
  public static String bars(List<String> labels, double[] reference, double[] current) {
    int n = labels.size();
    int slot = 34;
    int left = LEFT + 50;
    int width = left + RIGHT + Math.max(n, 4) * slot;
    int height = 230;
    int plotBottom = height - 80;
    double max = 0;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, Math.max(reference[i], current[i]));
    }
    max = max > 0 ? max * 1.08 : 1;
    StringBuilder svg = open(width, height, "bar-chart");
    for (double t : new double[] {0, max / 2, max}) {
      double y = plotBottom - t / max * (plotBottom - TOP);
      svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
          left, width - RIGHT, y, y));
      svg.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
          left - 4, y + 4, Html.percent(t)));
    }
    for (int i = 0; i < n; i++) {
      double x = left + i * slot + 3;
      svg.append(bar("ref", x, reference[i], max, plotBottom, labels.get(i), "reference"));
      svg.append(bar("cur", x + 14, current[i], max, plotBottom, labels.get(i), "day"));
      svg.append(String.format(Locale.ROOT,
          "<text class=\"bin-label\" transform=\"translate(%.1f %d) rotate(-40)\" text-anchor=\"end\">%s</text>",
          x + 14, plotBottom + 12, Html.clipped(labels.get(i), LABEL_CHARS)));
    }
    return svg.append("</svg>").toString();
  }

  /**
   * Rows x columns of cells filled by severity, each showing its PSI and the severity's marker;
   * {@code cells[r][c]} is null where the table has no comparison.
   */
  public static String heatmap(List<String> rows, List<String> columns, ReportData.HeatCell[][] cells) {
    int cell = 66;
    int rowHeight = 22;
    int left = 180;
    int top = 90;
    int width = left + columns.size() * cell + RIGHT;
    int height = top + rows.size() * rowHeight + 8;
    StringBuilder svg = open(width, height, "heatmap");
    for (int c = 0; c < columns.size(); c++) {
      svg.append(String.format(Locale.ROOT,
          "<text class=\"col-label\" transform=\"translate(%d %d) rotate(-35)\">%s</text>",
          left + c * cell + cell / 2, top - 6, Html.clipped(columns.get(c), LABEL_CHARS)));
    }
    for (int r = 0; r < rows.size(); r++) {
      int y = top + r * rowHeight;
      svg.append(String.format(Locale.ROOT, "<text class=\"row-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
          left - 6, y + 15, Html.clipped(rows.get(r), 26)));
      for (int c = 0; c < columns.size(); c++) {
        ReportData.HeatCell h = cells[r][c];
        int x = left + c * cell;
        if (h == null) {
          svg.append(String.format(Locale.ROOT, "<rect class=\"cell missing\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
              x, y, cell - 2, rowHeight - 2));
          continue;
        }
        String css = severityClass(h.severity());
        svg.append(String.format(Locale.ROOT,
            "<g class=\"cell-group\"><title>%s | %s: PSI %s, %s</title>"
                + "<rect class=\"cell sev-%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                + "<text class=\"cell-text\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s%s</text></g>",
            Html.clipped(h.slice(), Html.MAX_SHOWN), Html.clipped(h.column(), Html.MAX_SHOWN), Html.number(h.psi()),
            Html.clipped(h.severity(), LABEL_CHARS),
            css, x, y, cell - 2, rowHeight - 2, x + cell / 2 - 1, y + 15, Html.number(h.psi()),
            marker(h.severity()).isEmpty() ? "" : " " + marker(h.severity())));
      }
    }
    return svg.append("</svg>").toString();
  }

  private static String bar(String css, double x, double share, double max, int bottom, String label, String side) {
    double h = Double.isFinite(share) ? share / max * (bottom - TOP) : 0;
    return String.format(Locale.ROOT,
        "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"%.1f\"><title>%s, %s: %s</title></rect>",
        css, x, bottom - h, h, Html.clipped(label, Html.MAX_SHOWN), side, Html.percent(share));
  }

  private static StringBuilder open(int width, int height, String css) {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
        css, width, height, width, height));
  }

  private static String point(Scale scale, int i, double y) {
    return String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(i), scale.y(y));
  }

  /** Index ranges [from, to] where both arrays are finite. */
  private static List<int[]> runs(double[] a, double[] b) {
    List<int[]> runs = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= a.length; i++) {
      boolean finite = i < a.length && Double.isFinite(a[i]) && Double.isFinite(b[i]);
      if (finite && start < 0) {
        start = i;
      } else if (!finite && start >= 0) {
        runs.add(new int[] {start, i - 1});
        start = -1;
      }
    }
    return runs;
  }

  private record Scale(int n, double min, double max) {

    double x(int i) {
      double plot = LINE_WIDTH - LEFT - RIGHT;
      return n <= 1 ? LEFT + plot / 2 : LEFT + i * plot / (n - 1);
    }

    double y(double v) {
      double plot = LINE_HEIGHT - TOP - BOTTOM;
      return TOP + (max - v) / (max - min) * plot;
    }
  }
}
