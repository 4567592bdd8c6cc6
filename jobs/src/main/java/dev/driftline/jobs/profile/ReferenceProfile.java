package dev.driftline.jobs.profile;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.Map;

/**
 * The reference a day is compared with: its profile (which fixes the bins and slice values of
 * every later day), its window and its fingerprints.
 *
 * @param referenceId fingerprint of the config, window and contents
 * @param specFingerprint fingerprint of the config parts and window only: what a run looks the
 *     reference up by before it knows the contents
 * @param inputSchema every input column's type (Spark's simple string) when the reference was
 *     built, what later days' schemas are checked against
 */
public record ReferenceProfile(String referenceId, String specFingerprint, DateRange window, Profile profile,
    Map<String, String> inputSchema) {

  public ProfileLayout layout() {
    return profile.layout();
  }

  /**
   * Points representing the bins of numeric column {@code column} for Wasserstein distance: the
   * slice's reference mean in each bin, else the global reference mean, else the bin midpoint.
   * Means stay inside their bins, so the points are increasing like the bins.
   */
  public double[] points(Slice slice, int column) {
    NumericBins bins = layout().numericBins().get(column);
    double[] points = bins.fallbackPoints();
    for (Slice source : new Slice[] {ProfileLayout.GLOBAL_SLICE, slice}) {
      SliceProfile p = profile.slices().get(source);
      if (p == null) {
        continue;
      }
      double[] means = p.histograms()[column].binMeans();
      for (int i = 0; i < points.length; i++) {
        if (!Double.isNaN(means[i])) {
          points[i] = means[i];
        }
      }
    }
    return points;
  }

  /** The reference histogram of a column in a slice, or an empty one when the slice had no rows. */
  public Histogram histogram(Slice slice, int column) {
    SliceProfile p = profile.slices().get(slice);
    if (p != null) {
      return p.histograms()[column];
    }
    return new Histogram(layout().bins(column).size());
  }

  /** Rows of the slice in the reference, 0 when absent. */
  public long rows(Slice slice) {
    SliceProfile p = profile.slices().get(slice);
    return p == null ? 0 : p.rows();
  }
}
