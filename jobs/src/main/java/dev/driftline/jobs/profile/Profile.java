package dev.driftline.jobs.profile;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.EmbeddingSpec;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.PairState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The histograms of every monitored column in every non-empty slice of some rows (a day or a
 * reference window), on a layout's bins. Columns are in profile order (numeric, then categorical).
 */
public record Profile(ProfileLayout layout, List<MonitoredColumn> columns, Map<Slice, SliceProfile> slices) {

  /** One slice's row count and its histogram per column. */
  public record SliceProfile(long rows, Histogram[] histograms) {}

  /** The rows of {@code days} on {@code layout}'s bins, in one scan: how a run profiles its day. */
  public static Profile scan(PredictionLog log, DateRange days, ProfileLayout layout, List<MonitoredColumn> columns) {
    return of(ProfileScan.scan(log.profileInput(days), layout), columns);
  }

  /**
   * A day's histograms and its embedding sketches (on {@code embeddings}' layouts and the
   * profile's slices), in one scan.
   */
  public static PairState<ProfileAccumulator, EmbeddingProfile> scanWithEmbeddings(PredictionLog log, DateRange days,
      ProfileLayout layout, EmbeddingReference embeddings, EmbeddingSpec spec) {
    return ProfileScan.scanWithEmbeddings(log.profileAndEmbeddingInput(days), layout, embeddings.layouts(),
        spec.sampleRows(), spec.seed());
  }

  /**
   * Each day's histograms and, with {@code embeddings} (else none), its embedding sketches, in one
   * scan of all the days: a day equals its own {@link #scan} when its rows are read in one
   * partition, and otherwise differs only in the rounding of its sums.
   */
  public static List<PairState<ProfileAccumulator, EmbeddingProfile>> scanDays(PredictionLog log, DateRange days,
      ProfileLayout layout, EmbeddingReference embeddings, EmbeddingSpec spec) {
    return ProfileScan.scanDays(log.profileInputByDay(days, embeddings != null), layout,
        embeddings == null ? List.of() : embeddings.layouts(), spec.sampleRows(), spec.seed(), (int) days.days());
  }

  /** The slices that saw rows, in layout order. */
  public static Profile of(ProfileAccumulator acc, List<MonitoredColumn> columns) {
    Map<Slice, SliceProfile> slices = new LinkedHashMap<>();
    List<Slice> all = acc.layout().slices();
    for (int g = 0; g < all.size(); g++) {
      if (acc.rows(g) == 0) {
        continue;
      }
      Histogram[] histograms = new Histogram[columns.size()];
      for (int c = 0; c < histograms.length; c++) {
        histograms[c] = acc.histogram(g, c);
      }
      slices.put(all.get(g), new SliceProfile(acc.rows(g), histograms));
    }
    return new Profile(acc.layout(), columns, slices);
  }

  /** Rows of the whole profile (the global slice). */
  public long rows() {
    SliceProfile global = slices.get(ProfileLayout.GLOBAL_SLICE);
    return global == null ? 0 : global.rows();
  }
}
