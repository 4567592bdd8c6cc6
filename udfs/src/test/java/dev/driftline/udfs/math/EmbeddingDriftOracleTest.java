package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.OracleFixtures.EmbeddingCase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Embedding drift against NumPy/SciPy ({@code embedding_cases.tsv}): the mean-vector distances,
 * each projection's PSI and Wasserstein as a numeric column's with their aggregates, the median
 * distance, the exact MMD^2, and the random-feature MMD^2 within five standard deviations of its
 * own spread, which NumPy measured by 200 independent draws of the features.
 */
class EmbeddingDriftOracleTest {

  private static final List<EmbeddingCase> CASES = OracleFixtures.embeddingCases();
  private static final double PSI_THRESHOLD = 0.1;
  private static final long SEED = 7;
  private static final Map<String, ToDoubleFunction<EmbeddingDrift>> MEASURES = Map.of(
      "cosine_distance", EmbeddingDrift::cosineDistance,
      "normalized_euclidean", EmbeddingDrift::normalizedEuclidean,
      "sliced_wasserstein", EmbeddingDrift::slicedWasserstein,
      "max_wasserstein", EmbeddingDrift::maxWasserstein,
      "sliced_wasserstein_normalized", EmbeddingDrift::slicedWassersteinNormalized,
      "mean_psi", EmbeddingDrift::meanPsi,
      "max_psi", EmbeddingDrift::maxPsi,
      "share_past_psi", EmbeddingDrift::shareOfProjectionsPastPsi);

  @Test
  void theFixturesCoverEveryKindAndDimension() {
    assertEquals(18, CASES.size());
    assertEquals(6, CASES.stream().map(EmbeddingCase::kind).distinct().count());
    assertEquals(List.of(2, 8, 32), CASES.stream().map(c -> c.ref()[0].length).distinct().sorted().toList());
  }

  @TestFactory
  Stream<DynamicTest> measuresMatchNumPy() {
    return CASES.stream().flatMap(c -> {
      EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), c.directions(), c.bins(), 16, SEED);
      EmbeddingDrift drift = EmbeddingDrift.between(sketch(layout, c.ref(), 3), sketch(layout, c.cur(), 2),
          PSI_THRESHOLD, DriftMetrics.DEFAULT_SMOOTHING);
      return MEASURES.entrySet().stream().map(m -> DynamicTest.dynamicTest(m.getKey() + " of " + c.describe(), () ->
          Tolerance.assertClose(c.expected().get(m.getKey()), m.getValue().applyAsDouble(drift), c.describe())));
    });
  }

  @TestFactory
  Stream<DynamicTest> medianDistanceAndExactMmdMatchNumPy() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.describe(), () -> {
      EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), c.directions(), c.bins(), 1, SEED);
      Tolerance.assertClose(c.expected().get("median_distance"), layout.bandwidth(), "median distance");
      Tolerance.assertClose(c.expected().get("mmd2"), EmbeddingDrift.mmd2(layout, c.ref(), c.cur()), "exact MMD^2");
    }));
  }

  /**
   * The estimate from D random features is within five of NumPy's standard deviations of the exact
   * MMD^2, at D = 256 and 2,048; over the cases, its squared standardized errors average about 1
   * (at most 3), so the Java features spread like the textbook ones, not less.
   */
  @Test
  void randomFeatureMmdIsWithinItsSpreadOfTheExactValue() {
    for (int features : new int[] {256, 2048}) {
      double squaredZ = 0;
      for (EmbeddingCase c : CASES) {
        EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), c.directions(), c.bins(), features, SEED + c.id());
        double estimate = EmbeddingDrift.between(sketch(layout, c.ref(), 1), sketch(layout, c.cur(), 1),
            PSI_THRESHOLD, DriftMetrics.DEFAULT_SMOOTHING).mmd2();
        double exact = c.expected().get("mmd2");
        double sd = c.expected().get("rff_sd_" + features);
        double z = (estimate - exact) / sd;
        assertTrue(Math.abs(z) <= 5, c.describe() + " D=" + features + ": estimate " + estimate + ", exact " + exact
            + ", sd " + sd);
        squaredZ += z * z;
      }
      double meanSquaredZ = squaredZ / CASES.size();
      assertTrue(meanSquaredZ <= 3, "D=" + features + ": mean squared z " + meanSquaredZ);
    }
  }

  /** A large shift is told apart at the smallest p-value B permutations allow. */
  @Test
  void permutationTestRejectsLargeShifts() {
    for (EmbeddingCase c : CASES) {
      if (List.of("mean-shift-large", "scale", "topics", "offset").contains(c.kind())) {
        EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), c.directions(), c.bins(), 1, SEED);
        double p = EmbeddingDrift.permutationPValue(layout, head(c.ref(), 60), head(c.cur(), 60), 99, SEED);
        assertEquals(0.01, p, 1e-15, c.describe());
      }
    }
  }

  /**
   * Without a change the p-value is (1 + b)/(B + 1) of an exchangeable statistic, so at most
   * 5% of 300 null samples fall at or below 0.05, up to binomial noise (mean 15, sd 3.8).
   */
  @Test
  void permutationPValuesHoldTheirLevelWithoutAChange() {
    Random random = new Random(11);
    int rejected = 0;
    int trials = 300;
    for (int t = 0; t < trials; t++) {
      double[][] x = gaussian(random, 20, 3);
      double[][] y = gaussian(random, 20, 3);
      EmbeddingLayout layout = EmbeddingLayout.of(x, 1, 5, 1, t);
      double p = EmbeddingDrift.permutationPValue(layout, x, y, 99, t);
      assertTrue(p >= 0.01 && p <= 1, "p " + p);
      assertEquals(0, Math.round(p * 100) - p * 100, 1e-9, "a multiple of 1/(B + 1): " + p);
      rejected += p <= 0.05 ? 1 : 0;
    }
    assertTrue(rejected >= 4 && rejected <= 27, rejected + " of " + trials + " null samples at p <= 0.05");
  }

  /** The sample holds the rows of least priority whatever the partitioning and merge order. */
  @Test
  void theSampleIsTheSameWhateverThePartitioning() {
    EmbeddingCase c = CASES.get(16);
    EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), 4, 10, 8, SEED);
    EmbeddingSketch whole = new EmbeddingSketch(layout, 50, SEED);
    for (double[] row : c.ref()) {
      whole.add(row);
    }
    List<double[]> shuffled = new ArrayList<>(List.of(c.ref()));
    Collections.shuffle(shuffled, new Random(3));
    EmbeddingSketch merged = sketch(layout, shuffled.toArray(double[][]::new), 7, 50, SEED);
    assertEquals(50, whole.sample().length);
    assertArrayEquals(whole.sample(), merged.sample());
    List<double[]> rows = List.of(c.ref());
    for (double[] s : whole.sample()) {
      assertTrue(rows.stream().anyMatch(r -> java.util.Arrays.equals(r, s)), "a sampled row is one of the rows");
    }
    EmbeddingSketch small = new EmbeddingSketch(layout, 50, SEED);
    for (int i = 0; i < 10; i++) {
      small.add(c.ref()[i]);
    }
    assertEquals(10, small.sample().length, "fewer rows than the sample size: all of them");
    EmbeddingSketch otherSeed = sketch(new EmbeddingLayout(layout.dim(), layout.directions(), layout.projectionBins(),
        layout.bandwidth(), layout.frequencies(), layout.phases()), c.ref(), 1, 50, SEED + 1);
    assertTrue(!java.util.Arrays.deepEquals(whole.sample(), otherSeed.sample()), "another seed samples other rows");
  }

  @Test
  void invalidRowsAreCountedAndLeftOut() {
    EmbeddingCase c = CASES.get(0);
    EmbeddingLayout layout = EmbeddingLayout.of(c.ref(), 4, 10, 8, SEED);
    EmbeddingSketch sketch = new EmbeddingSketch(layout, 10, SEED);
    sketch.add(new double[] {1, 2});
    sketch.add(null);
    sketch.add(new double[] {1, 2, 3});
    sketch.add(new double[] {Double.NaN, 1});
    sketch.add(new double[] {Double.POSITIVE_INFINITY, 1});
    assertEquals(1, sketch.rows());
    assertEquals(4, sketch.invalid());
    assertArrayEquals(new double[] {1, 2}, sketch.mean());
    assertEquals(1, sketch.sample().length);
    assertEquals(1, sketch.projection(0).rows());
  }

  @Test
  void directionsAreSeededUnitVectorsSpreadEvenly() {
    double[][] a = EmbeddingLayout.directions(8, 4000, 5);
    assertArrayEquals(a, EmbeddingLayout.directions(8, 4000, 5), "the same seed draws the same directions");
    assertTrue(!java.util.Arrays.deepEquals(a, EmbeddingLayout.directions(8, 4000, 6)));
    for (double[] u : a) {
      assertEquals(1, EmbeddingLayout.dot(u, u), 1e-12);
    }
    // Uniform on the sphere: each squared coordinate averages 1/8, with variance 2(d-1)/(d^2 (d+2)) / K.
    double sd = Math.sqrt(2.0 * 7 / (64 * 10) / 4000);
    for (int d = 0; d < 8; d++) {
      double mean = 0;
      for (double[] u : a) {
        mean += u[d] * u[d] / a.length;
      }
      assertEquals(1.0 / 8, mean, 5 * sd, "dimension " + d);
    }
  }

  @Test
  void identicalRowsGiveAUnitBandwidthAndNoDrift() {
    double[][] same = new double[30][];
    for (int i = 0; i < same.length; i++) {
      same[i] = new double[] {1, 2, 3};
    }
    EmbeddingLayout layout = EmbeddingLayout.of(same, 4, 10, 16, SEED);
    assertEquals(1.0, layout.bandwidth());
    EmbeddingDrift drift = EmbeddingDrift.between(sketch(layout, same, 2), sketch(layout, same, 3), PSI_THRESHOLD,
        DriftMetrics.DEFAULT_SMOOTHING);
    assertEquals(0, drift.cosineDistance(), 1e-15);
    assertEquals(0, drift.normalizedEuclidean());
    assertEquals(0, drift.mmd2(), 1e-15);
    assertEquals(0, drift.maxPsi());
  }

  private static EmbeddingSketch sketch(EmbeddingLayout layout, double[][] rows, int parts) {
    return sketch(layout, rows, parts, 100, SEED);
  }

  /** The rows sketched in {@code parts} interleaved parts, merged in order, as partitions are. */
  private static EmbeddingSketch sketch(EmbeddingLayout layout, double[][] rows, int parts, int sampleSize, long seed) {
    EmbeddingSketch[] sketches = new EmbeddingSketch[parts];
    for (int p = 0; p < parts; p++) {
      sketches[p] = new EmbeddingSketch(layout, sampleSize, seed);
    }
    for (int i = 0; i < rows.length; i++) {
      sketches[i % parts].add(rows[i]);
    }
    for (int p = 1; p < parts; p++) {
      sketches[0].merge(sketches[p]);
    }
    return sketches[0];
  }

  private static double[][] head(double[][] rows, int n) {
    return java.util.Arrays.copyOf(rows, Math.min(n, rows.length));
  }

  private static double[][] gaussian(Random random, int n, int dim) {
    double[][] out = new double[n][dim];
    for (double[] row : out) {
      for (int d = 0; d < dim; d++) {
        row[d] = random.nextGaussian();
      }
    }
    return out;
  }
}
