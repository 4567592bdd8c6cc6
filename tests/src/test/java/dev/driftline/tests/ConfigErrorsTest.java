package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken config stops {@code driftline run} before anything is written: exit code 2 and one
 * line naming what to fix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConfigErrorsTest extends SparkTestBase {

  @TempDir
  static Path dir;

  private Path log;

  @BeforeAll
  void writeInput() {
    runBefore();
    log = Fixtures.smallDemoLog(spark());
  }

  /** A config mistake: how it breaks a valid config, and what the message must name. */
  record Mistake(String name, UnaryOperator<String> breakYaml, List<String> named) {
    @Override
    public String toString() {
      return name;
    }
  }

  Stream<Arguments> mistakes() {
    JobConfig valid = JobConfig.demo(Path.of("unused"), Path.of("unused"));
    return Stream.of(
        new Mistake("unknown key", y -> y + "drift: {min_row: 10}\n", List.of("unknown key 'drift.min_row'")),
        new Mistake("missing required key", y -> y.replace("model: " + JobConfig.MODEL + "\n", ""),
            List.of("missing required key 'model'")),
        new Mistake("feature column missing from the input",
            y -> y.replace("[amount,", "[amount, amount_usd,"), List.of("features.numeric[1]", "'amount_usd'", "does not exist")),
        new Mistake("numeric feature on a string column",
            y -> y.replace("[amount,", "[amount, request_id,"), List.of("features.numeric[1]", "'request_id'", "is string")),
        new Mistake("malformed YAML", y -> y.replace(valid.features(), "{numeric: [amount, merchant_risk}"),
            List.of("malformed YAML at line 3: while parsing a flow sequence")),
        new Mistake("duplicate key", y -> y + "model: fraud-v2\n", List.of("malformed YAML", "'model'")),
        new Mistake("unknown threshold metric", y -> y + "drift: {thresholds: {psy: {warn: 0.1}}}\n",
            List.of("drift.thresholds.psy", "unknown drift metric 'psy'")),
        new Mistake("a statement where an expression goes",
            y -> y.replace("[amount,", "[\"1); DROP TABLE x; -- AS y\", amount,"),
            List.of("features.numeric[0]: cannot evaluate '1); DROP TABLE x; --': [PARSE_SYNTAX_ERROR]")),
        new Mistake("input path that does not exist", y -> y.replace("path: '" + log + "'", "path: '" + log + "-missing'"),
            List.of("input.path", log + "-missing")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void runStopsWithOneLineNamingTheProblemAndWritesNothing(Mistake mistake) throws Exception {
    Path caseDir = Files.createDirectories(dir.resolve(mistake.name().replace(' ', '-')));
    Path warehouse = caseDir.resolve("warehouse");
    String yaml = JobConfig.demo(log, warehouse).yaml();
    String broken = mistake.breakYaml().apply(yaml);
    assertFalse(broken.equals(yaml), "the mistake must change the config");
    Path config = JobConfig.write(caseDir.resolve("model.yaml"), broken);

    Cli.Result result = Cli.run("run", "-c", config, "--date", Fixtures.FIRST_RUN_DAY);

    assertEquals(2, result.exitCode(), result::toString);
    String line = result.errorLine();
    Assertions.assertTrue(line.startsWith("driftline: config error: "), line);
    for (String fragment : mistake.named()) {
      Assertions.assertTrue(line.contains(fragment), () -> "'" + fragment + "' not in: " + line);
    }
    assertFalse(line.contains("__driftline"), () -> "internal column names leak into: " + line);
    assertFalse(Files.exists(warehouse), "a config error must not create " + warehouse);
  }
}
