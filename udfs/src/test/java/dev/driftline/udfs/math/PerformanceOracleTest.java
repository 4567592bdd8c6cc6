package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.OracleFixtures.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Performance math against the fixtures of {@code udfs/src/test/python/generate_performance_fixtures.py}:
 * AUC from SciPy's Mann-Whitney U, the other metrics from NumPy, Wilson from its closed form, the
 * paired comparison from SciPy's Student t.
 */
class PerformanceOracleTest {

  @Test
  void binaryMetricsMatchTheOracle() {
    List<Map<String, String>> cases = OracleFixtures.read("binary_cases.tsv");
    assertTrue(cases.size() > 30);
    for (Map<String, String> c : cases) {
      double[] scores = doubles(c.get("scores"));
      LabelledSample sample = LabelledSample.of(scores, doubles(c.get("labels")), keys(scores.length));
      BinaryMetrics family = new BinaryMetrics(Double.parseDouble(c.get("threshold")), 10);
      double[] actual = family.evaluate(sample, null);
      for (int m = 0; m < family.metrics().size(); m++) {
        String key = family.metrics().get(m).key();
        Tolerance.assertClose(Double.parseDouble(c.get(key)), actual[m], key + " of case " + c.get("case")
            + " (" + c.get("style") + ", n=" + scores.length + ")");
      }
    }
  }

  @Test
  void regressionMetricsMatchNumpy() {
    for (Map<String, String> c : OracleFixtures.read("regression_cases.tsv")) {
      double[] predictions = doubles(c.get("predictions"));
      LabelledSample sample = LabelledSample.of(predictions, doubles(c.get("labels")), keys(predictions.length));
      RegressionMetrics family = new RegressionMetrics();
      double[] actual = family.evaluate(sample, null);
      for (int m = 0; m < family.metrics().size(); m++) {
        String key = family.metrics().get(m).key();
        Tolerance.assertClose(Double.parseDouble(c.get(key)), actual[m], key + " of case " + c.get("case"));
      }
      assertEquals((long) Double.parseDouble(c.get("mape_excluded")),
          family.excluded(PerformanceMetric.MAPE, sample), "zero labels of case " + c.get("case"));
    }
  }

  @Test
  void multiclassMetricsMatchNumpy() {
    for (Map<String, String> c : OracleFixtures.read("multiclass_cases.tsv")) {
      int k = Integer.parseInt(c.get("classes"));
      List<String> classes = java.util.stream.IntStream.range(0, k).mapToObj(i -> "c" + i).toList();
      double[] predictions = doubles(c.get("predictions"));
      LabelledSample sample = LabelledSample.of(predictions, doubles(c.get("labels")), keys(predictions.length));
      MulticlassMetrics family = new MulticlassMetrics(classes);
      double[] expected = doubles(c.get("expected"));
      double[] actual = family.evaluate(sample, null);
      assertEquals(expected.length, actual.length);
      for (int m = 0; m < actual.length; m++) {
        Tolerance.assertClose(expected[m], actual[m], family.names().get(m) + " of case " + c.get("case"));
      }
      List<PerformanceEstimate> estimates = new PerformanceEstimator(family, 20, 1, 30).estimate(sample);
      for (int m = 0; m < estimates.size(); m++) {
        PerformanceEstimate e = estimates.get(m);
        if (e.hasInterval() && e.metric().isProportion()) {
          MetricFamily.Proportion p = family.proportion(m, sample);
          assertEquals(Wilson.interval(p.successes(), p.trials(), Wilson.Z95).lower(), e.lower(), family.names().get(m));
        }
      }
    }
  }

  @Test
  void wilsonMatchesItsClosedForm() {
    for (Map<String, String> c : OracleFixtures.read("wilson_cases.tsv")) {
      Wilson.Interval ci = Wilson.interval(Long.parseLong(c.get("successes")), Long.parseLong(c.get("trials")),
          Wilson.Z95);
      String what = c.get("successes") + " of " + c.get("trials");
      Tolerance.assertClose(Double.parseDouble(c.get("lower")), ci.lower(), "lower bound of " + what);
      Tolerance.assertClose(Double.parseDouble(c.get("upper")), ci.upper(), "upper bound of " + what);
    }
  }

  @Test
  void pairedComparisonMatchesStudentT() {
    for (Map<String, String> c : OracleFixtures.read("paired_cases.tsv")) {
      ReleaseComparison r = ReleaseComparison.of(doubles(c.get("baseline")), doubles(c.get("candidate")),
          PerformanceMetric.AUC, 0.0);
      String what = "case " + c.get("case");
      Tolerance.assertClose(Double.parseDouble(c.get("mean_delta")), r.meanDelta(), "mean delta of " + what);
      assertEquals(Double.parseDouble(c.get("standard_error")), r.standardError(), 1e-12, "standard error of " + what);
      assertEquals(Double.parseDouble(c.get("lower")), r.lower(), 1e-9, "lower bound of " + what);
      assertEquals(Double.parseDouble(c.get("upper")), r.upper(), 1e-9, "upper bound of " + what);
    }
  }

  @Test
  void latencyQuantilesAreExactWhenSmallAndWithinTheirBoundOtherwise() {
    boolean sawSketch = false;
    for (Map<String, String> c : OracleFixtures.read("latency_cases.tsv")) {
      double[] values = doubles(c.get("values"));
      LatencySketch sketch = new LatencySketch();
      for (double v : values) {
        sketch.add(v);
      }
      sawSketch |= !sketch.isExact();
      assertEquals(values.length <= LatencySketch.EXACT_LIMIT, sketch.isExact());
      for (double q : new double[] {0.5, 0.95, 0.99, 1.0}) {
        double expected = Double.parseDouble(c.get("q" + q));
        double actual = sketch.quantile(q);
        String what = "q" + q + " of case " + c.get("case") + " (n=" + values.length + ")";
        if (sketch.isExact()) {
          assertEquals(expected, actual, 0.0, what);
        } else {
          assertTrue(Math.abs(actual - expected) <= LatencySketch.RELATIVE_ACCURACY * expected + 1e-12,
              what + ": " + actual + " is not within 1% of " + expected);
        }
      }
      assertEquals(Double.parseDouble(c.get("q1.0")), sketch.max(), 0.0, "max of case " + c.get("case"));
    }
    assertTrue(sawSketch, "the fixtures include samples past the exact limit");
    assertFalse(OracleFixtures.read("latency_cases.tsv").isEmpty());
  }

  static long[] keys(int n) {
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = PoissonBootstrap.mix64(i + 1);
    }
    return keys;
  }
}
