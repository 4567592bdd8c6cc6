package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericBinsTest {

  private final NumericBins oneTwoThree = new NumericBins(new double[] {1, 2, 3});

  @Test
  void aConstantFeatureGetsTwoBinsWithoutError() {
    double[] constant = new double[500];
    Arrays.fill(constant, 7.25);
    NumericBins bins = NumericBins.fromSample(constant, NumericBins.DEFAULT_BINS);
    assertArrayEquals(new double[] {7.25}, bins.cuts());
    assertEquals(2, bins.size());
    assertEquals(0, bins.binOf(7.0));
    assertEquals(1, bins.binOf(7.25), "the constant itself sits on the cut, hence in the upper bin");
  }

  @Test
  void aLowCardinalityFeatureGetsFewerBins() {
    double[] flags = new double[100];
    Arrays.fill(flags, 80, 100, 1.0);
    NumericBins bins = NumericBins.fromSample(flags, 10);
    // Deciles 1-7 are all 0, the 8th interpolates to 0.2 and the 9th is 1.
    assertArrayEquals(new double[] {0, 0.2, 1}, bins.cuts(), 1e-12);
    assertEquals(1, bins.binOf(0.0));
    assertEquals(3, bins.binOf(1.0));
  }

  @Test
  void infinitiesLandInTheOuterBins() {
    assertEquals(0, oneTwoThree.binOf(Double.NEGATIVE_INFINITY));
    assertEquals(3, oneTwoThree.binOf(Double.POSITIVE_INFINITY));
    assertEquals(0, oneTwoThree.binOf(-Double.MAX_VALUE));
    assertEquals(3, oneTwoThree.binOf(Double.MAX_VALUE));
  }

  @Test
  void aValueEqualToACutGoesToTheUpperBin() {
    assertEquals(0, oneTwoThree.binOf(Math.nextDown(1.0)));
    assertEquals(1, oneTwoThree.binOf(1.0));
    assertEquals(1, oneTwoThree.binOf(Math.nextDown(2.0)));
    assertEquals(2, oneTwoThree.binOf(2.0));
    assertEquals(3, oneTwoThree.binOf(3.0));
    assertEquals(1, new NumericBins(new double[] {0}).binOf(-0.0), "-0.0 equals the cut 0");
  }

  @Test
  void nullAndNaNAreCountedApartFromTheBins() {
    Histogram h = new Histogram(oneTwoThree.size());
    for (Double value : new Double[] {null, Double.NaN, 0.5, null, 2.5, Double.NaN, Double.NaN}) {
      h.add(oneTwoThree, value);
    }
    assertEquals(2, h.nulls());
    assertEquals(3, h.nans());
    assertArrayEquals(new long[] {1, 0, 1, 0}, h.counts());
    assertEquals(2, h.binnedTotal());
    assertEquals(7, h.rows());
    assertEquals(1.5, h.mean());
  }

  @Test
  void candidatesAreSortedDedupedAndCleanedOfNonFiniteValues() {
    NumericBins bins = NumericBins.fromCandidates(
        new double[] {3, Double.NaN, 1, 3, Double.POSITIVE_INFINITY, 2, 1, Double.NEGATIVE_INFINITY});
    assertArrayEquals(new double[] {1, 2, 3}, bins.cuts());
    assertArrayEquals(new double[0], NumericBins.fromCandidates(new double[] {Double.NaN}).cuts());
  }

  @Test
  void negativeAndPositiveZeroAreOneCut() {
    assertArrayEquals(new double[] {-1, 0, 1}, NumericBins.fromCandidates(new double[] {-1, -0.0, 0.0, 1}).cuts());
  }

  @Test
  void samplesWithoutFiniteValuesOrOneBinGiveASingleBin() {
    assertEquals(1, NumericBins.fromSample(new double[0], 10).size());
    assertEquals(1, NumericBins.fromSample(new double[] {Double.NaN, Double.POSITIVE_INFINITY}, 10).size());
    assertEquals(1, NumericBins.fromSample(new double[] {1, 2, 3}, 1).size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NumericBins.fromSample(new double[] {1}, 0));
    assertTrue(e.getMessage().contains("0"), e.getMessage());
  }

  @Test
  void cutsMustBeFiniteAndStrictlyIncreasing() {
    IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
        () -> new NumericBins(new double[] {1, Double.NaN}));
    assertTrue(notFinite.getMessage().contains("cut point 1"), notFinite.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new NumericBins(new double[] {1, Double.POSITIVE_INFINITY}));
    assertThrows(IllegalArgumentException.class, () -> new NumericBins(new double[] {2, 2}));
    assertThrows(IllegalArgumentException.class, () -> new NumericBins(new double[] {2, 1}));
  }

  @Test
  void binsCannotBeChangedThroughTheArraysTheyWereBuiltFromOrHandOut() {
    double[] cuts = {1, 2, 3};
    NumericBins bins = new NumericBins(cuts);
    cuts[0] = 99;
    bins.cuts()[1] = 99;
    assertEquals(oneTwoThree, bins);
    assertEquals(oneTwoThree.hashCode(), bins.hashCode());
    assertEquals(1, bins.binOf(1.5));
  }

  @Test
  void labelsNameOpenEndedOuterBins() {
    assertEquals(List.of("[-inf, 1)", "[1, 2)", "[2, 3)", "[3, +inf)"), oneTwoThree.labels());
    assertEquals(List.of("[-inf, +inf)"), new NumericBins(new double[0]).labels());
  }

  @Test
  void fallbackPointsAreMidpointsInsideAndCutsOutside() {
    assertArrayEquals(new double[] {1, 1.5, 2.5, 3}, oneTwoThree.fallbackPoints());
  }

  @Test
  void quantileProbabilitiesAreTheInteriorFractions() {
    assertArrayEquals(new double[] {0.25, 0.5, 0.75}, NumericBins.quantileProbabilities(4));
    assertArrayEquals(new double[0], NumericBins.quantileProbabilities(1));
  }
}
