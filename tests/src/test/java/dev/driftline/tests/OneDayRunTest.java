package dev.driftline.tests;

import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Tests that read the tables of one nightly run of the small demo log, made once per class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneDayRunTest extends SparkTestBase {

  /** Static so it exists before {@code @BeforeAll}; JUnit sets it afresh for each test class. */
  @TempDir
  static Path dir;

  protected Path warehouse;

  @BeforeAll
  void runOneDay() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Cli.ok("run", "-c", JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml")),
        "--date", Fixtures.FIRST_RUN_DAY, "--report", dir.resolve("reports"));
  }

  /** {@code run --report DIR} leaves the day's report next to the tables, named by model and day. */
  @Test
  void theRunWroteTheDaysReport() throws IOException {
    Path report = dir.resolve("reports").resolve(JobConfig.MODEL + "-" + Fixtures.FIRST_RUN_DAY + ".html");
    String html = Files.readString(report);
    Assertions.assertTrue(html.contains(">" + JobConfig.MODEL + "</bdi>, " + Fixtures.FIRST_RUN_DAY + "</h1>"),
        "the report is of the run's model and day");
    Assertions.assertTrue(html.contains("<rect class=\"cell sev-"), "the heatmap has the day's drift cells");
  }
}
