package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class DriftMetricsEdgeCaseTest {

  /** Every public function of a histogram pair, at the default smoothing and with evenly spaced points. */
  private static final Map<String, BiFunction<long[], long[], Double>> ALL = new LinkedHashMap<>();

  static {
    double a = DriftMetrics.DEFAULT_SMOOTHING;
    ALL.put("psi", (r, c) -> DriftMetrics.psi(r, c, a));
    ALL.put("psiPValue", (r, c) -> DriftMetrics.psiPValue(r, c, a));
    ALL.put("expectedPsi", DriftMetrics::expectedPsi);
    ALL.put("kl", (r, c) -> DriftMetrics.kl(r, c, a));
    ALL.put("jsDivergence", DriftMetrics::jsDivergence);
    ALL.put("jsDistance", DriftMetrics::jsDistance);
    ALL.put("hellinger", DriftMetrics::hellinger);
    ALL.put("tv", DriftMetrics::tv);
    ALL.put("linf", DriftMetrics::linf);
    ALL.put("ksStatistic", DriftMetrics::ksStatistic);
    ALL.put("wasserstein", (r, c) -> DriftMetrics.wasserstein(points(r.length), r, c));
    ALL.put("normalizedWasserstein", (r, c) -> DriftMetrics.normalizedWasserstein(points(r.length), r, c, 2.0));
    ALL.put("chiSquareStatistic", DriftMetrics::chiSquareStatistic);
    ALL.put("chiSquarePValue", DriftMetrics::chiSquarePValue);
    ALL.put("gStatistic", DriftMetrics::gStatistic);
    ALL.put("gPValue", DriftMetrics::gPValue);
  }

  @Test
  void anEmptySideGivesNaNNeverAnException() {
    long[] empty = {0, 0, 0};
    long[] some = {3, 0, 5};
    ALL.forEach((name, metric) -> {
      assertEquals(Double.NaN, metric.apply(empty, some), name + " with an empty reference");
      assertEquals(Double.NaN, metric.apply(some, empty), name + " with an empty current histogram");
      assertEquals(Double.NaN, metric.apply(empty, empty), name + " with both empty");
    });
    DriftSummary summary = DriftSummary.of(new BinnedPair(some, empty, points(3), 1.0, 0.5));
    assertEquals(Double.NaN, summary.value(DriftMeasure.PSI));
    assertEquals(Double.NaN, summary.value(DriftMeasure.WASSERSTEIN));
    assertEquals(Double.NaN, summary.value(DriftMeasure.G_P_VALUE));
    assertEquals(List.of(), summary.topBins());
    assertEquals(0, summary.nCur());
  }

  @Test
  void histogramsOfDifferentLengthsAreRejectedNamingBothLengths() {
    long[] three = {1, 2, 3};
    long[] four = {1, 2, 3, 4};
    ALL.forEach((name, metric) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metric.apply(three, four), name);
      assertTrue(e.getMessage().contains("3") && e.getMessage().contains("4"), name + ": " + e.getMessage());
    });
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriftMetrics.wasserstein(new double[] {1, 2}, three, three));
    assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void negativeCountsAreRejectedOnEitherSide() {
    long[] negative = {4, -1, 2};
    long[] fine = {1, 2, 3};
    long[] empty = {0, 0, 0};
    ALL.forEach((name, metric) -> {
      for (long[][] pair : new long[][][] {{negative, fine}, {fine, negative}, {empty, negative}, {negative, empty}}) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> metric.apply(pair[0], pair[1]),
            name);
        assertTrue(e.getMessage().contains("-1"), name + ": " + e.getMessage());
      }
    });
  }

  @Test
  void noBinsOrNullHistogramsAreRejected() {
    ALL.forEach((name, metric) -> {
      assertThrows(IllegalArgumentException.class, () -> metric.apply(new long[0], new long[0]), name);
      assertThrows(IllegalArgumentException.class, () -> metric.apply(new long[] {1}, null), name);
    });
  }

  @Test
  void aSingleNonEmptyBinShowsNoDriftAndNothingToTest() {
    long[] ref = {0, 0, 1200, 0};
    long[] cur = {0, 0, 7, 0};
    for (String zero : List.of("jsDivergence", "hellinger", "tv", "linf", "ksStatistic", "wasserstein",
        "chiSquareStatistic", "gStatistic", "expectedPsi")) {
      assertEquals(0, ALL.get(zero).apply(ref, cur), 1e-15, zero);
    }
    for (String pValue : List.of("psiPValue", "chiSquarePValue", "gPValue")) {
      assertEquals(1, ALL.get(pValue).apply(ref, cur), pValue);
    }
    assertEquals(0, DriftMetrics.psi(ref, cur, 0), "textbook PSI");
    assertEquals(0, DriftMetrics.kl(ref, cur, 0), "textbook KL");
    assertEquals(0, DriftMetrics.psi(new long[] {5}, new long[] {9}, 0.5), "PSI of a one-bin column");
  }

  @Test
  void textbookFormulasAreInfiniteWhenABinIsEmptyOnOneSideOnly() {
    long[] ref = {10, 0, 10};
    long[] cur = {10, 5, 5};
    assertEquals(Double.POSITIVE_INFINITY, DriftMetrics.psi(ref, cur, 0));
    assertEquals(Double.POSITIVE_INFINITY, DriftMetrics.kl(ref, cur, 0), "current mass where the reference has none");
    assertEquals(0, DriftMetrics.psiPValue(ref, cur, 0));
    assertTrue(Double.isFinite(DriftMetrics.kl(cur, ref, 0)), "KL(cur||ref) is finite when only cur has an empty bin");
    assertTrue(Double.isFinite(DriftMetrics.psi(ref, cur, 0.5)), "smoothing keeps PSI finite");
  }

  @Test
  void smoothingMustBeAFiniteNonNegativeNumber() {
    long[] counts = {1, 2};
    for (double bad : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> DriftMetrics.psi(counts, counts, bad));
      assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> DriftMetrics.kl(counts, counts, bad));
    }
  }

  @Test
  void wassersteinRejectsNonFinitePointsAndFloorsTheScale() {
    long[] ref = {1, 2, 3};
    long[] cur = {3, 2, 1};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriftMetrics.wasserstein(new double[] {0, Double.NaN, 2}, ref, cur));
    assertTrue(e.getMessage().contains("point 1"), e.getMessage());
    double w = DriftMetrics.wasserstein(points(3), ref, cur);
    assertEquals(w / DriftMetrics.MIN_STDDEV, DriftMetrics.normalizedWasserstein(points(3), ref, cur, 0));
    assertEquals(w / DriftMetrics.MIN_STDDEV, DriftMetrics.normalizedWasserstein(points(3), ref, cur, Double.NaN));
  }

  @Test
  void summaryLeavesOrderStatisticsOutForUnorderedColumnsAndRanksTheBinsThatMoved() {
    long[] ref = {100, 100, 100, 100, 100};
    long[] cur = {100, 100, 100, 150, 50};
    DriftSummary categorical = DriftSummary.of(BinnedPair.of(ref, cur));
    assertEquals(Double.NaN, categorical.value(DriftMeasure.WASSERSTEIN));
    assertEquals(Double.NaN, categorical.value(DriftMeasure.KS_STATISTIC));
    assertTrue(categorical.value(DriftMeasure.PSI) > 0);
    // Halving a share moves PSI more than raising one by half; unchanged bins contribute nothing.
    assertEquals(List.of(4, 3), categorical.topBins());
  }

  @Test
  void upperTailOfChiSquareHandlesTheEnds() {
    assertEquals(1, DriftMetrics.chiSquareUpperTail(0, 3));
    assertEquals(1, DriftMetrics.chiSquareUpperTail(-2, 3));
    assertEquals(0, DriftMetrics.chiSquareUpperTail(Double.POSITIVE_INFINITY, 3));
    // exp(-x/2) for two degrees of freedom, far below where 1 - CDF would round to 0.
    assertEquals(Math.exp(-600), DriftMetrics.chiSquareUpperTail(1200, 2), 1e-9 * Math.exp(-600));
  }

  private static double[] points(int bins) {
    double[] points = new double[bins];
    for (int i = 0; i < bins; i++) {
      points[i] = i;
    }
    return points;
  }
}
