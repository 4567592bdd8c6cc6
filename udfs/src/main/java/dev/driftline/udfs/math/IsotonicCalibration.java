package dev.driftline.udfs.math;

import java.util.Arrays;

/**
 * A monotone map from a score to the probability of a positive label, fitted on labelled rows by
 * isotonic regression (pool adjacent violators over the distinct scores, each weighted by its
 * rows) and read between fitted scores by linear interpolation, constant beyond the ends: the
 * same as SciPy's {@code isotonic_regression} on the per-score means followed by NumPy's
 * {@code interp}. Isotonic rather than a parametric (Platt) fit because it corrects any monotone
 * miscalibration, and it keeps the score order, so a calibrated score ranks rows as the score did.
 */
public final class IsotonicCalibration implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  /** Knots: the first and last score of each pooled block, with the block's mean label. */
  private final double[] scores;
  private final double[] values;
  private final long labels;

  private IsotonicCalibration(double[] scores, double[] values, long labels) {
    this.scores = scores;
    this.values = values;
    this.labels = labels;
  }

  /** Fitted on the rows of {@code sample} (labels 0 or 1); null when it has no rows. */
  public static IsotonicCalibration fit(LabelledSample sample) {
    sample.canonical();
    return fit(sample, null);
  }

  /**
   * Fitted on the rows of {@code sample} in canonical order, row i weighing {@code weights[i]}
   * (null: 1), as a bootstrap replicate does; null when no row has weight.
   */
  public static IsotonicCalibration fit(LabelledSample sample, double[] weights) {
    sample.canonical();
    int n = sample.size();
    // Blocks on a stack: [first score, last score, weight, sum of labels].
    double[] first = new double[n];
    double[] last = new double[n];
    double[] weight = new double[n];
    double[] sum = new double[n];
    int blocks = 0;
    int i = 0;
    while (i < n) {
      double x = sample.prediction(i);
      double w = 0;
      double s = 0;
      for (; i < n && sample.prediction(i) == x; i++) {
        double rowWeight = weights == null ? 1 : weights[i];
        w += rowWeight;
        s += rowWeight * sample.label(i);
      }
      if (w == 0) {
        continue;
      }
      first[blocks] = x;
      last[blocks] = x;
      weight[blocks] = w;
      sum[blocks] = s;
      blocks++;
      // Pool while the block before has a higher mean: the fit must not decrease.
      while (blocks > 1 && sum[blocks - 2] * weight[blocks - 1] > sum[blocks - 1] * weight[blocks - 2]) {
        last[blocks - 2] = last[blocks - 1];
        weight[blocks - 2] += weight[blocks - 1];
        sum[blocks - 2] += sum[blocks - 1];
        blocks--;
      }
    }
    if (blocks == 0) {
      return null;
    }
    double[] knots = new double[2 * blocks];
    double[] fitted = new double[2 * blocks];
    int k = 0;
    for (int b = 0; b < blocks; b++) {
      double mean = sum[b] / weight[b];
      knots[k] = first[b];
      fitted[k++] = mean;
      if (last[b] != first[b]) {
        knots[k] = last[b];
        fitted[k++] = mean;
      }
    }
    return new IsotonicCalibration(Arrays.copyOf(knots, k), Arrays.copyOf(fitted, k), n);
  }

  /** The calibrated probability of a score. */
  public double apply(double score) {
    if (score <= scores[0]) {
      return values[0];
    }
    int last = scores.length - 1;
    if (score >= scores[last]) {
      return values[last];
    }
    int at = Arrays.binarySearch(scores, score);
    if (at >= 0) {
      return values[at];
    }
    int above = -at - 1;
    int below = above - 1;
    double t = (score - scores[below]) / (scores[above] - scores[below]);
    return values[below] + t * (values[above] - values[below]);
  }

  /**
   * {@link #apply} of each of {@code ascending} (sorted, smallest first) into {@code out}, in one
   * walk over the knots rather than a search per score.
   */
  public void applyAscending(double[] ascending, double[] out) {
    int last = scores.length - 1;
    int above = 0;
    for (int i = 0; i < ascending.length; i++) {
      double score = ascending[i];
      while (above <= last && scores[above] < score) {
        above++;
      }
      if (above == 0) {
        out[i] = values[0];
      } else if (above > last) {
        out[i] = values[last];
      } else if (scores[above] == score) {
        out[i] = values[above];
      } else {
        double t = (score - scores[above - 1]) / (scores[above] - scores[above - 1]);
        out[i] = values[above - 1] + t * (values[above] - values[above - 1]);
      }
    }
  }

  /** The labelled rows it was fitted on. */
  public long labels() {
    return labels;
  }

  /** Pooled blocks' end points, for tests and descriptions. */
  public int knots() {
    return scores.length;
  }
}
