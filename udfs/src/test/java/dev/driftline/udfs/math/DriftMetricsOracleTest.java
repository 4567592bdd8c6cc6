package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.OracleFixtures.HistogramPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  @Test
  void fixturesCoverEveryMetricAndRegime() {
    assertEquals(Arrays.stream(DriftMeasure.values()).map(DriftMeasure::key).collect(Collectors.toSet()),
        EXPECTED.keySet(), "metric columns of drift_metrics.tsv: one per measure");
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
    return Arrays.stream(DriftMeasure.values()).map(measure -> DynamicContainer.dynamicContainer(measure.key(),
        PAIRS.stream().map(pair -> DynamicTest.dynamicTest(pair.describe(), () -> {
          double expected = EXPECTED.get(measure.key()).get(pair.id());
          double actual = measure.of(pair.binned());
          String what = measure.key() + " of " + pair.describe();
          if (measure.kind() == DriftMeasure.Kind.P_VALUE) {
            Tolerance.assertPValueClose(expected, actual, what);
          } else {
            Tolerance.assertClose(expected, actual, what);
          }
        }))));
  }
}
