package dev.driftline.jobs.report;

import java.util.Locale;

/**
 * The one place text becomes HTML. Every string from the data goes through {@link #text} (or
 * {@link #clipped}), which escapes markup and quotes, so a value is shown and never interpreted;
 * numbers go through the formatters so the report reads 0.123, 12.3% and 1,234,567.
 */
public final class Html {

  /** Characters of a data value shown in a table cell or label before it is cut with an ellipsis. */
  public static final int MAX_SHOWN = 300;

  private Html() {}

  /**
   * {@code value} escaped for element content and quoted attributes. Control characters other
   * than tab and newline, and lone surrogates, become U+FFFD, which keeps the page well formed.
   */
  public static String text(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            out.append(c).append(value.charAt(++i));
          } else if (Character.isSurrogate(c) || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** At most {@code max} characters of {@code value} (cut on a code point), escaped, "…" when cut. */
  public static String clipped(String value, int max) {
    if (value == null || value.codePointCount(0, value.length()) <= max) {
      return text(value);
    }
    return text(value.substring(0, value.offsetByCodePoints(0, max))) + "\u2026";
  }

  /**
   * A data value as inline text: clipped, isolated from the surrounding text's direction (a
   * right-to-left or override character in the data cannot reorder the page), the whole value in
   * its tooltip.
   */
  public static String value(String value) {
    return "<bdi title=\"" + clipped(value, 2 * MAX_SHOWN) + "\">" + clipped(value, MAX_SHOWN) + "</bdi>";
  }

  /** A measure for people: 1,235 / 12.3 / 0.123 / 1.2e-05; "n/a" for NaN. */
  public static String number(double x) {
    if (Double.isNaN(x)) {
      return "n/a";
    }
    double a = Math.abs(x);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", x);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", x);
    }
    if (a >= 0.001 || a == 0) {
      return String.format(Locale.ROOT, "%.3f", x);
    }
    return String.format(Locale.ROOT, "%.1e", x);
  }

  /** A share as a percentage: 12.3%. */
  public static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
  }

  /** A count with thousands separators: 1,234,567. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
