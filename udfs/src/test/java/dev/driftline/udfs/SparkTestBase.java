package dev.driftline.udfs;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.BeforeEach;

/**
 * The one SparkSession of a test JVM (spark-testing-base reuses its context across classes),
 * under JUnit 5, with Delta configured and settings sized for small test data. Modules that test
 * Spark code extend it through this module's test jar.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  /**
   * Settings every local Driftline session uses in tests. Expressions are interpreted, not
   * compiled: on test-sized data Janino's compiling of each query's classes took about a third of
   * an end-to-end test's time, and the results are the same either way. With this mode Spark also
   * leaves out whole-stage code generation (its {@code CollapseCodegenStages} checks it), so test
   * plans have no whole-stage nodes; the tables' session of a run has none either ({@code
   * TableSession}).
   */
  public static final Map<String, String> TEST_SETTINGS = Map.of(
      "spark.sql.codegen.factoryMode", "NO_CODEGEN",
      "spark.sql.shuffle.partitions", "2",
      "spark.default.parallelism", "2",
      "spark.ui.enabled", "false",
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.sql.session.timeZone", "UTC",
      "spark.databricks.delta.snapshotPartitions", "1",
      "spark.sql.adaptive.enabled", "false");

  @Override
  public SparkConf conf() {
    SparkConf conf = super.conf().set("spark.master", "local[2]").setAppName("driftline-tests");
    TEST_SETTINGS.forEach(conf::set);
    ForklessLocalFileSystem.SETTINGS.forEach(conf::set);
    return conf;
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  @BeforeEach
  public void startSpark() {
    runBefore();
  }
}
