package dev.driftline.udfs.math;

import java.util.Random;

/**
 * How far a day's embedding moved from the reference's, from the two sketches alone.
 *
 * @param cosineDistance {@code 1 - cos} of the angle between the mean rows (NaN if one is zero)
 * @param normalizedEuclidean distance between the mean rows over the reference's spread, the square
 *     root of its summed variances (at least 1e-3)
 * @param slicedWasserstein Wasserstein-1 distance per projection (binned, as for a numeric column),
 *     averaged over the projections
 * @param maxWasserstein the largest projection's Wasserstein distance
 * @param slicedWassersteinNormalized each projection's distance over its reference standard deviation
 *     (at least 1e-3), averaged: comparable between embeddings of any scale
 * @param meanPsi PSI per projection, averaged
 * @param maxPsi the largest projection's PSI
 * @param shareOfProjectionsPastPsi the share of projections whose PSI is at least the threshold given
 * @param mmd2 squared maximum mean discrepancy of the layout's RBF kernel, estimated by the distance
 *     between the mean random Fourier features (unbiased for the biased, V-statistic MMD^2)
 */
public record EmbeddingDrift(double cosineDistance, double normalizedEuclidean, double slicedWasserstein,
    double maxWasserstein, double slicedWassersteinNormalized, double meanPsi, double maxPsi,
    double shareOfProjectionsPastPsi, double mmd2) {

  /** The reference and the day, sketched on the same layout. */
  public static EmbeddingDrift between(EmbeddingSketch ref, EmbeddingSketch cur, double psiThreshold,
      double smoothing) {
    double[] refMean = ref.mean();
    double[] curMean = cur.mean();
    double spread = Math.sqrt(sum(ref.variance()));
    int k = ref.layout().projections();
    double wSum = 0;
    double wMax = 0;
    double wNormalizedSum = 0;
    double psiSum = 0;
    double psiMax = 0;
    int past = 0;
    for (int p = 0; p < k; p++) {
      Histogram r = ref.projection(p);
      Histogram c = cur.projection(p);
      double[] points = ref.layout().projectionBins()[p].fallbackPoints();
      double[] means = r.binMeans();
      for (int i = 0; i < points.length; i++) {
        points[i] = Double.isNaN(means[i]) ? points[i] : means[i];
      }
      double w = DriftMeasure.WASSERSTEIN.of(BinnedPair.numeric(r, c, points, r.stddev(), smoothing));
      double psi = DriftMetrics.psi(r.counts(), c.counts(), smoothing);
      wSum += w;
      wMax = Math.max(wMax, w);
      wNormalizedSum += w / Math.max(r.stddev(), DriftMetrics.MIN_STDDEV);
      psiSum += psi;
      psiMax = Math.max(psiMax, psi);
      past += psi >= psiThreshold ? 1 : 0;
    }
    return new EmbeddingDrift(cosineDistance(refMean, curMean),
        Math.sqrt(EmbeddingLayout.squaredDistance(refMean, curMean)) / Math.max(spread, DriftMetrics.MIN_STDDEV),
        wSum / k, wMax, wNormalizedSum / k, psiSum / k, psiMax, (double) past / k,
        EmbeddingLayout.squaredDistance(ref.meanFeatures(), cur.meanFeatures()));
  }

  /** {@code 1 - a.b / (|a| |b|)}; NaN when either vector is zero. */
  public static double cosineDistance(double[] a, double[] b) {
    double norms = Math.sqrt(EmbeddingLayout.dot(a, a) * EmbeddingLayout.dot(b, b));
    return norms == 0 ? Double.NaN : 1 - EmbeddingLayout.dot(a, b) / norms;
  }

  /**
   * The biased (V-statistic) MMD^2 between two samples under the layout's kernel, exactly:
   * {@code mean k(x, x') + mean k(y, y') - 2 mean k(x, y)}.
   */
  public static double mmd2(EmbeddingLayout layout, double[][] x, double[][] y) {
    double[][] pooled = pooled(x, y);
    return mmd2(kernelMatrix(layout, pooled), identity(pooled.length), x.length);
  }

  /**
   * The permutation p-value of the samples' exact MMD^2: {@code (1 + b) / (B + 1)}, with {@code b}
   * the {@code B} random relabellings of the pooled rows whose MMD^2 is at least the observed one.
   */
  public static double permutationPValue(EmbeddingLayout layout, double[][] x, double[][] y, int permutations,
      long seed) {
    double[][] pooled = pooled(x, y);
    double[][] kernel = kernelMatrix(layout, pooled);
    int[] order = identity(pooled.length);
    double observed = mmd2(kernel, order, x.length);
    Random random = new Random(seed);
    int atLeast = 0;
    for (int b = 0; b < permutations; b++) {
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      atLeast += mmd2(kernel, order, x.length) >= observed ? 1 : 0;
    }
    return (1.0 + atLeast) / (permutations + 1.0);
  }

  /** MMD^2 of the rows {@code order[0..n)} against {@code order[n..)} of a pooled kernel matrix. */
  private static double mmd2(double[][] kernel, int[] order, int n) {
    int m = order.length - n;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int i = 0; i < order.length; i++) {
      double[] row = kernel[order[i]];
      for (int j = 0; j < order.length; j++) {
        double v = row[order[j]];
        if (i < n && j < n) {
          xx += v;
        } else if (i >= n && j >= n) {
          yy += v;
        } else if (i < n) {
          xy += v;
        }
      }
    }
    return xx / ((double) n * n) + yy / ((double) m * m) - 2 * xy / ((double) n * m);
  }

  private static double[][] kernelMatrix(EmbeddingLayout layout, double[][] rows) {
    double[][] kernel = new double[rows.length][rows.length];
    for (int i = 0; i < rows.length; i++) {
      for (int j = 0; j <= i; j++) {
        kernel[i][j] = kernel[j][i] = layout.kernel(rows[i], rows[j]);
      }
    }
    return kernel;
  }

  private static double[][] pooled(double[][] x, double[][] y) {
    if (x.length == 0 || y.length == 0) {
      throw new IllegalArgumentException("MMD needs rows on both sides");
    }
    double[][] pooled = new double[x.length + y.length][];
    System.arraycopy(x, 0, pooled, 0, x.length);
    System.arraycopy(y, 0, pooled, x.length, y.length);
    return pooled;
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static double sum(double[] values) {
    double s = 0;
    for (double v : values) {
      s += v;
    }
    return s;
  }
}
