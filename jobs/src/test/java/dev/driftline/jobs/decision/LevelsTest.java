package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The one warn/critical ladder: a value reaches a level when it is at least that level. */
class LevelsTest {

  private static final Levels LEVELS = new Levels(0.1, 0.25);

  @Test
  void exactlyAtAThresholdReachesIt() {
    assertEquals(Severity.WARN, LEVELS.reached(0.1));
    assertEquals(Severity.CRITICAL, LEVELS.reached(0.25));
  }

  @Test
  void justBelowAThresholdDoesNot() {
    assertEquals(Severity.NONE, LEVELS.reached(Math.nextDown(0.1)));
    assertEquals(Severity.WARN, LEVELS.reached(Math.nextDown(0.25)));
    assertEquals(Severity.NONE, LEVELS.reached(-1));
  }

  @Test
  void nanReachesNothing() {
    assertEquals(Severity.NONE, LEVELS.reached(Double.NaN));
    assertEquals(Severity.NONE, new Levels(0.0, 0.0).reached(Double.NaN));
  }

  @Test
  void aNullLevelNeverFires() {
    assertEquals(Severity.NONE, new Levels(null, null).reached(Double.MAX_VALUE));
    assertEquals(Severity.WARN, new Levels(0.1, null).reached(1e9));
    assertEquals(Severity.CRITICAL, new Levels(null, 0.25).reached(0.25));
    assertEquals(Severity.NONE, new Levels(null, 0.25).reached(0.2));
  }

  @Test
  void thresholdNamesTheLevelReached() {
    assertEquals(0.1, LEVELS.threshold(Severity.WARN));
    assertEquals(0.25, LEVELS.threshold(Severity.CRITICAL));
    assertNull(LEVELS.threshold(Severity.NONE));
    assertNull(LEVELS.threshold(Severity.INSUFFICIENT_DATA));
  }
}
