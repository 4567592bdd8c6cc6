package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.PerformanceSpec.LatencyQuantile;

/** One latency quantile of one slice and day. */
public record LatencyFinding(LatencyQuantile quantile, double value) {}
