package dev.driftline.tests;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The tables a drift run writes match their contract (the performance tables are checked by the
 * performance end-to-end tests, which write them).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableContractTest extends SparkTestBase {

  @TempDir
  static Path dir;

  private Path warehouse;

  @BeforeAll
  void runOneDay() {
    runBefore();
    warehouse = dir.resolve("warehouse");
    Cli.ok("run", "-c", JobConfig.demo(Fixtures.smallDemoLog(spark()), warehouse).writeTo(dir.resolve("model.yaml")),
        "--date", Fixtures.FIRST_RUN_DAY);
  }

  @ParameterizedTest
  @EnumSource(value = Table.class, mode = EnumSource.Mode.EXCLUDE, names = {"PERFORMANCE_METRICS", "RELEASE_COMPARISONS"})
  void storedTableMatchesTheContract(Table table) {
    TableContract.check(warehouse, table);
  }
}
