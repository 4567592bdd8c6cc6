package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.PerformanceMetric.ACCURACY;
import static dev.driftline.udfs.math.PerformanceMetric.ACTUAL_POSITIVE_RATE;
import static dev.driftline.udfs.math.PerformanceMetric.AUC;
import static dev.driftline.udfs.math.PerformanceMetric.BRIER;
import static dev.driftline.udfs.math.PerformanceMetric.ECE;
import static dev.driftline.udfs.math.PerformanceMetric.F1;
import static dev.driftline.udfs.math.PerformanceMetric.LOG_LOSS;
import static dev.driftline.udfs.math.PerformanceMetric.PRECISION;
import static dev.driftline.udfs.math.PerformanceMetric.PREDICTED_POSITIVE_RATE;
import static dev.driftline.udfs.math.PerformanceMetric.RECALL;

import java.util.List;
import java.util.function.Function;

/**
 * Binary classification from a probability: the label is 0 or 1, the prediction the probability
 * of 1, a row is predicted positive when its probability is at least {@code threshold}. The
 * metrics are also defined for a label in between, read as the row's probability of being
 * positive ({@link Scores#metrics}), which is how {@link ExpectedPerformance} estimates them.
 *
 * <ul>
 *   <li>AUC is the Mann-Whitney statistic U / (n_pos n_neg), ties counting one half, with weights:
 *       sum over positive-negative pairs of w_p w_n [s_p > s_n] + w_p w_n / 2 [s_p = s_n].
 *   <li>Log loss clips probabilities to [1e-15, 1 - 1e-15] so a confident miss costs about 34.5
 *       rather than infinity.
 *   <li>Expected calibration error on {@code eceBins} equal-width bins of [0, 1] (the last bin
 *       closed): sum over bins of (rows in bin / rows) |mean label - mean probability|. Its noise
 *       floor is {@link CalibrationFloor#expectedEce}: what a perfectly calibrated model shows on
 *       the same scores.
 * </ul>
 */
public final class BinaryMetrics implements MetricFamily {

  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final int DEFAULT_ECE_BINS = 10;
  static final double LOG_LOSS_EPSILON = 1e-15;

  private static final List<PerformanceMetric> METRICS = List.of(ACCURACY, PRECISION, RECALL, F1, AUC, LOG_LOSS,
      BRIER, ECE, PREDICTED_POSITIVE_RATE, ACTUAL_POSITIVE_RATE);

  private final double threshold;
  private final int eceBins;

  public BinaryMetrics(double threshold, int eceBins) {
    if (!(threshold > 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
    }
    if (eceBins < 1) {
      throw new IllegalArgumentException("ECE needs at least one bin, got " + eceBins);
    }
    this.threshold = threshold;
    this.eceBins = eceBins;
  }

  @Override
  public List<PerformanceMetric> metrics() {
    return METRICS;
  }

  @Override
  public boolean accepts(double prediction, double label) {
    return prediction >= 0 && prediction <= 1 && (label == 0 || label == 1);
  }

  @Override
  public double[] evaluate(LabelledSample s, double[] weights) {
    return prepare(s).apply(weights);
  }

  /** Precomputes each row's loss terms, calibration bin and tie group, which the weights do not change. */
  @Override
  public Function<double[], double[]> prepare(LabelledSample s) {
    Scores scores = new Scores(s, threshold, eceBins);
    double[] labels = new double[s.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = s.label(i);
    }
    return weights -> scores.metrics(weights, labels);
  }

  /**
   * The scores of a sample in canonical order with what the labels do not change, so the metrics
   * can be taken under many weightings and labellings of the same rows: a bootstrap's weights, or
   * the outcomes a calibrated score implies ({@link ExpectedPerformance}).
   */
  public Scores scores(LabelledSample s) {
    return new Scores(s, threshold, eceBins);
  }

  /** See {@link #scores}. */
  public static final class Scores {
    private final int n;
    private final int eceBins;
    private final double[] prediction;
    private final boolean[] predictedPositive;
    private final double[] logScore;
    private final double[] logComplement;
    private final int[] bin;
    /** groupEnd[i]: one past the last row with the same prediction as row i (rows are sorted by it). */
    private final int[] groupEnd;

    private Scores(LabelledSample s, double threshold, int eceBins) {
      s.canonical();
      this.n = s.size();
      this.eceBins = eceBins;
      prediction = new double[n];
      predictedPositive = new boolean[n];
      logScore = new double[n];
      logComplement = new double[n];
      bin = new int[n];
      groupEnd = new int[n];
      for (int i = 0; i < n; i++) {
        double p = s.prediction(i);
        prediction[i] = p;
        predictedPositive[i] = p >= threshold;
        double clipped = Math.min(Math.max(p, LOG_LOSS_EPSILON), 1 - LOG_LOSS_EPSILON);
        logScore[i] = Math.log(clipped);
        logComplement[i] = Math.log1p(-clipped);
        bin[i] = Math.min((int) (p * eceBins), eceBins - 1);
      }
      for (int i = n - 1; i >= 0; i--) {
        groupEnd[i] = i + 1 < n && prediction[i + 1] == prediction[i] ? groupEnd[i + 1] : i + 1;
      }
    }

    public int size() {
      return n;
    }

    /**
     * Every metric with row i weighted {@code weights[i]} (null: 1) and counted as positive with
     * share {@code positive[i]}: its label, or any probability of being positive, a row then
     * counting {@code positive[i]} as a positive and {@code 1 - positive[i]} as a negative. For
     * labels of 0 and 1 these are the metrics of the labelled rows; for calibrated probabilities,
     * their expectation (each count's expectation, the ratios taken of those).
     */
    public double[] metrics(double[] weights, double[] positive) {
      return walk(weights, positive, true);
    }

    /**
     * {@link #metrics} without the losses and calibration (log loss, Brier, ECE are NaN): what the
     * many replicates of an estimate need, in less time.
     */
    public double[] countsAndRanks(double[] weights, double[] positive) {
      return walk(weights, positive, false);
    }

    private double[] walk(double[] weights, double[] positive, boolean losses) {
      double total = 0;
      double tp = 0;
      double fp = 0;
      double fn = 0;
      double positives = 0;
      double loss = 0;
      double brier = 0;
      double[] binWeight = losses ? new double[eceBins] : null;
      double[] binLabels = losses ? new double[eceBins] : null;
      double[] binPredictions = losses ? new double[eceBins] : null;
      // AUC: walk groups of equal predictions in ascending order.
      double negativesBelow = 0;
      double u = 0;
      int i = 0;
      while (i < n) {
        double groupPositive = 0;
        double groupNegative = 0;
        for (int end = groupEnd[i]; i < end; i++) {
          // A weight of 0 adds exact zeros: no branch on it, since in a bootstrap a third of the
          // weights are 0 at random and the branch would be mispredicted every other row.
          double w = weights == null ? 1 : weights[i];
          double y = positive[i];
          double wp = w * y;
          double wn = w * (1 - y);
          total += w;
          positives += wp;
          groupPositive += wp;
          groupNegative += wn;
          if (predictedPositive[i]) {
            tp += wp;
            fp += wn;
          } else {
            fn += wp;
          }
          if (losses) {
            binLabels[bin[i]] += wp;
            loss -= w * (y * logScore[i] + (1 - y) * logComplement[i]);
            brier += w * ((prediction[i] - y) * (prediction[i] - y));
            binWeight[bin[i]] += w;
            binPredictions[bin[i]] += w * prediction[i];
          }
        }
        u += groupPositive * negativesBelow + 0.5 * groupPositive * groupNegative;
        negativesBelow += groupNegative;
      }
      double negatives = total - positives;
      double ece = 0;
      for (int b = 0; losses && b < eceBins; b++) {
        if (binWeight[b] > 0) {
          ece += Math.abs(binLabels[b] - binPredictions[b]) / total;
        }
      }
      double[] out = new double[METRICS.size()];
      out[0] = ratio(total - fp - fn, total);
      out[1] = ratio(tp, tp + fp);
      out[2] = ratio(tp, positives);
      out[3] = ratio(2 * tp, 2 * tp + fp + fn);
      out[4] = positives > 0 && negatives > 0 ? u / (positives * negatives) : Double.NaN;
      out[5] = losses ? ratio(loss, total) : Double.NaN;
      out[6] = losses ? ratio(brier, total) : Double.NaN;
      out[7] = losses && total > 0 ? ece : Double.NaN;
      out[8] = ratio(tp + fp, total);
      out[9] = ratio(positives, total);
      return out;
    }
  }

  @Override
  public double noiseFloor(int index, LabelledSample sample) {
    return METRICS.get(index) == ECE ? CalibrationFloor.expectedEce(sample, eceBins) : Double.NaN;
  }

  @Override
  public Proportion proportion(PerformanceMetric metric, LabelledSample s) {
    long tp = 0;
    long fp = 0;
    long positives = 0;
    for (int i = 0; i < s.size(); i++) {
      boolean predicted = s.prediction(i) >= threshold;
      boolean actual = s.label(i) == 1;
      tp += predicted && actual ? 1 : 0;
      fp += predicted && !actual ? 1 : 0;
      positives += actual ? 1 : 0;
    }
    long n = s.size();
    long fn = positives - tp;
    return switch (metric) {
      case ACCURACY -> new Proportion(n - fp - fn, n);
      case PRECISION -> new Proportion(tp, tp + fp);
      case RECALL -> new Proportion(tp, positives);
      case PREDICTED_POSITIVE_RATE -> new Proportion(tp + fp, n);
      case ACTUAL_POSITIVE_RATE -> new Proportion(positives, n);
      default -> throw new IllegalArgumentException(metric.key() + " is not a proportion");
    };
  }

  static double ratio(double numerator, double denominator) {
    return denominator > 0 ? numerator / denominator : Double.NaN;
  }
}
