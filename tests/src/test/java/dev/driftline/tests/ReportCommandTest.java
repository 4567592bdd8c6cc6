package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftline report} on the demo's warehouse: a day's report from the tables, and one-line errors. */
class ReportCommandTest extends SparkTestBase {

  private static final Path CONFIG = Path.of(System.getProperty("driftline.repo"), "conf/examples/card-fraud.yaml");

  @TempDir
  Path tmp;

  @Test
  void aDayOfTheDemoGivesItsIncidentsDecisionAndLineage() throws IOException {
    Path out = tmp.resolve("nested/report.html");
    Cli.ok("report", "-c", CONFIG, "--warehouse", DemoWarehouse.warehouse(), "--date", "2026-10-23", "--days", "10",
        "--out", out);
    String html = Files.readString(out);
    Assertions.assertTrue(html.contains("<h1>Drift report: <bdi>card-fraud</bdi>, 2026-10-23</h1>"), "title of the day");
    Assertions.assertTrue(html.contains("10 days from 2026-10-14 to 2026-10-23"), "the window");
    // The demo's country shift starts on 10-23: its incident opens that day, with its histogram.
    Assertions.assertTrue(html.matches("(?s).*<td><bdi[^>]*>opened</bdi></td><td><bdi[^>]*>feature_drift</bdi></td>"
        + "<td><a href=\"#incident-\\d+\"><bdi[^>]*>country</bdi>.*"), "the opened country incident");
    Assertions.assertTrue(html.contains("<rect class=\"bar ref\""), "a histogram");
    Assertions.assertTrue(html.contains("<dt>config fingerprint</dt>"), "the lineage");
    String graph = html.substring(html.indexOf("<table class=\"lineage\">"));
    for (String kind : List.of("input", "reference", "profile", "drift", "incident", "decision")) {
      Assertions.assertTrue(graph.matches("(?s).*<td><bdi[^>]*>" + kind + "</bdi></td>.*"), "a " + kind + " node in the lineage graph");
    }
  }

  @Test
  void aDateWithoutARunOrAnUnknownModelExitsTwoWithOneLine() throws IOException {
    Cli.Result noRun = Cli.run("report", "-c", CONFIG, "--warehouse", DemoWarehouse.warehouse(), "--date", "2026-09-01",
        "--out", tmp.resolve("none.html"));
    assertEquals(2, noRun.exitCode(), noRun::toString);
    Assertions.assertTrue(noRun.errorLine().contains("no run of model 'card-fraud' on 2026-09-01"), noRun.err());

    Path other = JobConfig.write(tmp.resolve("other.yaml"),
        Files.readString(CONFIG).replace("model: card-fraud", "model: other-model"));
    Cli.Result unknown = Cli.run("report", "-c", other, "--warehouse", DemoWarehouse.warehouse(), "--date", "2026-10-23",
        "--out", tmp.resolve("other.html"));
    assertEquals(2, unknown.exitCode(), unknown::toString);
    Assertions.assertTrue(unknown.errorLine().contains("no run of model 'other-model'"), unknown.err());
    Assertions.assertTrue(Files.notExists(tmp.resolve("none.html")) && Files.notExists(tmp.resolve("other.html")), "nothing written");
  }
}
