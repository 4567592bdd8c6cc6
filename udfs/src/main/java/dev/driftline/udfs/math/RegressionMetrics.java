package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.BinaryMetrics.ratio;
import static dev.driftline.udfs.math.PerformanceMetric.MAE;
import static dev.driftline.udfs.math.PerformanceMetric.MAPE;
import static dev.driftline.udfs.math.PerformanceMetric.MEAN_ERROR;
import static dev.driftline.udfs.math.PerformanceMetric.R2;
import static dev.driftline.udfs.math.PerformanceMetric.RMSE;

import java.util.List;

/**
 * Regression on errors e = prediction - label: MAE, RMSE, MAPE (the mean of |e / label| over rows
 * whose label is not zero; those rows are excluded and counted), R^2 = 1 - SSE / SST around the
 * labels' mean (NaN when the labels are constant), and the mean error (bias; positive means the
 * model over-predicts).
 */
public final class RegressionMetrics implements MetricFamily {

  private static final List<PerformanceMetric> METRICS = List.of(MAE, RMSE, MAPE, R2, MEAN_ERROR);

  @Override
  public List<PerformanceMetric> metrics() {
    return METRICS;
  }

  @Override
  public boolean accepts(double prediction, double label) {
    return Double.isFinite(prediction) && Double.isFinite(label);
  }

  @Override
  public double[] evaluate(LabelledSample s, double[] weights) {
    s.canonical();
    double total = 0;
    double absolute = 0;
    double squared = 0;
    double error = 0;
    double labelSum = 0;
    double percentWeight = 0;
    double percent = 0;
    for (int i = 0; i < s.size(); i++) {
      double w = weights == null ? 1 : weights[i];
      double y = s.label(i);
      double e = s.prediction(i) - y;
      total += w;
      absolute += w * Math.abs(e);
      squared += w * e * e;
      error += w * e;
      labelSum += w * y;
      if (y != 0) {
        percentWeight += w;
        percent += w * Math.abs(e / y);
      }
    }
    double mean = labelSum / total;
    double sst = 0;
    for (int i = 0; i < s.size(); i++) {
      double w = weights == null ? 1 : weights[i];
      double d = s.label(i) - mean;
      sst += w * d * d;
    }
    return new double[] {
        ratio(absolute, total),
        total > 0 ? Math.sqrt(squared / total) : Double.NaN,
        ratio(percent, percentWeight),
        total > 0 && sst > 0 ? 1 - squared / sst : Double.NaN,
        ratio(error, total)};
  }

  @Override
  public Proportion proportion(PerformanceMetric metric, LabelledSample sample) {
    throw new IllegalArgumentException(metric.key() + " is not a proportion");
  }

  @Override
  public long excluded(PerformanceMetric metric, LabelledSample s) {
    if (metric != MAPE) {
      return 0;
    }
    long zeros = 0;
    for (int i = 0; i < s.size(); i++) {
      zeros += s.label(i) == 0 ? 1 : 0;
    }
    return zeros;
  }
}
