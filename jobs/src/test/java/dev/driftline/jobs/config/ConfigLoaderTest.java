package dev.driftline.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.Role;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityPolicy;
import dev.driftline.jobs.decision.RetrainSettings;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.jobs.decision.VolumePolicy;
import dev.driftline.udfs.math.DriftMeasure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  private static final String MINIMAL = """
      model: m
      input: {format: parquet, path: /data/log, date_column: ds}
      features: {numeric: [x]}
      reference: {from: 2026-01-01, to: 2026-01-14}
      """;

  @Test
  void minimalConfigGetsTheDocumentedDefaults() {
    JobSpec spec = ConfigLoader.parse(MINIMAL, "m.yaml");
    assertEquals(10, spec.bins());
    assertEquals(50, spec.maxCategories());
    assertEquals(0.5, spec.smoothing());
    assertEquals(100, spec.maxSliceValues());
    assertEquals(200, spec.minRows());
    assertEquals(0.01, spec.maxPValue());
    assertEquals(JobSpec.PValueAdjustment.BENJAMINI_HOCHBERG, spec.pValueAdjustment());
    assertEquals(new Levels(0.1, 0.25), spec.thresholds().get(DriftMeasure.PSI));
    assertEquals("warehouse", spec.warehouse());
    assertEquals(new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 14)),
        spec.reference().forRunDate(LocalDate.of(2026, 3, 1)));
  }

  @Test
  void shippedDemoConfigResolves() throws IOException {
    JobSpec spec = ConfigLoader.load(Path.of(System.getProperty("driftline.repo"), "conf/examples/card-fraud.yaml"));
    assertEquals("card-fraud", spec.model());
    assertEquals(6, spec.numericColumns().size(), "five numeric features and the score");
    assertEquals(Role.PREDICTION, spec.numericColumns().get(5).role());
    assertEquals("hour", spec.numericColumns().get(4).name());
    assertEquals("hour(event_time)", spec.numericColumns().get(4).spec().expression());
    assertEquals(3, spec.categoricalColumns().size());
    assertEquals(java.util.List.of("country", "device", "high_value", "model_version"),
        spec.sliceDimensions().stream().map(ColumnSpec::name).toList());
  }

  @Test
  void rollingReferenceEndsLagDaysBeforeTheRunDate() {
    JobSpec spec = ConfigLoader.parse(MINIMAL.replace("{from: 2026-01-01, to: 2026-01-14}", "{rolling_days: 7, lag_days: 2}"), "m");
    assertTrue(spec.reference().isRolling());
    assertEquals(new DateRange(LocalDate.of(2026, 2, 4), LocalDate.of(2026, 2, 10)),
        spec.reference().forRunDate(LocalDate.of(2026, 2, 12)));
  }

  @Test
  void columnsMayBeSqlExpressionsWithAnAlias() {
    ColumnSpec c = ColumnSpec.parse("amount > 1000 AS high_value", "slices.columns[0]");
    assertEquals("high_value", c.name());
    assertEquals("amount > 1000", c.expression());
    assertFalse(c.isPlainColumn());
    assertTrue(ColumnSpec.parse("country", "k").isPlainColumn());
    assertEquals(Kind.CATEGORICAL, ConfigLoader.parse(MINIMAL.replace("numeric: [x]", "categorical: [\"upper(c) as c2\"]"), "m")
        .columns().get(0).kind());
  }

  /** Each broken config names the offending key in a one-line message. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "model: m|modle: m|unknown key 'modle'",
      "date_column: ds}|date_column: ds, colour: red}|unknown key 'input.colour'",
      "model: m|model: ''|missing required key 'model'",
      "features: {numeric: [x]}|features: {}|features: at least one",
      "format: parquet|format: csv|input.format: 'csv'",
      "date_column: ds}|timestamp_column: ts, date_column: ds}|exactly one of date_column and timestamp_column",
      "to: 2026-01-14|to: 2026-13-14|reference.to: '2026-13-14' is not a date",
      "to: 2026-01-14|to: 2025-01-14|reference.to: 2025-01-14 is before",
      "numeric: [x]|numeric: [x, \"x + 1\"]|features.numeric[1]: 'x + 1' is neither",
      "numeric: [x]|numeric: [x, X]|'X' is monitored twice",
      "model: m|model: m\\ndrift: {thresholds: {psy: {warn: 0.1}}}|drift.thresholds.psy: unknown drift metric",
      "model: m|model: m\\ndrift: {thresholds: {psi: {warn: 0.3, critical: 0.2}}}|critical (0.2) is below warn (0.3)",
      "model: m|model: m\\nbinning: {bins: 1}|binning.bins: must be between 2 and 1000, got 1",
      "model: m|model: m\\nbinning: {bins: 100000000}|binning.bins: must be between 2 and 1000, got 100000000",
      "model: m|model: m\\nbinning: {smoothing: .nan}|m.yaml: malformed YAML at line 2: Malformed numeric value '.nan'",
      "model: m|model: m\\ndrift: {thresholds: {psi: {warn: .inf}}}|m.yaml: malformed YAML at line 2: Malformed numeric value '.inf'",
      "numeric: [x]|numeric: [x, '']|features.numeric[1]: empty column",
      "model: m|model: m\\nbinning: {bins: ten}|bad value for 'binning.bins'",
      "model: m|model: m\\nbinning: {smoothing: -1}|binning.smoothing",
      "model: m|model: m\\nprediction: {column: p, kind: score}|prediction.kind: 'score'",
      "model: m|model: \"unterminated|malformed YAML",
      "model: m|model: m\\ndrift: {p_value_adjustment: bonferroni}|drift.p_value_adjustment: 'bonferroni'",
      "numeric: [x]|numeric: [x], embedding: [x]|'x' is monitored twice",
      "numeric: [x]|numeric: [x], embedding: ['']|features.embedding[0]: empty column",
      "model: m|model: m\\nembedding: {projections: 0}|embedding.projections: must be between 1 and 1024, got 0",
      "model: m|model: m\\nembedding: {random_features: 20000}|embedding.random_features: must be between 1 and 16384",
      "model: m|model: m\\nembedding: {sample_rows: 5}|embedding.sample_rows: must be between 10 and 1000, got 5",
      "model: m|model: m\\nembedding: {bandwidth: 2}|unknown key 'embedding.bandwidth'",
  })
  void brokenConfigsFailWithOneLineNamingTheKey(String find, String replace, String expected) {
    String yaml = MINIMAL.replace(find, replace.replace("\\n", "\n"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "m.yaml"));
    assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void thresholdKeysAreTheColumnNamesAndEarlierKeysStillWork() {
    JobSpec spec = ConfigLoader.parse(MINIMAL.replace("model: m", "model: m\ndrift: {thresholds: "
        + "{linf: {critical: 0.3}, energy_distance: {warn: 2.0}}}"), "m.yaml");
    assertEquals(Map.of(DriftMeasure.L_INFINITY, new Levels(null, 0.3), DriftMeasure.ENERGY_DISTANCE, new Levels(2.0, null)),
        spec.thresholds());
    ConfigException twice = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL.replace("model: m",
        "model: m\ndrift: {thresholds: {l_infinity: {warn: 0.1}, linf: {critical: 0.3}}}"), "m.yaml"));
    assertEquals("drift.thresholds.linf: l_infinity already has thresholds (its names: l_infinity, linf)", twice.getMessage());
  }

  @Test
  void qualityThresholdsReplaceTheDefaultsOfTheRatesTheyName() {
    JobSpec defaults = ConfigLoader.parse(MINIMAL, "m.yaml");
    assertEquals(QualityPolicy.DEFAULT_THRESHOLDS, defaults.qualityThresholds());
    JobSpec spec = ConfigLoader.parse(MINIMAL.replace("model: m", "model: m\nquality: {thresholds: "
        + "{null_rate: {warn: 0.05}}}"), "m.yaml");
    assertEquals(new Levels(0.05, null), spec.qualityThresholds().get(Measure.NULL_RATE));
    assertEquals(QualityPolicy.DEFAULT_THRESHOLDS.get(Measure.NAN_RATE), spec.qualityThresholds().get(Measure.NAN_RATE));
  }

  @Test
  void qualityVolumeSetsTheFactorsAndRejectsFactorsOfOneOrLess() {
    assertEquals(VolumePolicy.DEFAULT_LEVELS, ConfigLoader.parse(MINIMAL, "m.yaml").volumeLevels());
    JobSpec spec = ConfigLoader.parse(MINIMAL.replace("model: m", "model: m\nquality: {volume: {warn: 3}}"), "m.yaml");
    assertEquals(new Levels(3.0, null), spec.volumeLevels());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
        MINIMAL.replace("model: m", "model: m\nquality: {volume: {warn: 0.5, critical: 10}}"), "m.yaml"));
    assertEquals("quality.volume: levels are factors off the usual rows (2 = half or double) and must be above 1,"
        + " got 0.5", e.getMessage());
  }

  @Test
  void retrainingKeysOverrideTheDefaultsOneByOne() {
    assertEquals(RetrainSettings.DEFAULTS, ConfigLoader.parse(MINIMAL, "m.yaml").retraining());
    RetrainSettings r = ConfigLoader.parse(MINIMAL + "retraining: {cooldown_days: 3, performance_severity: warn,"
        + " feature_drift: {min_features: 1.5, importance: {x: 2}}, prediction_drift: {days: 2}}\n", "m.yaml").retraining();
    assertEquals(3, r.cooldownDays());
    assertEquals(Severity.WARN, r.performanceSeverity());
    assertEquals(1.5, r.featureDrift().minFeatures());
    assertEquals(Map.of("x", 2.0), r.featureDrift().importance());
    assertEquals(new RetrainSettings.Persistence(Severity.WARN, 2, 5), r.predictionDrift());
    assertEquals(RetrainSettings.DEFAULTS.minLabelledRows(), r.minLabelledRows());
  }

  @Test
  void theReferenceMovesToTheRetrainedModelsFirstDaysOnceTheyAreComplete() {
    JobSpec spec = ConfigLoader.parse(MINIMAL + "retraining: {reference_days_after_retrain: 7}\n", "m.yaml");
    JobSpec.ReferenceWindow w = spec.reference().afterRetrains(spec.reference().daysAfterRetrain(),
        List.of(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 3, 1)));
    assertEquals(new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 14)), w.forRunDate(LocalDate.of(2026, 2, 7)),
        "until the retrained model's 7 days are complete the old reference stays");
    assertEquals(new DateRange(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 7)), w.forRunDate(LocalDate.of(2026, 2, 8)));
    assertEquals(new DateRange(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 7)), w.forRunDate(LocalDate.of(2026, 3, 7)));
    assertEquals(new DateRange(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 7)), w.forRunDate(LocalDate.of(2026, 3, 8)));
    assertEquals(new DateRange(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 14)),
        ConfigLoader.parse(MINIMAL, "m.yaml").reference().afterRetrains(0, List.of(LocalDate.of(2026, 2, 1)))
            .forRunDate(LocalDate.of(2026, 3, 8)), "without the key the reference never moves");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
        MINIMAL + "retraining: {reference_days_after_retrain: 0}\n", "m.yaml"));
    assertTrue(e.getMessage().startsWith("retraining.reference_days_after_retrain:"), e.getMessage());
  }

  @Test
  void badRetrainingKeysNameTheKey() {
    Map<String, String> cases = Map.of(
        "retraining: {feature_drift: {importance: {y: 1}}}",
        "retraining.feature_drift.importance.y: not a monitored feature (features: x)",
        "retraining: {prediction_drift: {days: 6, of_days: 5}}",
        "retraining.prediction_drift.days: must be between 1 and of_days (5), got 6",
        "retraining: {performance_severity: emerging}",
        "retraining.performance_severity: 'emerging' is not warn or critical",
        "retraining: {cooldown_days: -1}", "retraining.cooldown_days: must be >= 0, got -1",
        "trigger: {kind: pager}", "");
    cases.forEach((yaml, message) -> {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL + yaml + "\n", "m.yaml"),
          yaml);
      if (!message.isEmpty()) {
        assertEquals(message, e.getMessage());
      } else {
        assertTrue(e.getMessage().startsWith("trigger.kind: "), e.getMessage());
      }
    });
  }

  @Test
  void missingFileIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/no/such/config.yaml")));
    assertTrue(e.getMessage().contains("/no/such/config.yaml"));
  }
}
