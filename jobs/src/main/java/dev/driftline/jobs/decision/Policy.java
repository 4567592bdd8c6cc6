package dev.driftline.jobs.decision;

/**
 * Turns one finding into an assessment. Policies are plain Java: they see values, never Spark
 * data, so each is unit-tested alone. Drift, data quality, performance and latency each have one.
 */
@FunctionalInterface
public interface Policy<F> {

  Assessment assess(F finding);

  default Assessed<F> apply(F finding) {
    return new Assessed<>(finding, assess(finding));
  }
}
