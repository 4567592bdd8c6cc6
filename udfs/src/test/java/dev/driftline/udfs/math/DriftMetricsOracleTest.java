package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.OracleFixtures.HistogramPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every drift metric against SciPy/NumPy on the fixture pairs (see
 * {@code udfs/src/test/python/README.md}); one test per metric and case, named after both.
 */
class DriftMetricsOracleTest {

  private static final List<HistogramPair> PAIRS = OracleFixtures.histogramPairs();
  private static final Map<String, Map<Integer, Double>> EXPECTED = OracleFixtures.expectedMetrics();

  /** Metric columns of drift_metrics.tsv and the code that must reproduce them. */
  private static final Map<String, ToDoubleFunction<HistogramPair>> METRICS = new LinkedHashMap<>();

  static {
    METRICS.put("psi", c -> DriftMetrics.psi(c.ref(), c.cur(), c.smoothing()));
    METRICS.put("kl", c -> DriftMetrics.kl(c.ref(), c.cur(), c.smoothing()));
    METRICS.put("psi_pvalue", c -> DriftMetrics.psiPValue(c.ref(), c.cur(), c.smoothing()));
    METRICS.put("expected_psi", c -> DriftMetrics.expectedPsi(c.ref(), c.cur()));
    METRICS.put("js_distance", c -> DriftMetrics.jsDistance(c.ref(), c.cur()));
    METRICS.put("js_divergence", c -> DriftMetrics.jsDivergence(c.ref(), c.cur()));
    METRICS.put("hellinger", c -> DriftMetrics.hellinger(c.ref(), c.cur()));
    METRICS.put("tv", c -> DriftMetrics.tv(c.ref(), c.cur()));
    METRICS.put("linf", c -> DriftMetrics.linf(c.ref(), c.cur()));
    METRICS.put("ks_statistic", c -> DriftMetrics.ksStatistic(c.ref(), c.cur()));
    METRICS.put("wasserstein", c -> DriftMetrics.wasserstein(c.points(), c.ref(), c.cur()));
    METRICS.put("normalized_wasserstein",
        c -> DriftMetrics.normalizedWasserstein(c.points(), c.ref(), c.cur(), c.refStddev()));
    METRICS.put("chi2_statistic", c -> DriftMetrics.chiSquareStatistic(c.ref(), c.cur()));
    METRICS.put("chi2_pvalue", c -> DriftMetrics.chiSquarePValue(c.ref(), c.cur()));
    METRICS.put("g_statistic", c -> DriftMetrics.gStatistic(c.ref(), c.cur()));
    METRICS.put("g_pvalue", c -> DriftMetrics.gPValue(c.ref(), c.cur()));
  }

  @Test
  void fixturesCoverEveryMetricAndRegime() {
    assertEquals(METRICS.keySet(), EXPECTED.keySet(), "metric columns of drift_metrics.tsv");
    assertTrue(PAIRS.size() >= 200, "at least 200 pairs, got " + PAIRS.size());
    EXPECTED.forEach((metric, values) -> assertEquals(PAIRS.size(), values.size(), metric + " values"));
    for (String kind : List.of("imbalanced", "zero-bins", "single-non-empty-bin", "tiny-totals", "large-close")) {
      assertTrue(PAIRS.stream().anyMatch(p -> p.kind().equals(kind)), "no " + kind + " pairs");
    }
    assertTrue(PAIRS.stream().filter(p -> p.smoothing() == 0).count() >= 20, "too few pairs with a = 0");
    assertTrue(PAIRS.stream().anyMatch(p -> p.pointsOrder().equals("unsorted")), "no unsorted points");
  }

  @TestFactory
  Stream<DynamicContainer> everyMetricMatchesTheOracle() {
    return METRICS.entrySet().stream().map(metric -> DynamicContainer.dynamicContainer(metric.getKey(),
        PAIRS.stream().map(pair -> DynamicTest.dynamicTest(pair.describe(), () -> {
          double expected = EXPECTED.get(metric.getKey()).get(pair.id());
          double actual = metric.getValue().applyAsDouble(pair);
          String what = metric.getKey() + " of " + pair.describe();
          if (metric.getKey().endsWith("pvalue")) {
            Tolerance.assertPValueClose(expected, actual, what);
          } else {
            Tolerance.assertClose(expected, actual, what);
          }
        }))));
  }
}
