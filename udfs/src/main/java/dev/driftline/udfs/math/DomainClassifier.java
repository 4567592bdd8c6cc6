package dev.driftline.udfs.math;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * A domain classifier: how well a linear model tells a day's rows from the reference's. The
 * cross-validated ROC AUC of an L2-penalised logistic regression, 0.5 when the two samples look
 * alike and 1 when they separate.
 *
 * <p>The model: features standardised by the pooled rows' mean and standard deviation, a constant
 * feature appended, the penalty {@code (LAMBDA / 2) |w|^2} on every weight (the constant's too),
 * fitted by Newton's method. Rows are split in {@link #FOLDS} folds, row {@code i} of each side in
 * fold {@code i mod FOLDS}; each fold is scored by the model fitted on the others and the AUC is
 * that of the pooled out-of-fold scores. With more features than training rows the model is fitted
 * in the span of the training rows (where the penalised optimum lies), so its cost is cubic in the
 * rows, not the dimension.
 */
public final class DomainClassifier {

  public static final int FOLDS = 5;
  public static final double LAMBDA = 1.0;
  private static final int MAX_ITERATIONS = 100;
  private static final double TOLERANCE = 1e-10;

  private DomainClassifier() {}

  /** The cross-validated AUC of reference rows (label 0) against current rows (label 1). */
  public static double auc(double[][] reference, double[][] current) {
    if (reference.length < FOLDS || current.length < FOLDS) {
      throw new IllegalArgumentException("a domain classifier needs at least " + FOLDS + " rows on each side");
    }
    double[][] x = standardized(reference, current);
    int n = x.length;
    int[] fold = new int[n];
    boolean[] label = new boolean[n];
    for (int i = 0; i < n; i++) {
      boolean cur = i >= reference.length;
      label[i] = cur;
      fold[i] = (cur ? i - reference.length : i) % FOLDS;
    }
    double[] probability = new double[n];
    for (int f = 0; f < FOLDS; f++) {
      final int held = f;
      int[] train = indices(fold, held, false);
      int[] test = indices(fold, held, true);
      double[][] trainX = rows(x, train);
      double[][] testX = rows(x, test);
      if (x[0].length > train.length) {
        double[][][] spanned = inRowSpan(trainX, testX);
        trainX = spanned[0];
        testX = spanned[1];
      }
      boolean[] trainY = new boolean[train.length];
      for (int i = 0; i < train.length; i++) {
        trainY[i] = label[train[i]];
      }
      double[] w = fit(trainX, trainY);
      for (int i = 0; i < test.length; i++) {
        probability[test[i]] = 1 / (1 + Math.exp(-EmbeddingLayout.dot(w, testX[i])));
      }
    }
    double[] labels = new double[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = label[i] ? 1 : 0;
      keys[i] = i;
    }
    BinaryMetrics metrics = new BinaryMetrics(BinaryMetrics.DEFAULT_THRESHOLD, BinaryMetrics.DEFAULT_ECE_BINS);
    return metrics.evaluate(LabelledSample.of(probability, labels, keys), null)[
        metrics.metrics().indexOf(PerformanceMetric.AUC)];
  }

  /** The penalised logistic regression's weights, by Newton's method (the objective is strictly convex). */
  public static double[] fit(double[][] x, boolean[] y) {
    int p = x[0].length;
    double[] w = new double[p];
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double[] gradient = new double[p];
      double[][] hessian = new double[p][p];
      for (int j = 0; j < p; j++) {
        gradient[j] = LAMBDA * w[j];
        hessian[j][j] = LAMBDA;
      }
      for (int i = 0; i < x.length; i++) {
        double[] row = x[i];
        double prob = 1 / (1 + Math.exp(-EmbeddingLayout.dot(w, row)));
        double residual = prob - (y[i] ? 1 : 0);
        double weight = prob * (1 - prob);
        for (int j = 0; j < p; j++) {
          gradient[j] += residual * row[j];
          double wj = weight * row[j];
          for (int k = 0; k <= j; k++) {
            hessian[j][k] += wj * row[k];
          }
        }
      }
      for (int j = 0; j < p; j++) {
        for (int k = 0; k < j; k++) {
          hessian[k][j] = hessian[j][k];
        }
      }
      double[] step = new CholeskyDecomposition(new Array2DRowRealMatrix(hessian, false)).getSolver()
          .solve(new ArrayRealVector(gradient, false)).toArray();
      double largest = 0;
      for (int j = 0; j < p; j++) {
        w[j] -= step[j];
        largest = Math.max(largest, Math.abs(step[j]));
      }
      if (largest < TOLERANCE * (1 + maxAbs(w))) {
        break;
      }
    }
    return w;
  }

  /**
   * Both sides' rows standardised by the pooled mean and standard deviation (a constant dimension
   * is left centred), with a constant 1 appended.
   */
  static double[][] standardized(double[][] reference, double[][] current) {
    int n = reference.length + current.length;
    int dim = reference[0].length;
    double[] mean = new double[dim];
    double[] sd = new double[dim];
    double[][] pooled = new double[n][];
    System.arraycopy(reference, 0, pooled, 0, reference.length);
    System.arraycopy(current, 0, pooled, reference.length, current.length);
    for (double[] row : pooled) {
      for (int d = 0; d < dim; d++) {
        mean[d] += row[d] / n;
      }
    }
    for (double[] row : pooled) {
      for (int d = 0; d < dim; d++) {
        sd[d] += (row[d] - mean[d]) * (row[d] - mean[d]) / n;
      }
    }
    double[][] out = new double[n][dim + 1];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) {
        double s = Math.sqrt(sd[d]);
        out[i][d] = s > 0 ? (pooled[i][d] - mean[d]) / s : 0;
      }
      out[i][dim] = 1;
    }
    return out;
  }

  /**
   * Training and test rows as coordinates in an orthonormal basis of the training rows' span: the
   * penalty is rotation invariant and the optimum lies in that span, so the fit and its scores
   * are unchanged. From the Gram matrix {@code G = X X^T = U S^2 U^T}: {@code Z = U S} and
   * {@code Z_test = X_test X^T U S^-1}.
   */
  private static double[][][] inRowSpan(double[][] train, double[][] test) {
    RealMatrix x = new Array2DRowRealMatrix(train, false);
    EigenDecomposition eigen = new EigenDecomposition(x.multiply(x.transpose()));
    double[] values = eigen.getRealEigenvalues();
    double largest = Arrays.stream(values).max().orElse(0);
    int[] kept = java.util.stream.IntStream.range(0, values.length).filter(i -> values[i] > 1e-12 * largest)
        .toArray();
    double[][] u = eigen.getV().getData();
    double[][] z = new double[train.length][kept.length];
    for (int i = 0; i < train.length; i++) {
      for (int c = 0; c < kept.length; c++) {
        z[i][c] = u[i][kept[c]] * Math.sqrt(values[kept[c]]);
      }
    }
    double[][] zTest = new double[test.length][kept.length];
    for (int t = 0; t < test.length; t++) {
      double[] k = new double[train.length];
      for (int i = 0; i < train.length; i++) {
        k[i] = EmbeddingLayout.dot(test[t], train[i]);
      }
      for (int c = 0; c < kept.length; c++) {
        double s = 0;
        for (int i = 0; i < train.length; i++) {
          s += k[i] * u[i][kept[c]];
        }
        zTest[t][c] = s / Math.sqrt(values[kept[c]]);
      }
    }
    return new double[][][] {z, zTest};
  }

  private static int[] indices(int[] fold, int f, boolean in) {
    return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
  }

  private static double[][] rows(double[][] x, int[] indices) {
    return Arrays.stream(indices).mapToObj(i -> x[i]).toArray(double[][]::new);
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
