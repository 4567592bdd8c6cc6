package dev.driftline.jobs.decision;

import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The threshold a finding crossed: which metric, its value, the level reached and that level's
 * threshold. Shared by the policies that watch several metrics at once, so they agree on which
 * metric speaks for the finding.
 */
public record Crossing<K>(K metric, double value, Severity severity, double threshold) {

  /** How far past its threshold the value is, as a ratio (1 = exactly at it). */
  double excess() {
    return value / threshold;
  }

  /**
   * The highest level any metric reaches; between metrics at the same level, the one furthest past
   * its threshold (relative), and between exact ties the first in the map's order. NaN values and
   * metrics without levels are skipped; empty when no warn or critical level is reached.
   */
  public static <K> Optional<Crossing<K>> highest(Map<K, Levels> thresholds, ToDoubleFunction<K> valueOf) {
    Crossing<K> best = null;
    for (Map.Entry<K, Levels> e : thresholds.entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      double v = valueOf.applyAsDouble(e.getKey());
      Severity reached = e.getValue().reached(v);
      if (!reached.alerts()) {
        continue;
      }
      Crossing<K> c = new Crossing<>(e.getKey(), v, reached, e.getValue().threshold(reached));
      if (best == null || reached.compareTo(best.severity) > 0
          || reached == best.severity && c.excess() > best.excess()) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }
}
