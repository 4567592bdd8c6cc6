package dev.driftline.udfs.math;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Every drift metric of one column between a reference and a current histogram, computed
 * together so that a drift row is filled from one call. Values are NaN when either side is
 * empty; {@code topBins} lists the bins that contribute most to the PSI, largest first.
 */
public record DriftSummary(
    long nRef,
    long nCur,
    int nonEmptyBins,
    double psi,
    double psiPValue,
    double expectedPsi,
    double kl,
    double jsDivergence,
    double jsDistance,
    double hellinger,
    double tv,
    double linf,
    double ksStatistic,
    double wasserstein,
    double normalizedWasserstein,
    double chiSquareStatistic,
    double chiSquarePValue,
    double gStatistic,
    double gPValue,
    List<Integer> topBins) {

  public static final int TOP_BINS = 3;

  /**
   * @param points a point per bin for Wasserstein (for numeric columns the reference bin means),
   *     or null for columns without an order (categorical), which leaves Wasserstein and KS NaN
   * @param refStddev the reference's population standard deviation, for normalised Wasserstein
   */
  public static DriftSummary of(long[] ref, long[] cur, double[] points, double refStddev, double smoothing) {
    double[] contributions = DriftMetrics.psiContributions(ref, cur, smoothing);
    List<Integer> top = contributions == null ? List.of()
        : IntStream.range(0, contributions.length).boxed()
            .filter(i -> contributions[i] > 0)
            .sorted(Comparator.comparingDouble((Integer i) -> -contributions[i]).thenComparing(i -> i))
            .limit(TOP_BINS)
            .toList();
    boolean ordered = points != null;
    return new DriftSummary(
        DriftMetrics.total(ref),
        DriftMetrics.total(cur),
        DriftMetrics.nonEmptyBinCount(ref, cur),
        DriftMetrics.psi(ref, cur, smoothing),
        DriftMetrics.psiPValue(ref, cur, smoothing),
        DriftMetrics.expectedPsi(ref, cur),
        DriftMetrics.kl(ref, cur, smoothing),
        DriftMetrics.jsDivergence(ref, cur),
        DriftMetrics.jsDistance(ref, cur),
        DriftMetrics.hellinger(ref, cur),
        DriftMetrics.tv(ref, cur),
        DriftMetrics.linf(ref, cur),
        ordered ? DriftMetrics.ksStatistic(ref, cur) : Double.NaN,
        ordered ? DriftMetrics.wasserstein(points, ref, cur) : Double.NaN,
        ordered ? DriftMetrics.normalizedWasserstein(points, ref, cur, refStddev) : Double.NaN,
        DriftMetrics.chiSquareStatistic(ref, cur),
        DriftMetrics.chiSquarePValue(ref, cur),
        DriftMetrics.gStatistic(ref, cur),
        DriftMetrics.gPValue(ref, cur),
        top);
  }
}
