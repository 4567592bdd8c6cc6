package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.OracleFixtures.QuantileCase;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Quantile cut points against {@code numpy.quantile} (linear) followed by deduplication. */
class NumericBinsOracleTest {

  private static final List<QuantileCase> CASES = OracleFixtures.quantileCases();

  @Test
  void fixturesCoverTheAwkwardSamples() {
    assertTrue(CASES.size() >= 200, "at least 200 samples, got " + CASES.size());
    for (String kind : List.of("constant", "low-cardinality", "with-non-finite", "zero-inflated")) {
      assertTrue(CASES.stream().anyMatch(c -> c.kind().equals(kind)), "no " + kind + " samples");
    }
    assertTrue(CASES.stream().anyMatch(c -> c.cuts().length < c.bins() - 1), "no sample with collapsed cuts");
  }

  @TestFactory
  Stream<DynamicTest> cutsMatchNumpyQuantiles() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.describe(), () -> {
      double[] actual = NumericBins.fromSample(c.sample(), c.bins()).cuts();
      assertEquals(c.cuts().length, actual.length,
          () -> c.describe() + ": expected cuts " + Arrays.toString(c.cuts()) + ", got " + Arrays.toString(actual));
      for (int i = 0; i < actual.length; i++) {
        Tolerance.assertClose(c.cuts()[i], actual[i], c.describe() + " cut " + i);
      }
    }));
  }
}
