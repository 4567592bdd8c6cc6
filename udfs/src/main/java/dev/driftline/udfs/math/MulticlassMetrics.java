package dev.driftline.udfs.math;

import static dev.driftline.udfs.math.BinaryMetrics.ratio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Multiclass classification. Predictions and labels are class indices: 0 .. K-1 for the known
 * classes, K for any other value (a class the vocabulary does not list). Metrics: accuracy,
 * macro-F1 (the mean of per-class F1 = 2 tp / (actual + predicted) over the classes, other
 * included, that occur among the labels or the predictions: scikit-learn's
 * {@code f1_score(average="macro")}), then per known class its recall and its share of
 * predictions.
 */
public final class MulticlassMetrics implements MetricFamily {

  private static final long serialVersionUID = 1L;

  private final List<String> classes;
  private final List<PerformanceMetric> metrics;
  private final List<String> names;

  public MulticlassMetrics(List<String> classes) {
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("multiclass metrics need at least one class");
    }
    this.classes = List.copyOf(classes);
    List<PerformanceMetric> m = new ArrayList<>(List.of(PerformanceMetric.ACCURACY, PerformanceMetric.MACRO_F1));
    List<String> n = new ArrayList<>(List.of(PerformanceMetric.ACCURACY.key(), PerformanceMetric.MACRO_F1.key()));
    for (String c : classes) {
      m.add(PerformanceMetric.CLASS_RECALL);
      n.add(PerformanceMetric.CLASS_RECALL.key() + ":" + c);
    }
    for (String c : classes) {
      m.add(PerformanceMetric.PREDICTED_CLASS_SHARE);
      n.add(PerformanceMetric.PREDICTED_CLASS_SHARE.key() + ":" + c);
    }
    this.metrics = Collections.unmodifiableList(m);
    this.names = Collections.unmodifiableList(n);
  }

  public List<String> classes() {
    return classes;
  }

  @Override
  public List<PerformanceMetric> metrics() {
    return metrics;
  }

  @Override
  public List<String> names() {
    return names;
  }

  @Override
  public boolean accepts(double prediction, double label) {
    return isClass(prediction) && isClass(label);
  }

  private boolean isClass(double x) {
    return x >= 0 && x <= classes.size() && x == Math.rint(x);
  }

  @Override
  public double[] evaluate(LabelledSample s, double[] weights) {
    int k = classes.size();
    double[] correct = new double[k + 1];
    double[] actual = new double[k + 1];
    double[] predicted = new double[k + 1];
    double total = 0;
    for (int i = 0; i < s.size(); i++) {
      double w = weights == null ? 1 : weights[i];
      int y = (int) s.label(i);
      int p = (int) s.prediction(i);
      total += w;
      actual[y] += w;
      predicted[p] += w;
      if (y == p) {
        correct[y] += w;
      }
    }
    double hits = 0;
    double f1 = 0;
    int present = 0;
    for (int c = 0; c <= k; c++) {
      hits += correct[c];
      if (actual[c] + predicted[c] > 0) {
        f1 += 2 * correct[c] / (actual[c] + predicted[c]);
        present++;
      }
    }
    double[] out = new double[metrics.size()];
    out[0] = ratio(hits, total);
    out[1] = present > 0 ? f1 / present : Double.NaN;
    for (int c = 0; c < k; c++) {
      out[2 + c] = ratio(correct[c], actual[c]);
      out[2 + k + c] = ratio(predicted[c], total);
    }
    return out;
  }

  @Override
  public Proportion proportion(int index, LabelledSample s) {
    int k = classes.size();
    long n = s.size();
    long hits = 0;
    long[] correct = new long[k + 1];
    long[] actual = new long[k + 1];
    long[] predicted = new long[k + 1];
    for (int i = 0; i < n; i++) {
      int y = (int) s.label(i);
      int p = (int) s.prediction(i);
      actual[y]++;
      predicted[p]++;
      if (y == p) {
        correct[y]++;
        hits++;
      }
    }
    if (index == 0) {
      return new Proportion(hits, n);
    }
    if (index >= 2 && index < 2 + k) {
      return new Proportion(correct[index - 2], actual[index - 2]);
    }
    if (index >= 2 + k && index < 2 + 2 * k) {
      return new Proportion(predicted[index - 2 - k], n);
    }
    throw new IllegalArgumentException(names.get(index) + " is not a proportion");
  }

  @Override
  public Proportion proportion(PerformanceMetric metric, LabelledSample sample) {
    if (metric == PerformanceMetric.ACCURACY) {
      return proportion(0, sample);
    }
    throw new IllegalArgumentException(metric.key() + " is per class or not a proportion: ask by index");
  }
}
