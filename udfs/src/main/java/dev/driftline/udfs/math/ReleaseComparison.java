package dev.driftline.udfs.math;

import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A candidate model against a baseline on the same days: per-day deltas d_i = candidate_i -
 * baseline_i, their mean, its standard error sd(d) / sqrt(n) (sample standard deviation), and the
 * 95% Student-t interval with n - 1 degrees of freedom. Pairing by day removes the day-to-day
 * variation both models share.
 *
 * <p>The verdict looks at the improvement (the delta, sign-flipped for metrics where lower is
 * better): {@code promote} when its interval lies above 0 and its mean reaches the minimum
 * improvement, {@code reject} when its interval lies below 0, {@code hold} otherwise.
 */
public record ReleaseComparison(int days, double meanDelta, double standardError, double lower, double upper,
    Verdict verdict, String reason) {

  public enum Verdict {
    PROMOTE, HOLD, REJECT;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static ReleaseComparison of(double[] baseline, double[] candidate, PerformanceMetric metric,
      double minImprovement) {
    if (metric.direction() == PerformanceMetric.Direction.NEUTRAL) {
      throw new IllegalArgumentException(metric.key() + " has no better direction, so it cannot decide a release");
    }
    if (baseline.length != candidate.length) {
      throw new IllegalArgumentException("baseline has " + baseline.length + " days, candidate " + candidate.length);
    }
    int n = baseline.length;
    if (n < 2) {
      throw new IllegalArgumentException("a comparison needs at least 2 days with both metrics, got " + n);
    }
    double[] deltas = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      deltas[i] = candidate[i] - baseline[i];
      if (!Double.isFinite(deltas[i])) {
        throw new IllegalArgumentException("day " + i + " has no finite " + metric.key() + " for both models");
      }
      sum += deltas[i];
    }
    double mean = sum / n;
    double se = PerformanceEstimator.standardDeviation(deltas) / Math.sqrt(n);
    double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
    double lower = mean - t * se;
    double upper = mean + t * se;
    boolean higherIsBetter = metric.direction() == PerformanceMetric.Direction.HIGHER_IS_BETTER;
    double improvement = higherIsBetter ? mean : -mean;
    double improvementLower = higherIsBetter ? lower : -upper;
    double improvementUpper = higherIsBetter ? upper : -lower;
    String interval = String.format(Locale.ROOT, "%s delta %.4g, 95%% interval [%.4g, %.4g] over %d days",
        metric.key(), mean, lower, upper, n);
    Verdict verdict;
    String why;
    if (improvementUpper < 0) {
      verdict = Verdict.REJECT;
      why = "the candidate is worse: " + interval;
    } else if (improvementLower > 0 && improvement >= minImprovement) {
      verdict = Verdict.PROMOTE;
      why = String.format(Locale.ROOT, "the candidate is better by at least the minimum improvement %.4g: %s",
          minImprovement, interval);
    } else if (improvementLower > 0) {
      verdict = Verdict.HOLD;
      why = String.format(Locale.ROOT, "better, but by less than the minimum improvement %.4g: %s", minImprovement,
          interval);
    } else {
      verdict = Verdict.HOLD;
      why = "no significant difference: " + interval;
    }
    return new ReleaseComparison(n, mean, se, lower, upper, verdict, why);
  }
}
