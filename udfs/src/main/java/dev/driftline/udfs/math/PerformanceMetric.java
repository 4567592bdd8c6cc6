package dev.driftline.udfs.math;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A model-quality metric: its name in tables and config, which way is better, and whether it is a
 * proportion of labelled rows (Wilson interval) or needs the bootstrap.
 */
public enum PerformanceMetric {
  ACCURACY(Direction.HIGHER_IS_BETTER, true),
  PRECISION(Direction.HIGHER_IS_BETTER, true),
  RECALL(Direction.HIGHER_IS_BETTER, true),
  F1(Direction.HIGHER_IS_BETTER, false),
  AUC(Direction.HIGHER_IS_BETTER, false),
  LOG_LOSS(Direction.LOWER_IS_BETTER, false),
  BRIER(Direction.LOWER_IS_BETTER, false),
  ECE(Direction.LOWER_IS_BETTER, false),
  PREDICTED_POSITIVE_RATE(Direction.NEUTRAL, true),
  ACTUAL_POSITIVE_RATE(Direction.NEUTRAL, true),
  MAE(Direction.LOWER_IS_BETTER, false),
  RMSE(Direction.LOWER_IS_BETTER, false),
  MAPE(Direction.LOWER_IS_BETTER, false),
  R2(Direction.HIGHER_IS_BETTER, false),
  MEAN_ERROR(Direction.NEUTRAL, false),
  MACRO_F1(Direction.HIGHER_IS_BETTER, false),
  /** Recall of one class (multiclass): one row per class, named class_recall:CLASS. */
  CLASS_RECALL(Direction.HIGHER_IS_BETTER, true),
  /** Share of rows predicted as one class (multiclass): one row per class. */
  PREDICTED_CLASS_SHARE(Direction.NEUTRAL, true);

  /** Which change of the metric is a degradation; a NEUTRAL metric degrades by moving either way. */
  public enum Direction { HIGHER_IS_BETTER, LOWER_IS_BETTER, NEUTRAL }

  private final Direction direction;
  private final boolean proportion;

  PerformanceMetric(Direction direction, boolean proportion) {
    this.direction = direction;
    this.proportion = proportion;
  }

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Direction direction() {
    return direction;
  }

  /** True when the metric is successes / trials of labelled rows, so a Wilson interval applies. */
  public boolean isProportion() {
    return proportion;
  }

  /** How much worse {@code delta = value - reference} is: positive when the metric degraded. */
  public double degradation(double delta) {
    return switch (direction) {
      case HIGHER_IS_BETTER -> -delta;
      case LOWER_IS_BETTER -> delta;
      case NEUTRAL -> Math.abs(delta);
    };
  }

  public static PerformanceMetric fromKey(String key) {
    for (PerformanceMetric m : values()) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("'" + key + "' is not a performance metric (one of "
        + Arrays.stream(values()).map(PerformanceMetric::key).collect(Collectors.joining(", ")) + ")");
  }
}
