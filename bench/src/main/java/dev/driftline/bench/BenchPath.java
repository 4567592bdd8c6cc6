package dev.driftline.bench;

import dev.driftline.bench.BenchCase.Prepared;

/** One way of computing the day's profile (or, for the scan limit, of reading it) that is timed. */
public interface BenchPath {

  /** Short name used on the command line and in the report. */
  String name();

  /** What the path does, for the report. */
  String description();

  /** Runs the path once; the returned outcome is checked after the clock stops. */
  Outcome run(Prepared prepared);

  /** What a run produced, checked against Driftline's own counts. */
  @FunctionalInterface
  interface Outcome {
    /** Null when the result agrees with {@code expected}, else what differs. */
    String difference(BinCounts expected);
  }
}
