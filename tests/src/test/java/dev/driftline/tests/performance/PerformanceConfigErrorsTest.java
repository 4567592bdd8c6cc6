package dev.driftline.tests.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.Main;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.udfs.math.PerformanceMetric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The labels, performance, latency and release keys: defaults, and one-line errors naming the key. */
class PerformanceConfigErrorsTest {

  private static final String BASE = """
      model: m
      input: {format: delta, path: /data/log, date_column: ds}
      features: {numeric: [x]}
      prediction: {column: score, kind: probability}
      reference: {from: 2026-01-01, to: 2026-01-14}
      labels: {format: delta, path: /data/labels, request_id_column: id, label_column: y, arrival_column: t}
      """;

  @Test
  void labelsAloneGetTheDocumentedDefaults() {
    PerformanceSpec p = ConfigLoader.parse(BASE, "m.yaml").performance();
    assertEquals(14, p.labels().windowDays());
    assertEquals("id", p.labels().predictionRequestIdColumn(), "the prediction log's id column defaults to the labels'");
    assertEquals(0.5, p.threshold());
    assertEquals(100, p.replicates());
    assertEquals(30, p.minLabels());
    assertEquals(new Levels(0.02, 0.05), p.thresholds().get(PerformanceMetric.AUC));
    assertEquals(0.0, p.minImprovement());
    assertEquals(new PerformanceSpec.Estimation(0.5), p.estimation(), "probabilities with labels are estimated");
    assertEquals(null, ConfigLoader.parse(BASE + "performance: {estimate: false}\n", "m").performance().estimation());
    assertEquals(null, ConfigLoader.parse(BASE.replace("kind: probability", "kind: regression"), "m").performance()
        .estimation(), "only probabilities can be estimated");
    assertFalse(ConfigLoader.parse(BASE.replace(BASE.substring(BASE.indexOf("labels:")), ""), "m").performance()
        .enabled(), "no labels, no latency: no performance step");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "arrival_column: t}|arrival_column: t, colour: red}|unknown key 'labels.colour'",
      "format: delta, path: /data/labels|format: csv, path: /data/labels|labels.format: 'csv'",
      "request_id_column: id, |request_id_column: '', |missing required key 'labels.request_id_column'",
      "arrival_column: t}|arrival_column: t, window_days: 0}|labels.window_days: must be a positive whole number",
      "label_column: y|label_column: \"y AS z\"|labels.label_column: 'y AS z' must be a column name",
      "arrival_column: t}|arrival_column: t, table: db.labels}|labels.table: only used with format 'table'",
      "kind: probability}|kind: class}\\nperformance: {thresholds: {auc: {warn: 0.1}}}|performance.thresholds.auc: not a metric of class predictions",
      "arrival_column: t}|arrival_column: t}\\nperformance: {threshold: 1.5}|performance.threshold: must be in (0, 1]",
      "arrival_column: t}|arrival_column: t}\\nperformance: {bootstrap_replicates: 1}|performance.bootstrap_replicates: must be between 2 and 10000",
      "arrival_column: t}|arrival_column: t}\\nperformance: {min_labels: -3}|performance.min_labels: must be a positive whole number",
      "arrival_column: t}|arrival_column: t}\\nperformance: {thresholds: {auk: {warn: 0.1}}}|performance.thresholds.auk: 'auk' is not a performance metric",
      "arrival_column: t}|arrival_column: t}\\nperformance: {thresholds: {rmse: {warn: 0.1}}}|performance.thresholds.rmse: not a metric of probability predictions",
      "arrival_column: t}|arrival_column: t}\\nperformance: {thresholds: {auc: {warn: 0.1, critical: 0.05}}}|performance.thresholds.auc: critical (0.05) is below warn (0.1)",
      "arrival_column: t}|arrival_column: t}\\nperformance: {thresholds: {auc: {}}}|performance.thresholds.auc: set warn, critical or both",
      "arrival_column: t}|arrival_column: t}\\nperformance: {seeds: 3}|unknown key 'performance.seeds'",
      "arrival_column: t}|arrival_column: t}\\nlatency: {slo: {warn: 100}}|missing required key 'latency.column'",
      "arrival_column: t}|arrival_column: t}\\nlatency: {column: ms, slo_quantile: p90}|latency.slo_quantile: 'p90' is not one of p50, p95, p99, max",
      "arrival_column: t}|arrival_column: t}\\nlatency: {column: ms, slo: {warn: 0}}|latency.slo: levels must be > 0",
      "arrival_column: t}|arrival_column: t}\\nlatency: {column: ms, cost_per_1000: -1}|latency.cost_per_1000: must be a number >= 0",
      "arrival_column: t}|arrival_column: t}\\nrelease: {min_improvement: -0.1}|release.min_improvement: must be a number >= 0",
      "arrival_column: t}|arrival_column: t}\\nperformance: {estimate_check_coverage: 0}|performance.estimate_check_coverage: must be in (0, 1], got 0.0",
      "prediction: {column: score, kind: probability}|prediction: {column: score, kind: regression}\\nperformance: {estimate: true}|performance.estimate: only for prediction.kind probability, got regression",
      "prediction: {column: score, kind: probability}|prediction: {column: score, kind: regression}\\nperformance: {threshold: 0.3}|performance.threshold: only used with prediction.kind probability",
  })
  void brokenKeysFailWithOneLineNamingTheKey(String find, String replace, String expected) {
    String yaml = BASE.replace(find, replace.replace("\\n", "\n"));
    assertTrue(!yaml.equals(BASE), "the case changes the config: " + find);
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "m.yaml"));
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void sectionsThatNeedLabelsSayWhenTheyAreMissing() {
    String noLabels = BASE.substring(0, BASE.indexOf("labels:"));
    assertEquals("performance: needs a labels section to score against", assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(noLabels + "performance: {min_labels: 5}\n", "m")).getMessage());
    assertEquals("release: needs a labels section to compare models on", assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(noLabels + "release: {min_improvement: 0.01}\n", "m")).getMessage());
    String noPrediction = BASE.replace("prediction: {column: score, kind: probability}\n", "");
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse(noPrediction, "m")).getMessage()
        .startsWith("labels: scoring against labels needs a prediction section"));
  }

  @Test
  void theCliExitsWithTwoAndNamesTheKey(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("m.yaml"), BASE.replace("window_days", "x")
        .replace("arrival_column: t}", "arrival_column: t, window_days: many}"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute("validate", "-c", config.toString());
    } finally {
      System.setErr(saved);
    }
    assertEquals(Main.EXIT_USAGE, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad value for 'labels.window_days'"), err.toString());
  }
}
