package dev.driftline.udfs.math;

import java.util.List;

/**
 * The metrics of one kind of model output, evaluated on a {@link LabelledSample} in canonical
 * order with a weight per row (the bootstrap's resampling weights).
 */
public interface MetricFamily extends java.io.Serializable {

  /** The metrics {@link #evaluate} returns, in its order. */
  List<PerformanceMetric> metrics();

  /**
   * Every metric of the sample; {@code weights} null means weight 1 for every row. A metric that
   * is undefined on the sample (no positives for recall, say) is NaN.
   */
  double[] evaluate(LabelledSample sample, double[] weights);

  /**
   * The sample's metrics as a function of the weights, for evaluating many bootstrap replicates of
   * one sample: a family may precompute what does not depend on the weights. Same results as
   * {@link #evaluate}.
   */
  default java.util.function.Function<double[], double[]> prepare(LabelledSample sample) {
    sample.canonical();
    return weights -> evaluate(sample, weights);
  }

  /** Successes and trials of a proportion metric on the unweighted sample, for its Wilson interval. */
  Proportion proportion(PerformanceMetric metric, LabelledSample sample);

  /**
   * The metric's value expected by chance alone on this sample when the model is perfect for it
   * (a noise floor, as {@link CalibrationFloor} for ECE), or NaN when the metric has none.
   */
  default double noiseFloor(int index, LabelledSample sample) {
    return Double.NaN;
  }

  /** Rows a metric leaves out of the sample (MAPE's zero labels), or 0. */
  default long excluded(PerformanceMetric metric, LabelledSample sample) {
    return 0;
  }

  /**
   * The name of each metric in {@link #metrics()} order, as written to tables: the metric's key,
   * qualified by its class for per-class metrics (e.g. {@code class_recall:fraud}).
   */
  default List<String> names() {
    return metrics().stream().map(PerformanceMetric::key).toList();
  }

  /** {@link #proportion(PerformanceMetric, LabelledSample)} of the metric at {@code index}. */
  default Proportion proportion(int index, LabelledSample sample) {
    return proportion(metrics().get(index), sample);
  }

  /** {@link #excluded(PerformanceMetric, LabelledSample)} of the metric at {@code index}. */
  default long excluded(int index, LabelledSample sample) {
    return excluded(metrics().get(index), sample);
  }

  /** Whether a (prediction, label) pair is a valid row for this kind of output. */
  boolean accepts(double prediction, double label);

  record Proportion(long successes, long trials) {}
}
