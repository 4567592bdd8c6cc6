package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.report.Html;
import dev.driftline.jobs.report.ReportPage;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderer on hostile data, as text: every value is shown escaped and nothing from the data becomes markup. */
class ReportPageTest {

  private final String html = ReportPage.render(HostileReport.data());

  @Test
  void noMarkupFromTheDataBecomesATagOrAnAttribute() {
    String lower = html.toLowerCase(Locale.ROOT);
    assertFalse(lower.contains("<script"), "a script tag in the page");
    assertFalse(lower.contains("<img"), "an img tag in the page");
    // The tags alone, attribute values emptied: what is left is markup the renderer wrote.
    String tags = lower.replaceAll(">[^<]*<", "><").replaceAll("\"[^\"]*\"", "\"\"");
    assertFalse(Pattern.compile("\\son[a-z]+\\s*=").matcher(tags).find(), "an event handler attribute");
    assertFalse(Pattern.compile("\\s(src|action|formaction|xlink:href)\\s*=").matcher(tags).find(),
        "a fetching attribute");
    Matcher href = Pattern.compile("\\shref=\"([^\"]*)\"").matcher(html);
    while (href.find()) {
      assertTrue(href.group(1).matches("#incident-\\d+"), "a link from the data: " + href.group(1));
    }
  }

  @Test
  void hostileValuesAreShownAsEscapedText() {
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the script value as text");
    assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), "the img value as text");
    assertTrue(html.contains("javascript:document.title=&#39;pwned&#39;"), "the javascript: value as text");
    assertTrue(html.contains("<bdi title=\"" + HostileReport.RTL + "\">" + HostileReport.RTL + "</bdi>"),
        "right-to-left text isolated in a bdi, characters kept");
    assertTrue(html.contains("nul\uFFFDbell\uFFFD lone\uFFFDsurrogate"), "control characters and lone surrogates replaced");
  }

  @Test
  void longValuesAreClippedAndThePageStaysWhole() {
    assertFalse(html.contains("A".repeat(Html.MAX_SHOWN * 2 + 1)), "a 10,000-character value shown whole");
    assertTrue(html.contains(">" + "A".repeat(Html.MAX_SHOWN) + "\u2026</bdi>"), "the clipped value with an ellipsis");
    assertTrue(html.endsWith("</main></body></html>\n"), "the page ends");
    for (String tag : List.of("section", "table", "svg", "article", "figure", "bdi")) {
      assertEquals(count(html, "<" + tag + "[ >]"), count(html, "</" + tag + ">"), "open and closed " + tag);
    }
    for (String id : List.of("decision", "incidents", "heatmap", "trends", "performance", "quality", "latency", "lineage")) {
      assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
    }
  }

  @Test
  void nothingIsFetchedAndNoScriptMayRun() {
    assertFalse(html.contains("http://") || html.contains("https://"), "a URL in the page");
    assertTrue(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""), "the page's CSP");
  }

  @Test
  void numbersReadForPeople() {
    assertEquals("0.123", Html.number(0.12345));
    assertEquals("12.3%", Html.percent(0.1234));
    assertEquals("1,234,567", Html.count(1_234_567));
    assertEquals("1,235", Html.number(1234.6));
    assertEquals("n/a", Html.number(Double.NaN));
    assertTrue(html.contains(">1,234,567</td>"), "the quality row's rows");
  }

  private static long count(String text, String regex) {
    return Pattern.compile(regex).matcher(text).results().count();
  }
}
