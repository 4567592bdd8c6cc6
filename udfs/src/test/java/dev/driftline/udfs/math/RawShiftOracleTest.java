package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.OracleFixtures.RawShift;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Wasserstein and energy distance of values moved past the reference's range, against SciPy on the
 * raw values ({@code raw_shifts.tsv}): each bin of the fixtures holds one distinct value per side,
 * so the binned measures must equal the raw ones when the open outer bins sit at each side's mean.
 */
class RawShiftOracleTest {

  private static final List<RawShift> CASES = OracleFixtures.rawShifts();

  @Test
  void aConstantColumnMovingFrom7To8IsOneApart() {
    RawShift constant = CASES.get(0);
    assertEquals("constant-shift", constant.kind());
    assertEquals(1.0, constant.wasserstein());
    assertEquals(1.0, DriftMeasure.WASSERSTEIN.of(binned(constant)), 1e-12);
    assertTrue(CASES.size() >= 30, "cases: " + CASES.size());
  }

  @TestFactory
  Stream<DynamicTest> binnedMeasuresMatchSciPyOnTheRawValues() {
    return CASES.stream().flatMap(c -> Stream.of(
        DynamicTest.dynamicTest("wasserstein of " + c.describe(), () ->
            Tolerance.assertClose(c.wasserstein(), DriftMeasure.WASSERSTEIN.of(binned(c)), c.describe())),
        DynamicTest.dynamicTest("energy_distance of " + c.describe(), () ->
            Tolerance.assertClose(c.energyDistance(), DriftMeasure.ENERGY_DISTANCE.of(binned(c)), c.describe()))));
  }

  /**
   * The pair the nightly job builds: bins from the cuts, points at the reference's bin means (the
   * bin's fallback point where the reference has none).
   */
  private static BinnedPair binned(RawShift c) {
    NumericBins bins = new NumericBins(c.cuts());
    Histogram ref = histogram(bins, c.ref());
    Histogram cur = histogram(bins, c.cur());
    double[] points = bins.fallbackPoints();
    double[] means = ref.binMeans();
    for (int i = 0; i < points.length; i++) {
      points[i] = Double.isNaN(means[i]) ? points[i] : means[i];
    }
    return BinnedPair.numeric(ref, cur, points, ref.stddev(), DriftMetrics.DEFAULT_SMOOTHING);
  }

  private static Histogram histogram(NumericBins bins, double[] values) {
    Histogram h = new Histogram(bins.size());
    for (double v : values) {
      h.add(bins, v);
    }
    return h;
  }
}
