package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.report.ReportPage;
import dev.driftline.udfs.SparkTestBase;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's report and a hostile report opened in headless Chromium: what a reader's browser builds and shows. */
class ReportBrowserTest extends SparkTestBase {

  @TempDir
  Path tmp;

  @Test
  void theDemoReportShowsEverySectionWithItsCharts() throws IOException {
    Chromium.assumeInstalled();
    Path report = DemoWarehouse.dir().resolve("report.html");
    Assertions.assertTrue(DemoWarehouse.result().out().contains(report.toAbsolutePath().toString()), "the demo prints its report");
    String dom = Chromium.dumpDom(report);
    for (String id : List.of("decision", "incidents", "heatmap", "trends", "performance", "quality", "latency", "lineage")) {
      Assertions.assertTrue(dom.contains("<section id=\"" + id + "\">"), "section " + id + " in the DOM");
    }
    Assertions.assertTrue(dom.contains("id=\"incident-0\""), "the first incident's detail");
    Assertions.assertTrue(count(dom, "<rect class=\"cell sev-") >= 9 * 10, "a heatmap cell per column and slice");
    Assertions.assertTrue(count(dom, "<rect class=\"bar ref\"") > 0 && count(dom, "<rect class=\"bar cur\"") > 0, "histogram bars");
    Assertions.assertTrue(count(dom, "<polyline class=\"series") >= 9, "a PSI trend line per column");
    Assertions.assertTrue(count(dom, "<polygon class=\"band") > 0, "interval bands of the performance");
    Assertions.assertTrue(dom.contains("sev-critical"), "the demo's critical drift is shown");
    Assertions.assertFalse(dom.contains("<script"), "no script in the report");

    BufferedImage png = ImageIO.read(Chromium.screenshot(report, tmp.resolve("demo.png"), 2000).toFile());
    assertEquals(1280, png.getWidth());
    Set<Integer> colours = new HashSet<>();
    long nonWhite = 0;
    for (int y = 0; y < png.getHeight(); y += 2) {
      for (int x = 0; x < png.getWidth(); x += 2) {
        int rgb = png.getRGB(x, y) & 0xffffff;
        colours.add(rgb);
        nonWhite += rgb == 0xffffff ? 0 : 1;
      }
    }
    double share = nonWhite / (png.getWidth() / 2.0 * png.getHeight() / 2.0);
    Assertions.assertTrue(colours.size() > 100, "distinct colours in the screenshot: " + colours.size());
    Assertions.assertTrue(share > 0.05, "non-white share of the screenshot: " + share);
  }

  @Test
  void hostileDataNeverBecomesElementsOrRunsInTheBrowser() throws IOException {
    Chromium.assumeInstalled();
    Path page = Files.writeString(tmp.resolve("hostile.html"), ReportPage.render(HostileReport.data()));
    String dom = Chromium.dumpDom(page);
    Assertions.assertFalse(dom.toLowerCase().contains("<script"), "a script element was built");
    Assertions.assertFalse(dom.toLowerCase().contains("<img"), "an img element was built");
    Assertions.assertFalse(Pattern.compile("<svg[^>]*onload").matcher(dom).find(), "an svg with onload was built");
    Matcher title = Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL).matcher(dom);
    Assertions.assertTrue(title.find(), "the page has a title");
    Assertions.assertTrue(title.group(1).startsWith("Driftline report: "), "the title was changed: " + title.group(1));
    Assertions.assertTrue(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the script value shown as text");
    Assertions.assertTrue(dom.contains("<section id=\"lineage\">"), "the last section survives the long and odd values");
  }

  private static long count(String text, String literal) {
    return Pattern.compile(Pattern.quote(literal)).matcher(text).results().count();
  }
}
