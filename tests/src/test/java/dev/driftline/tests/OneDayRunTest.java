package dev.driftline.tests;

import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
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
        "--date", Fixtures.FIRST_RUN_DAY);
  }
}
