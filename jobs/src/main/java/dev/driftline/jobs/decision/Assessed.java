package dev.driftline.jobs.decision;

/** A finding together with what its policy said of it: what table mappers and reports read. */
public record Assessed<F>(F finding, Assessment assessment) {

  public Severity severity() {
    return assessment.severity();
  }
}
