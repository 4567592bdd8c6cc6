package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.PerformanceMetric.ACCURACY;
import static dev.driftline.udfs.math.PerformanceMetric.ACTUAL_POSITIVE_RATE;
import static dev.driftline.udfs.math.PerformanceMetric.AUC;
import static dev.driftline.udfs.math.PerformanceMetric.F1;
import static dev.driftline.udfs.math.PerformanceMetric.PRECISION;
import static dev.driftline.udfs.math.PerformanceMetric.PREDICTED_POSITIVE_RATE;
import static dev.driftline.udfs.math.PerformanceMetric.RECALL;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Confidence-based performance estimation: a binary model's metrics on rows whose labels have not
 * arrived, from its calibrated scores alone. A row with calibrated probability p counts p as a
 * positive and 1 - p as a negative, which gives the expected confusion matrix at the threshold,
 * hence expected accuracy, precision, recall and F1, and the expected ROC AUC (each pair of rows
 * weighted by the chance that the higher-scored one is the positive). It holds as long as the
 * relation between score and outcome is the one the calibration learned.
 *
 * <p>The interval is where the realized metric of these rows will fall once their labels arrive:
 * each replicate refits the calibration on a Poisson bootstrap of the reference (the weights of
 * {@link PoissonBootstrap}, as the realized metrics' intervals use), draws every row's outcome as
 * Bernoulli(p) under it from the row's key, and takes the metric of those outcomes. So the
 * interval holds both the calibration's uncertainty and the outcomes' noise; a bootstrap of the
 * day's rows alone would miss both and be too narrow for the realized value. {@link #check}
 * compares the realized metric of labelled rows with the same estimate on those rows, which
 * tests the assumption.
 */
public final class ExpectedPerformance {

  /** The metrics estimated, in order. */
  public static final List<PerformanceMetric> METRICS =
      List.of(ACCURACY, PRECISION, RECALL, F1, AUC, PREDICTED_POSITIVE_RATE, ACTUAL_POSITIVE_RATE);
  public static final String METHOD = "outcome_bootstrap";

  private final BinaryMetrics family;
  private final int replicates;
  private final long seed;
  private final int minRows;
  private final int[] index;

  public ExpectedPerformance(BinaryMetrics family, int replicates, long seed, int minRows) {
    if (replicates < 2) {
      throw new IllegalArgumentException("the estimate needs at least 2 replicates, got " + replicates);
    }
    this.family = family;
    this.replicates = replicates;
    this.seed = seed;
    this.minRows = minRows;
    this.index = METRICS.stream().mapToInt(m -> family.metrics().indexOf(m)).toArray();
  }

  /** A calibration fitted on reference rows, and refitted on each bootstrap replicate of them. */
  public static final class Calibrated {
    private final IsotonicCalibration point;
    private final IsotonicCalibration[] replicates;

    private Calibrated(IsotonicCalibration point, IsotonicCalibration[] replicates) {
      this.point = point;
      this.replicates = replicates;
    }

    /** The reference rows it was fitted on. */
    public long labels() {
      return point.labels();
    }
  }

  /** The calibration of labelled reference rows (labels 0 or 1) with its replicates; null without rows. */
  public Calibrated calibrate(LabelledSample reference) {
    IsotonicCalibration point = IsotonicCalibration.fit(reference);
    if (point == null) {
      return null;
    }
    IsotonicCalibration[] fits = new IsotonicCalibration[replicates];
    // Independent fits, each into its own slot: in parallel, with the same result.
    IntStream.range(0, replicates).parallel().forEach(k -> {
      IsotonicCalibration fit = IsotonicCalibration.fit(reference, PoissonBootstrap.weights(reference, seed, k));
      fits[k] = fit == null ? point : fit;
    });
    return new Calibrated(point, fits);
  }

  /**
   * The realized value of a metric on labelled rows next to its estimate from their calibrated
   * scores, with the estimate's standard error (NaN below the minimum rows).
   */
  public record Check(PerformanceMetric metric, double realized, double expected, double standardError) {

    /** (realized - expected) / standard error: about standard normal while the calibration holds. */
    public double z() {
      return standardError > 0 ? (realized - expected) / standardError : Double.NaN;
    }
  }

  /**
   * The p-value of the z-scores of independent checks (days) of one metric under the calibration:
   * the sum of their squares is chi-square with as many degrees of freedom; 1 without any.
   */
  public static double agreementPValue(double[] z) {
    double sum = 0;
    for (double v : z) {
      sum += v * v;
    }
    return z.length == 0 ? 1 : DriftMetrics.chiSquareUpperTail(sum, z.length);
  }

  /** Each of {@link #METRICS} expected on the rows of {@code scores} (their labels are not read). */
  public List<PerformanceEstimate> estimate(LabelledSample scores, Calibrated calibration) {
    Expectation e = new Expectation(scores, calibration);
    double[][] byReplicate = null;
    List<PerformanceEstimate> out = new ArrayList<>(METRICS.size());
    for (int m = 0; m < METRICS.size(); m++) {
      PerformanceMetric metric = METRICS.get(m);
      double value = e.point[index[m]];
      long n = scores.size();
      if (Double.isNaN(value)) {
        out.add(new PerformanceEstimate(metric, value, n, 0, Double.NaN, Double.NaN, Double.NaN, null,
            n == 0 ? "no scored rows" : "undefined on these scores"));
      } else if (n < minRows) {
        out.add(new PerformanceEstimate(metric, value, n, 0, Double.NaN, Double.NaN, Double.NaN, null,
            String.format(Locale.ROOT, "%d rows < min_labels %d: no interval", n, minRows)));
      } else {
        // Every replicate gives every metric: drawn once for all of them.
        byReplicate = byReplicate == null ? e.replicates() : byReplicate;
        out.add(PerformanceEstimator.percentileInterval(metric, value, n, 0, byReplicate[m], METHOD));
      }
    }
    return out;
  }

  /** Each of {@link #METRICS} realized on the labelled rows of {@code labelled} and expected from their scores. */
  public List<Check> check(LabelledSample labelled, Calibrated calibration) {
    Expectation e = new Expectation(labelled, calibration);
    double[] labels = new double[labelled.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = labelled.label(i);
    }
    double[] realized = e.scores.countsAndRanks(null, labels);
    double[][] byReplicate = labelled.size() < minRows ? null : e.replicates();
    List<Check> out = new ArrayList<>(METRICS.size());
    for (int m = 0; m < METRICS.size(); m++) {
      double se = byReplicate == null ? Double.NaN
          : PerformanceEstimator.percentileInterval(METRICS.get(m), 0, 0, 0, byReplicate[m], METHOD).standardError();
      out.add(new Check(METRICS.get(m), realized[index[m]], e.point[index[m]], se));
    }
    return out;
  }

  /** The rows' calibrated probabilities and the metrics they imply. */
  private final class Expectation {
    final LabelledSample rows;
    final Calibrated calibration;
    final BinaryMetrics.Scores scores;
    /** The rows' scores, ascending (the sample's canonical order). */
    final double[] ascending;
    final double[] point;

    Expectation(LabelledSample rows, Calibrated calibration) {
      this.rows = rows;
      this.calibration = calibration;
      this.scores = family.scores(rows);
      this.ascending = new double[rows.size()];
      for (int i = 0; i < ascending.length; i++) {
        ascending[i] = rows.prediction(i);
      }
      double[] p = new double[rows.size()];
      calibration.point.applyAscending(ascending, p);
      this.point = scores.countsAndRanks(null, p);
    }

    /** [metric of METRICS][replicate]: the metrics of outcomes drawn from the probabilities. */
    double[][] replicates() {
      double[][] out = new double[METRICS.size()][replicates];
      // Independent replicates, each writing its own column: in parallel, with the same result.
      IntStream.range(0, replicates).parallel().forEach(k -> {
        double[] probability = new double[rows.size()];
        double[] outcome = new double[rows.size()];
        calibration.replicates[k].applyAscending(ascending, probability);
        PoissonBootstrap.drawOutcomes(rows, seed, k, probability, outcome);
        double[] values = scores.countsAndRanks(null, outcome);
        for (int m = 0; m < METRICS.size(); m++) {
          out[m][k] = values[index[m]];
        }
      });
      return out;
    }
  }
}
