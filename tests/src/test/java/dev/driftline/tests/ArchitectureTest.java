package dev.driftline.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.decision.DriftPolicy;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.DriftMetrics;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled main classes of {@code udfs} and {@code jobs}:
 * the drift math and the decision policies have no Spark or Scala dependency, and dependencies
 * point one way only
 * ({@code jobs -> udfs}; {@code bench} and {@code tests} are never depended on).
 */
class ArchitectureTest {

  private static final String MATH = "dev.driftline.udfs.math..";
  private static final String DECISION = "dev.driftline.jobs.decision..";

  /** Spark, Scala, the libraries Spark shades or pulls in, and Delta. */
  private static final String[] SPARK_RUNTIME = {
      "org.apache.spark..", "scala..", "org.sparkproject..", "org.apache.hadoop..", "io.delta.."};

  /**
   * Main classes only: test classes are left out both as directories (target/test-classes) and
   * as the test jar that udfs publishes for the other modules' tests.
   */
  private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .withImportOption(location -> !location.contains("-tests.jar"))
      .importPackages("dev.driftline");

  @Test
  void thePlainJavaRulesHaveClassesToCheck() {
    for (String pkg : new String[] {MATH, DECISION}) {
      String name = pkg.substring(0, pkg.length() - 2);
      assertTrue(MAIN_CLASSES.stream().anyMatch(c -> c.getPackageName().startsWith(name)),
          "no class of " + name + " was imported: its rule would check nothing");
    }
    assertTrue(MAIN_CLASSES.contain(DriftMetrics.class), "the imported math lacks DriftMetrics");
    assertTrue(MAIN_CLASSES.contain(DriftPolicy.class), "the imported decision package lacks DriftPolicy");
  }

  @Test
  void theImportHoldsMainClassesOfBothModulesAndNoTestClass() {
    assertTrue(MAIN_CLASSES.contain(NightlyJob.class), "jobs' main classes were not imported");
    assertFalse(MAIN_CLASSES.contain(SparkTestBase.class), "udfs' test jar was imported");
    assertFalse(MAIN_CLASSES.contain(ArchitectureTest.class), "this module's test classes were imported");
  }

  @Test
  void mathDoesNotDependOnSpark() {
    check(noClasses().that().resideInAPackage(MATH)
        .should().dependOnClassesThat().resideInAnyPackage(SPARK_RUNTIME)
        .because("the math is plain Java, unit-tested without Spark and reused by the Spark layer"));
  }

  @Test
  void decisionsDoNotDependOnSpark() {
    check(noClasses().that().resideInAPackage(DECISION)
        .should().dependOnClassesThat().resideInAnyPackage(SPARK_RUNTIME)
        .because("policies see findings, never Spark data, so each is unit-tested alone"));
  }

  @Test
  void reportRenderingDoesNotDependOnSpark() {
    check(noClasses().that().resideInAPackage("dev.driftline.jobs.report..")
        .should().dependOnClassesThat().resideInAnyPackage(SPARK_RUNTIME)
        .because("the report page is rendered from plain records, tested on hand-built data without Spark"));
  }

  @Test
  void triggersDoNotDependOnSpark() {
    check(noClasses().that().resideInAPackage("dev.driftline.jobs.trigger..")
        .should().dependOnClassesThat().resideInAnyPackage(SPARK_RUNTIME)
        .because("a trigger sends a decision over HTTP or to a file, tested against local servers without Spark"));
  }

  @Test
  void lineageDoesNotDependOnSpark() {
    check(noClasses().that().resideInAPackage("dev.driftline.jobs.lineage..")
        .should().dependOnClassesThat().resideInAnyPackage(SPARK_RUNTIME)
        .because("the lineage graph, its fingerprints and renderers are unit-tested without Spark; tables maps it to rows"));
  }

  @Test
  void udfsDoesNotDependOnJobsOrBench() {
    check(noClasses().that().resideInAPackage("dev.driftline.udfs..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.driftline.jobs..", "dev.driftline.bench..")
        .because("dependencies point one way: jobs -> udfs"));
  }

  @Test
  void jobsDoesNotDependOnBenchOrTests() {
    check(noClasses().that().resideInAPackage("dev.driftline.jobs..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.driftline.bench..", "dev.driftline.tests..")
        .because("the benchmark harness and the tests depend on the jobs, never the other way"));
  }

  private static void check(ArchRule rule) {
    rule.check(MAIN_CLASSES);
  }
}
