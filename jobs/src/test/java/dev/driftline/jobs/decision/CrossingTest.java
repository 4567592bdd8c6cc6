package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The shared ladder across metrics: highest level first, then how far past its threshold. */
class CrossingTest {

  private static Map<String, Levels> thresholds(Object... nameThenLevels) {
    Map<String, Levels> m = new LinkedHashMap<>();
    for (int i = 0; i < nameThenLevels.length; i += 2) {
      m.put((String) nameThenLevels[i], (Levels) nameThenLevels[i + 1]);
    }
    return m;
  }

  private static Optional<Crossing<String>> highest(Map<String, Levels> thresholds, Map<String, Double> values) {
    return Crossing.highest(thresholds, k -> values.getOrDefault(k, Double.NaN));
  }

  @Test
  void nothingReachedIsEmpty() {
    Map<String, Levels> t = thresholds("a", new Levels(0.1, 0.2), "b", new Levels(1.0, 2.0));
    assertTrue(highest(t, Map.of("a", 0.05, "b", 0.99)).isEmpty());
    assertTrue(highest(Map.of(), Map.of("a", 5.0)).isEmpty());
  }

  @Test
  void aHigherLevelBeatsAValueFurtherPastALowerOne() {
    Map<String, Levels> t = thresholds("a", new Levels(0.1, 0.2), "b", new Levels(0.1, 0.2));
    Crossing<String> c = highest(t, Map.of("a", 0.19, "b", 0.2)).orElseThrow();
    assertEquals(new Crossing<>("b", 0.2, Severity.CRITICAL, 0.2), c);
    assertEquals(1.0, c.excess());
  }

  @Test
  void atTheSameLevelTheOneFurtherPastItsThresholdWins() {
    // a: 0.15 / 0.1 = 1.5 past warn; b: 1.8 / 1.0 = 1.8 past warn, though a smaller margin in absolute terms.
    Map<String, Levels> t = thresholds("a", new Levels(0.1, 0.5), "b", new Levels(1.0, 5.0));
    assertEquals("b", highest(t, Map.of("a", 0.15, "b", 1.8)).orElseThrow().metric());
    assertEquals("a", highest(t, Map.of("a", 0.19, "b", 1.8)).orElseThrow().metric());
  }

  @Test
  void anExactTieGoesToTheFirstInTheMapsOrder() {
    Levels l = new Levels(0.1, 0.5);
    Map<String, Double> values = Map.of("a", 0.2, "b", 0.2);
    assertEquals("a", highest(thresholds("a", l, "b", l), values).orElseThrow().metric());
    assertEquals("b", highest(thresholds("b", l, "a", l), values).orElseThrow().metric());
  }

  @Test
  void nanValuesAreSkipped() {
    Map<String, Levels> t = thresholds("a", new Levels(0.1, 0.2), "b", new Levels(0.1, 0.2));
    assertEquals(new Crossing<>("b", 0.12, Severity.WARN, 0.1),
        highest(t, Map.of("a", Double.NaN, "b", 0.12)).orElseThrow());
    assertTrue(highest(t, Map.of("a", Double.NaN)).isEmpty());
  }

  @Test
  void metricsWithoutLevelsAreSkipped() {
    Map<String, Levels> t = thresholds("a", null, "b", new Levels(0.1, 0.2), "c", new Levels(null, null));
    assertEquals(new Crossing<>("b", 0.15, Severity.WARN, 0.1),
        highest(t, Map.of("a", 100.0, "b", 0.15, "c", 100.0)).orElseThrow());
    assertTrue(highest(thresholds("a", null), Map.of("a", 100.0)).isEmpty());
  }
}
