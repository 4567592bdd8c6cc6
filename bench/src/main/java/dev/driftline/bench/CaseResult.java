package dev.driftline.bench;

import java.util.List;

/**
 * The measurements of one case, with the size of the work they did.
 *
 * @param groups slice groups of the layout (global included)
 * @param histograms non-empty (slice group, column) histograms Driftline produced
 * @param loadAverages the machine's 1-minute load average before and after the case (the
 *     cores are shared: a load above the core count means the timings include waiting)
 */
public record CaseResult(BenchCase benchCase, int columns, int groups, int histograms, List<Measurement> measurements,
    double[] loadAverages) {}
