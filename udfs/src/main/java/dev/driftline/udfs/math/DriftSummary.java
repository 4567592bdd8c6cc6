package dev.driftline.udfs.math;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every {@link DriftMeasure} of one column between a reference and a current histogram, computed
 * together so that a drift row is filled from one call. Values are NaN when either side is empty,
 * and order-dependent measures are NaN for bins without an order; {@code topBins} lists the bins
 * that contribute most to the PSI, largest first.
 */
public record DriftSummary(long nRef, long nCur, int nonEmptyBins, double[] values, List<Integer> topBins) {

  public static final int TOP_BINS = 3;

  public static DriftSummary of(BinnedPair pair) {
    double[] contributions = DriftMetrics.psiContributions(pair.ref(), pair.cur(), pair.smoothing());
    List<Integer> top = contributions == null ? List.of()
        : IntStream.range(0, contributions.length).boxed()
            .filter(i -> contributions[i] > 0)
            .sorted(Comparator.comparingDouble((Integer i) -> -contributions[i]).thenComparing(i -> i))
            .limit(TOP_BINS)
            .toList();
    double[] values = new double[DriftMeasure.values().length];
    for (DriftMeasure m : DriftMeasure.values()) {
      values[m.ordinal()] = m.of(pair);
    }
    return new DriftSummary(DriftMetrics.total(pair.ref()), DriftMetrics.total(pair.cur()),
        DriftMetrics.nonEmptyBinCount(pair.ref(), pair.cur()), values, top);
  }

  public double value(DriftMeasure measure) {
    return values[measure.ordinal()];
  }
}
