package dev.driftline.jobs.drift;

import dev.driftline.udfs.math.DriftSummary;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The drift metrics a threshold can be set on, by their config and column names. */
public enum DriftMetric {
  PSI(DriftSummary::psi),
  KL(DriftSummary::kl),
  JS_DISTANCE(DriftSummary::jsDistance),
  JS_DIVERGENCE(DriftSummary::jsDivergence),
  HELLINGER(DriftSummary::hellinger),
  TV(DriftSummary::tv),
  LINF(DriftSummary::linf),
  KS_STATISTIC(DriftSummary::ksStatistic),
  WASSERSTEIN_NORMALIZED(DriftSummary::normalizedWasserstein);

  private final ToDoubleFunction<DriftSummary> value;

  DriftMetric(ToDoubleFunction<DriftSummary> value) {
    this.value = value;
  }

  public double of(DriftSummary summary) {
    return value.applyAsDouble(summary);
  }

  /** The name used in configs and output tables, e.g. {@code js_distance}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DriftMetric fromKey(String key) {
    for (DriftMetric m : values()) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown drift metric '" + key + "' (known: " + keys() + ")");
  }

  public static String keys() {
    return Arrays.stream(values()).map(DriftMetric::key).collect(Collectors.joining(", "));
  }
}
