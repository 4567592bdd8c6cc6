package dev.driftline.udfs.math;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Every metric of a {@link MetricFamily} on a sample, with a 95% interval: Wilson for proportions,
 * otherwise the percentile interval of a Poisson bootstrap whose weights come from the rows' keys.
 * Too small a sample gets no interval and says why.
 */
public final class PerformanceEstimator {

  public static final int DEFAULT_MIN_LABELS = 30;
  /** Below this share of replicates where the metric is defined, the bootstrap is not trusted. */
  static final double MIN_DEFINED_REPLICATES = 0.9;

  private final MetricFamily family;
  private final int replicates;
  private final long seed;
  private final int minLabels;

  public PerformanceEstimator(MetricFamily family, int replicates, long seed, int minLabels) {
    if (replicates < 2) {
      throw new IllegalArgumentException("the bootstrap needs at least 2 replicates, got " + replicates);
    }
    this.family = family;
    this.replicates = replicates;
    this.seed = seed;
    this.minLabels = minLabels;
  }

  public MetricFamily family() {
    return family;
  }

  /** Every metric's estimate, with its noise floor when the metric has one and a value. */
  public List<PerformanceEstimate> estimate(LabelledSample sample) {
    List<PerformanceEstimate> out = estimateWithoutFloors(sample);
    for (int m = 0; m < out.size(); m++) {
      if (!Double.isNaN(out.get(m).value())) {
        out.set(m, out.get(m).withNoiseFloor(family.noiseFloor(m, sample)));
      }
    }
    return out;
  }

  private List<PerformanceEstimate> estimateWithoutFloors(LabelledSample sample) {
    sample.canonical();
    List<PerformanceMetric> metrics = family.metrics();
    java.util.function.Function<double[], double[]> metricsOf = family.prepare(sample);
    double[] point = metricsOf.apply(null);
    double[][] byReplicate = null;
    List<PerformanceEstimate> out = new ArrayList<>(metrics.size());
    for (int m = 0; m < metrics.size(); m++) {
      PerformanceMetric metric = metrics.get(m);
      long excluded = family.excluded(m, sample);
      long n = sample.size() - excluded;
      if (metric.isProportion()) {
        MetricFamily.Proportion p = family.proportion(m, sample);
        n = p.trials();
      }
      if (Double.isNaN(point[m])) {
        out.add(new PerformanceEstimate(metric, Double.NaN, n, excluded, Double.NaN, Double.NaN, Double.NaN, null,
            sample.size() == 0 ? "no labelled rows" : "undefined on these labels (" + sample.size()
                + " rows, e.g. a single class or no rows in its denominator)"));
        continue;
      }
      if (sample.size() < minLabels) {
        out.add(new PerformanceEstimate(metric, point[m], n, excluded, Double.NaN, Double.NaN, Double.NaN, null,
            String.format(Locale.ROOT, "%d labels < min_labels %d: no interval", sample.size(), minLabels)));
        continue;
      }
      if (metric.isProportion()) {
        MetricFamily.Proportion p = family.proportion(m, sample);
        Wilson.Interval ci = Wilson.interval(p.successes(), p.trials(), Wilson.Z95);
        double share = p.successes() / (double) p.trials();
        out.add(new PerformanceEstimate(metric, point[m], n, excluded, ci.lower(), ci.upper(),
            Math.sqrt(share * (1 - share) / p.trials()), "wilson", null));
        continue;
      }
      if (byReplicate == null) {
        byReplicate = replicates(sample, metricsOf);
      }
      out.add(percentileInterval(metric, point[m], n, excluded, byReplicate[m], "bootstrap"));
    }
    return out;
  }

  /**
   * [metric][replicate]. Replicates are independent and each writes only its own column, so they
   * run in parallel with the same result: one large slice's bootstrap is otherwise a serial step
   * that every day of a run waits for.
   */
  private double[][] replicates(LabelledSample sample, java.util.function.Function<double[], double[]> metricsOf) {
    int metrics = family.metrics().size();
    double[][] out = new double[metrics][replicates];
    IntStream.range(0, replicates).parallel().forEach(k -> {
      double[] values = metricsOf.apply(PoissonBootstrap.weights(sample, seed, k));
      for (int m = 0; m < metrics; m++) {
        out[m][k] = values[m];
      }
    });
    return out;
  }

  /**
   * The 2.5% and 97.5% percentiles of the replicates' values as the interval of {@code value}, their
   * standard deviation as its standard error; none when too few replicates define the metric.
   */
  static PerformanceEstimate percentileInterval(PerformanceMetric metric, double value, long n, long excluded,
      double[] replicateValues, String method) {
    double[] defined = Arrays.stream(replicateValues).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (defined.length < MIN_DEFINED_REPLICATES * replicateValues.length || defined.length < 2) {
      return new PerformanceEstimate(metric, value, n, excluded, Double.NaN, Double.NaN, Double.NaN, null,
          String.format(Locale.ROOT, "defined in only %d of %d replicates: no interval",
              defined.length, replicateValues.length));
    }
    return new PerformanceEstimate(metric, value, n, excluded, quantile(defined, 0.025), quantile(defined, 0.975),
        standardDeviation(defined), method, null);
  }

  /** Linear interpolation between order statistics (NumPy's default), on sorted values. */
  static double quantile(double[] sorted, double q) {
    double position = q * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }

  static double standardDeviation(double[] xs) {
    double mean = Arrays.stream(xs).sum() / xs.length;
    double ss = 0;
    for (double x : xs) {
      ss += (x - mean) * (x - mean);
    }
    return Math.sqrt(ss / (xs.length - 1));
  }
}
