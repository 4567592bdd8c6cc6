package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HistogramTest {

  private final NumericBins bins = new NumericBins(new double[] {0, 10});

  @Test
  void infinitiesAreBinnedButKeptOutOfMeansAndMoments() {
    Histogram h = new Histogram(bins.size());
    for (double v : new double[] {Double.NEGATIVE_INFINITY, -4, 5, 7, Double.POSITIVE_INFINITY, 20}) {
      h.add(bins, v);
    }
    assertArrayEquals(new long[] {2, 2, 2}, h.counts());
    assertEquals(1, h.negInfinities());
    assertEquals(1, h.posInfinities());
    assertEquals(4, h.finiteCount());
    assertArrayEquals(new double[] {-4, 6, 20}, h.binMeans());
    assertEquals(7, h.mean());
    assertEquals(-4, h.min());
    assertEquals(20, h.max());
  }

  @Test
  void binsWithoutFiniteValuesHaveNoMean() {
    Histogram h = new Histogram(bins.size());
    h.add(bins, Double.POSITIVE_INFINITY);
    assertEquals(Double.NaN, h.binMeans()[0]);
    assertEquals(Double.NaN, h.binMeans()[2]);
    assertEquals(Double.NaN, h.mean());
    assertEquals(Double.NaN, h.variance());
    assertEquals(Double.NaN, h.min());
  }

  @Test
  void categoricalRowsCountInTheirBinOnly() {
    CategoricalBins colours = new CategoricalBins(java.util.List.of("red"));
    Histogram h = new Histogram(colours.size());
    var index = colours.index();
    for (String v : new String[] {"red", null, "blue", "red"}) {
      h.addToBin(colours.binOf(v, index));
    }
    assertArrayEquals(new long[] {2, 1, 1}, h.counts());
    assertEquals(0, h.nulls(), "categorical nulls live in the NULL bin");
    assertEquals(4, h.rows());
  }

  @Test
  void restoringFromStoredPartsKeepsTheMoments() {
    Histogram original = new Histogram(bins.size());
    for (double v : new double[] {-3, 1, 2, 15, 16, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
      original.add(bins, v);
    }
    original.add(bins, null);
    Histogram restored = Histogram.of(original.counts(), original.sums(), original.nulls(), original.nans(),
        original.negInfinities(), original.posInfinities(), original.finiteCount(), original.mean(), original.variance(), original.min(), original.max());
    assertEquals(original, restored);
    assertArrayEquals(original.binMeans(), restored.binMeans(), 0);
    assertEquals(original.variance(), restored.variance(), 1e-12);
    Histogram more = new Histogram(bins.size());
    more.add(bins, 4.0);
    assertEquals(original.copy().merge(more).variance(), restored.merge(more).variance(), 1e-12);
  }

  @Test
  void mismatchedShapesAreRejectedNamingBothSizes() {
    IllegalArgumentException merge = assertThrows(IllegalArgumentException.class,
        () -> new Histogram(3).merge(new Histogram(4)));
    assertTrue(merge.getMessage().contains("3") && merge.getMessage().contains("4"), merge.getMessage());
    IllegalArgumentException restore = assertThrows(IllegalArgumentException.class,
        () -> Histogram.of(new long[2], new double[5], 0, 0, 0, 0, 0, 0, 0, 0, 0));
    assertTrue(restore.getMessage().contains("2") && restore.getMessage().contains("5"), restore.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Histogram(0));
  }
}
