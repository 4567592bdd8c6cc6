package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The mergeable state of one embedding column over some rows (a slice of a day, or of the
 * reference): the row count, the sum and sum of squares per dimension, a histogram per
 * projection on the layout's bins, the sum of the random Fourier features, and a sample of at
 * most {@code sampleSize} rows. A row that is null, of another length or not finite is counted
 * as invalid and left out of everything else.
 *
 * <p>The sample keeps the rows of least priority, a hash of the seed and the row's values: the
 * same rows whatever the partitioning or merge order, so reruns sample alike. Sums are floating
 * point, so bit-identical only when merged in the same order (as {@code PartitionFold} does).
 */
public final class EmbeddingSketch implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Comparator<Sampled> BY_PRIORITY = Comparator.comparingLong(Sampled::priority)
      .thenComparing(Sampled::row, Arrays::compare);

  private final EmbeddingLayout layout;
  private final int sampleSize;
  private final long seed;
  private long rows;
  private long invalid;
  private final double[] sum;
  private final double[] sumOfSquares;
  private final Histogram[] projections;
  private final double[] featureSum;
  /** Sorted by priority, at most {@code sampleSize}. */
  private List<Sampled> sample = new ArrayList<>();

  private record Sampled(long priority, double[] row) implements Serializable {}

  public EmbeddingSketch(EmbeddingLayout layout, int sampleSize, long seed) {
    this.layout = layout;
    this.sampleSize = sampleSize;
    this.seed = seed;
    this.sum = new double[layout.dim()];
    this.sumOfSquares = new double[layout.dim()];
    this.projections = new Histogram[layout.projections()];
    for (int k = 0; k < projections.length; k++) {
      projections[k] = new Histogram(layout.projectionBins()[k].size());
    }
    this.featureSum = new double[layout.features()];
  }

  /** Adds one row; a null, a row of another length or with a non-finite value counts as invalid. */
  public void add(double[] row) {
    if (!valid(row, layout.dim())) {
      invalid++;
      return;
    }
    double[] projected = new double[projections.length];
    layout.projectAll(row, projected);
    double[] features = new double[featureSum.length];
    layout.addFeatures(row, features);
    addValid(row.clone(), projected, features, priority(row));
  }

  /** Whether a row is sketched: not null, {@code dim} values long, all finite. */
  public static boolean valid(double[] row, int dim) {
    if (row == null || row.length != dim) {
      return false;
    }
    for (double v : row) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  /** Counts a row left out (null, of another length, or not finite). */
  public void addInvalid() {
    invalid++;
  }

  /**
   * Adds a valid row with its projections, random features and sampling priority already computed
   * ({@link #priority}), as when one row goes into several slices' sketches. The row is kept by
   * reference if sampled.
   */
  public void addValid(double[] row, double[] projected, double[] features, long priority) {
    rows++;
    for (int d = 0; d < row.length; d++) {
      sum[d] += row[d];
      sumOfSquares[d] += row[d] * row[d];
    }
    for (int k = 0; k < projections.length; k++) {
      projections[k].add(layout.projectionBins()[k], projected[k]);
    }
    for (int j = 0; j < featureSum.length; j++) {
      featureSum[j] += features[j];
    }
    offer(new Sampled(priority, row));
  }

  /** An empty sketch of the same layout, sample size and seed. */
  public EmbeddingSketch emptyCopy() {
    return new EmbeddingSketch(layout, sampleSize, seed);
  }

  /** Adds {@code other}'s rows (a sketch of the same layout, sample size and seed) and returns this. */
  public EmbeddingSketch merge(EmbeddingSketch other) {
    // Layouts travel to executors and back as copies: their shapes must agree.
    if (other.layout.dim() != layout.dim() || other.layout.projections() != layout.projections()
        || other.layout.features() != layout.features() || other.sampleSize != sampleSize || other.seed != seed) {
      throw new IllegalArgumentException("sketches of different layouts do not merge");
    }
    rows += other.rows;
    invalid += other.invalid;
    for (int d = 0; d < sum.length; d++) {
      sum[d] += other.sum[d];
      sumOfSquares[d] += other.sumOfSquares[d];
    }
    for (int k = 0; k < projections.length; k++) {
      projections[k].merge(other.projections[k]);
    }
    for (int j = 0; j < featureSum.length; j++) {
      featureSum[j] += other.featureSum[j];
    }
    List<Sampled> merged = new ArrayList<>(sample);
    merged.addAll(other.sample);
    merged.sort(BY_PRIORITY);
    sample = new ArrayList<>(merged.subList(0, Math.min(sampleSize, merged.size())));
    return this;
  }

  private void offer(Sampled s) {
    if (sample.size() == sampleSize && BY_PRIORITY.compare(s, sample.get(sampleSize - 1)) >= 0) {
      return;
    }
    int found = Collections.binarySearch(sample, s, BY_PRIORITY);
    sample.add(found >= 0 ? found : -found - 1, s);
    if (sample.size() > sampleSize) {
      sample.remove(sample.size() - 1);
    }
  }

  /** The row's sampling priority: a 64-bit mix (SplitMix64's finaliser) of the seed and the row's bits. */
  public long priority(double[] row) {
    long h = seed;
    for (double v : row) {
      h = mix(h ^ Double.doubleToLongBits(v == 0.0 ? 0.0 : v));
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public EmbeddingLayout layout() {
    return layout;
  }

  /** Valid rows sketched. */
  public long rows() {
    return rows;
  }

  /** Rows left out: null, of another length, or with a non-finite value. */
  public long invalid() {
    return invalid;
  }

  /** The mean row; NaNs without rows. */
  public double[] mean() {
    double[] mean = new double[sum.length];
    for (int d = 0; d < mean.length; d++) {
      mean[d] = sum[d] / rows;
    }
    return mean;
  }

  /** The population variance of each dimension (never negative); NaNs without rows. */
  public double[] variance() {
    double[] variance = new double[sum.length];
    for (int d = 0; d < variance.length; d++) {
      double m = sum[d] / rows;
      variance[d] = Math.max(0, sumOfSquares[d] / rows - m * m);
    }
    return variance;
  }

  /** The histogram of the rows' coordinates along projection {@code k}. */
  public Histogram projection(int k) {
    return projections[k];
  }

  /** The mean random Fourier feature vector: the rows' kernel mean embedding, approximately. */
  public double[] meanFeatures() {
    double[] mean = new double[featureSum.length];
    for (int j = 0; j < mean.length; j++) {
      mean[j] = featureSum[j] / rows;
    }
    return mean;
  }

  /** The sampled rows, in priority order. */
  public double[][] sample() {
    return sample.stream().map(Sampled::row).toArray(double[][]::new);
  }
}
