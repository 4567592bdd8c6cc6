package dev.driftline.jobs.drift;

import dev.driftline.jobs.decision.EmbeddingFinding;
import dev.driftline.jobs.profile.EmbeddingReference;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.EmbeddingDrift;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.EmbeddingSampleTests;
import dev.driftline.udfs.math.EmbeddingSketch;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A day's embedding sketches against the reference's: one finding per embedding column and slice
 * that has rows on either side.
 */
public final class EmbeddingComparisons {

  /** Relabellings of MMD^2's permutation test: p-values from 0.01. */
  public static final int PERMUTATIONS = 99;

  private EmbeddingComparisons() {}

  public static List<EmbeddingFinding> compare(EmbeddingReference ref, EmbeddingProfile day, double psiThreshold,
      double smoothing, long seed) {
    List<Slice> slices = ref.slices().slices();
    // The sample tests cost milliseconds per slice: slices run in parallel, each seeded by its place.
    return IntStream.range(0, ref.columns().size() * slices.size()).parallel().mapToObj(i -> {
      int c = i / slices.size();
      int g = i % slices.size();
      EmbeddingSketch r = ref.profile().sketch(c, g);
      EmbeddingSketch d = day.sketch(c, g);
      if (d.rows() + d.invalid() == 0) {
        return null;
      }
      boolean tested = r.rows() > 0 && d.rows() > 0;
      EmbeddingDrift drift = tested ? EmbeddingDrift.between(r, d, psiThreshold, smoothing) : null;
      EmbeddingSampleTests sampled = tested ? EmbeddingSampleTests.of(r, d, PERMUTATIONS, seed + i)
          : EmbeddingSampleTests.NONE;
      return new EmbeddingFinding(ref.columns().get(c), slices.get(g), r.layout().dim(), r.rows(), d.rows(),
          d.invalid(), drift, sampled, tested ? pValue(r, d) : Double.NaN, Double.NaN);
    }).filter(Objects::nonNull).toList();
  }

  /**
   * The chi-square homogeneity test of each projection's bins, corrected for the K tests by
   * Bonferroni: min(1, K x the smallest p-value). Valid whatever the projections' dependence.
   */
  static double pValue(EmbeddingSketch ref, EmbeddingSketch day) {
    int k = ref.layout().projections();
    double smallest = 1;
    for (int p = 0; p < k; p++) {
      double pv = DriftMeasure.CHI2_P_VALUE.of(BinnedPair.of(ref.projection(p).counts(), day.projection(p).counts()));
      if (!Double.isNaN(pv)) {
        smallest = Math.min(smallest, pv);
      }
    }
    return Math.min(1, k * smallest);
  }
}
