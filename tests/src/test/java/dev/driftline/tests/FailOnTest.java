package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fail-on}: exit 3 exactly when an incident at that level opened, after the tables are written. */
class FailOnTest extends SparkTestBase {

  /** The small demo log's BR amount shift starts here; the days before are quiet. */
  private static final LocalDate BR_AMOUNT_DAY = LocalDate.of(2026, 10, 17);

  @TempDir
  Path dir;

  private Path config;

  @BeforeEach
  void config() {
    runBefore();
    config = JobConfig.demo(Fixtures.smallDemoLog(spark()), dir.resolve("warehouse")).writeTo(dir.resolve("model.yaml"));
  }

  @Test
  void aQuietDayExitsZeroAndADayThatOpensAnIncidentExitsThree() {
    Cli.Result quiet = Cli.run("run", "-c", config, "--date", BR_AMOUNT_DAY.minusDays(1), "--fail-on", "warn");
    assertEquals(0, quiet.exitCode(), quiet::toString);
    assertEquals(0, opened(BR_AMOUNT_DAY.minusDays(1)), "no incident opened on the quiet day");

    Cli.Result drift = Cli.run("run", "-c", config, "--date", BR_AMOUNT_DAY, "--fail-on", "warn");
    assertEquals(3, drift.exitCode(), drift::toString);
    Assertions.assertTrue(opened(BR_AMOUNT_DAY) > 0, "the exit code stands for an incident the table holds");
    Assertions.assertTrue(drift.out().contains("opened"), drift.out());
  }

  @Test
  void anUnknownLevelIsAUsageErrorBeforeAnyWork() {
    Cli.Result bad = Cli.run("run", "-c", config, "--date", BR_AMOUNT_DAY, "--fail-on", "loud");
    assertEquals(2, bad.exitCode(), bad::toString);
    assertEquals("driftline: config error: --fail-on: 'loud' is not one of warn, critical", bad.err().strip());
    Assertions.assertTrue(!dir.resolve("warehouse").toFile().exists(), "nothing was written");
  }

  private long opened(LocalDate ds) {
    return Outputs.read(dir.resolve("warehouse"), Table.INCIDENTS)
        .where(col("ds").equalTo(lit(java.sql.Date.valueOf(ds))).and(col("status").equalTo("opened"))).count();
  }
}
