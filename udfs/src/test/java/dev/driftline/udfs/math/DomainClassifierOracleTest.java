package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.OracleFixtures.doubles;
import static dev.driftline.udfs.math.OracleFixtures.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The domain classifier against NumPy/SciPy ({@code domain_classifier_cases.tsv}): the penalised
 * logistic regression's weights on all rows, and the cross-validated AUC of its out-of-fold
 * scores, including cases with more dimensions than training rows, which SciPy fits in the full
 * feature space and the Java code in the rows' span.
 */
class DomainClassifierOracleTest {

  private static final List<Map<String, String>> CASES = OracleFixtures.read("domain_classifier_cases.tsv");

  @Test
  void theFixturesCoverFewAndManyDimensions() {
    assertEquals(25, CASES.size());
    // 40 rows a side leave 64 training rows in each fold.
    assertTrue(CASES.stream().anyMatch(c -> Integer.parseInt(c.get("dim")) + 1 > 64),
        "a case with more features than training rows");
  }

  @TestFactory
  Stream<DynamicTest> aucAndWeightsMatchSciPy() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest(c.get("case") + " " + c.get("kind") + " dim "
        + c.get("dim"), () -> {
          int dim = Integer.parseInt(c.get("dim"));
          double[][] ref = rows(doubles(c.get("ref")), dim);
          double[][] cur = rows(doubles(c.get("cur")), dim);
          assertEquals(Double.parseDouble(c.get("auc")), DomainClassifier.auc(ref, cur), 1e-12, "AUC");
          double[][] x = DomainClassifier.standardized(ref, cur);
          boolean[] y = new boolean[x.length];
          for (int i = ref.length; i < y.length; i++) {
            y[i] = true;
          }
          double[] expected = doubles(c.get("weights"));
          double[] fitted = DomainClassifier.fit(x, y);
          for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], fitted[j], 1e-9 * (1 + Math.abs(expected[j])), "weight " + j);
          }
        }));
  }

  /** Without a change the AUC centres on 0.5; its spread is about that of a Mann-Whitney statistic. */
  @Test
  void noChangeAveragesOneHalf() {
    Random random = new Random(11);
    int trials = 60;
    double sum = 0;
    for (int t = 0; t < trials; t++) {
      sum += DomainClassifier.auc(gaussian(random, 100, 16, 0), gaussian(random, 100, 16, 0));
    }
    // The Mann-Whitney statistic's sd at 100 x 100 is 0.041; over 60 trials the mean's is 0.005.
    assertEquals(0.5, sum / trials, 0.02);
  }

  @Test
  void aShiftAlongOneDimensionSeparates() {
    Random random = new Random(12);
    assertTrue(DomainClassifier.auc(gaussian(random, 200, 32, 0), gaussian(random, 200, 32, 1.5)) > 0.8);
  }

  @Test
  void tooFewRowsAreRefused() {
    Random random = new Random(13);
    assertThrows(IllegalArgumentException.class,
        () -> DomainClassifier.auc(gaussian(random, 4, 3, 0), gaussian(random, 50, 3, 0)));
  }

  private static double[][] gaussian(Random random, int n, int dim, double shiftOfFirst) {
    double[][] rows = new double[n][dim];
    for (double[] row : rows) {
      for (int d = 0; d < dim; d++) {
        row[d] = random.nextGaussian() + (d == 0 ? shiftOfFirst : 0);
      }
    }
    return rows;
  }
}
