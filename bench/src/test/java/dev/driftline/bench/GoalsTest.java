package dev.driftline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoalsTest {

  private static Map<String, CaseResult> defaultShape(double profile, double fullRun) {
    BenchCase c = Suite.full().get(0);
    List<Measurement> measured = List.of(new Measurement("driftline", List.of(profile + 1, profile, profile - 1), 0, 0),
        new Measurement("full-run", List.of(fullRun, fullRun + 5, fullRun - 0.5), 0, 0));
    return Map.of(c.name(), new CaseResult(c, 61, 167, 9882, measured, new double[] {1, 1}));
  }

  private static List<String> fullRunLines(Map<String, CaseResult> results) {
    return Goals.evaluate(results).stream().filter(l -> l.contains("full nightly run")).toList();
  }

  @Test
  void theFullRunIsJudgedAgainstTheProfileOfTheSameCaseByMedians() {
    assertEquals(List.of("MET: the full nightly run at the default shape takes 1.30x its profile (goal <= 1.3x)"),
        fullRunLines(defaultShape(10, 13)));
    assertEquals(List.of("MISSED: the full nightly run at the default shape takes 1.85x its profile (goal <= 1.3x)"),
        fullRunLines(defaultShape(10, 18.5)));
  }

  @Test
  void thePublishedSuiteRunsTheFullRunAtTheDefaultShape() {
    assertEquals("default-16M", Suite.full().get(0).name());
    assertEquals(List.of("scan-limit", "scan-limit-columnar", "driftline", "driftline-rows", "full-run"),
        Suite.full().get(0).paths());
  }
}
