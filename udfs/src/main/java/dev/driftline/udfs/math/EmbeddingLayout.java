package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;

/**
 * What is fixed for one embedding column before any day is sketched, and stored with the
 * reference so every day is sketched alike: the dimension, {@code K} unit projection directions
 * with their bins (the reference's projected quantiles), and {@code D} random Fourier features of
 * the RBF kernel {@code exp(-|x - y|^2 / (2 sigma^2))} (Rahimi and Recht), whose bandwidth sigma is
 * the median distance between reference rows. Built from a seed, so every JVM builds the same.
 *
 * @param directions K unit vectors of length {@code dim}
 * @param projectionBins the bins of each projection
 * @param frequencies D vectors drawn from N(0, sigma^-2 I), stored by dimension: {@code frequencies[d][j]} is
 *     coordinate d of feature j's vector, so a row's features are summed one dimension at a time
 *     over contiguous arrays (the JIT vectorises that loop; one dot product per feature would not)
 * @param phases D phases drawn from U[0, 2 pi)
 */
public record EmbeddingLayout(int dim, double[][] directions, NumericBins[] projectionBins, double bandwidth,
    double[][] frequencies, double[] phases) implements Serializable {

  public static final int DEFAULT_PROJECTIONS = 32;
  public static final int DEFAULT_FEATURES = 256;
  /** Salts the seed of the features, so they do not repeat the directions' draws. */
  private static final long FEATURE_SALT = 0x9E3779B97F4A7C15L;

  public EmbeddingLayout {
    if (dim < 1) {
      throw new IllegalArgumentException("an embedding needs at least one dimension, got " + dim);
    }
    if (directions.length != projectionBins.length || frequencies.length != dim
        || Arrays.stream(frequencies).anyMatch(f -> f.length != phases.length)) {
      throw new IllegalArgumentException("one set of bins per direction and one phase per feature");
    }
    if (!(bandwidth > 0) || Double.isInfinite(bandwidth)) {
      throw new IllegalArgumentException("the kernel bandwidth must be positive and finite, got " + bandwidth);
    }
  }

  /**
   * The layout of a reference sample (rows of equal length, all finite): {@code projections}
   * directions with {@code bins} bins each at the projections' quantiles, and {@code features}
   * random Fourier features with the median heuristic's bandwidth.
   */
  public static EmbeddingLayout of(double[][] referenceSample, int projections, int bins, int features, long seed) {
    if (referenceSample.length == 0) {
      throw new IllegalArgumentException("an embedding layout needs reference rows");
    }
    return of(referenceSample, directions(referenceSample[0].length, projections, seed), bins, features, seed);
  }

  /** The layout of a reference sample along the given unit directions. */
  public static EmbeddingLayout of(double[][] referenceSample, double[][] directions, int bins, int features,
      long seed) {
    int dim = directions[0].length;
    NumericBins[] projectionBins = new NumericBins[directions.length];
    for (int k = 0; k < directions.length; k++) {
      double[] projected = new double[referenceSample.length];
      for (int i = 0; i < projected.length; i++) {
        projected[i] = dot(directions[k], referenceSample[i]);
      }
      projectionBins[k] = NumericBins.fromSample(projected, bins);
    }
    double bandwidth = medianDistance(referenceSample);
    // Rows that are all alike have no scale of their own: any change then stands out at unit scale.
    bandwidth = bandwidth > 0 ? bandwidth : 1.0;
    Random random = new Random(seed ^ FEATURE_SALT);
    double[][] frequencies = new double[dim][features];
    double[] phases = new double[features];
    for (int j = 0; j < features; j++) {
      for (int d = 0; d < dim; d++) {
        frequencies[d][j] = random.nextGaussian() / bandwidth;
      }
      phases[j] = random.nextDouble() * 2 * Math.PI;
    }
    return new EmbeddingLayout(dim, directions, projectionBins, bandwidth, frequencies, phases);
  }

  /** {@code k} unit vectors uniform on the sphere of {@code dim} dimensions, from {@code seed}. */
  public static double[][] directions(int dim, int k, long seed) {
    Random random = new Random(seed);
    double[][] out = new double[k][dim];
    for (double[] u : out) {
      double norm = 0;
      while (norm == 0) {
        for (int d = 0; d < dim; d++) {
          u[d] = random.nextGaussian();
        }
        norm = Math.sqrt(dot(u, u));
      }
      for (int d = 0; d < dim; d++) {
        u[d] /= norm;
      }
    }
    return out;
  }

  /**
   * The median Euclidean distance between distinct rows of a sample (the mean of the middle two
   * for an even number of pairs, as NumPy's median); 0 with fewer than two rows.
   */
  public static double medianDistance(double[][] rows) {
    int n = rows.length;
    if (n < 2) {
      return 0;
    }
    double[] distances = new double[n * (n - 1) / 2];
    int p = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        distances[p++] = Math.sqrt(squaredDistance(rows[i], rows[j]));
      }
    }
    Arrays.sort(distances);
    int mid = distances.length / 2;
    return distances.length % 2 == 1 ? distances[mid] : (distances[mid - 1] + distances[mid]) / 2;
  }

  public int projections() {
    return directions.length;
  }

  public int features() {
    return phases.length;
  }

  /** The row's coordinate along projection {@code k}. */
  public double project(int k, double[] row) {
    return dot(directions[k], row);
  }

  /** The row's coordinates along every projection, into {@code out}. */
  public void projectAll(double[] row, double[] out) {
    for (int k = 0; k < directions.length; k++) {
      out[k] = dot(directions[k], row);
    }
  }

  /** Adds the row's random Fourier features, {@code sqrt(2/D) cos(w_j . x + b_j)}, to {@code sums}. */
  public void addFeatures(double[] row, double[] sums) {
    double[] arguments = phases.clone();
    for (int d = 0; d < frequencies.length; d++) {
      double x = row[d];
      double[] w = frequencies[d];
      for (int j = 0; j < arguments.length; j++) {
        arguments[j] += w[j] * x;
      }
    }
    double scale = Math.sqrt(2.0 / arguments.length);
    for (int j = 0; j < arguments.length; j++) {
      sums[j] += scale * Math.cos(arguments[j]);
    }
  }

  /** The RBF kernel of this layout's bandwidth, exactly: what the features approximate. */
  public double kernel(double[] x, double[] y) {
    return Math.exp(-squaredDistance(x, y) / (2 * bandwidth * bandwidth));
  }

  /** Four running sums, so the additions do not wait on each other. */
  static double dot(double[] a, double[] b) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < a.length; i += 4) {
      s0 += a[i] * b[i];
      s1 += a[i + 1] * b[i + 1];
      s2 += a[i + 2] * b[i + 2];
      s3 += a[i + 3] * b[i + 3];
    }
    for (; i < a.length; i++) {
      s0 += a[i] * b[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  static double squaredDistance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    return s;
  }
}
