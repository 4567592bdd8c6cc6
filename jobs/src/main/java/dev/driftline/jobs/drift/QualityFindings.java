package dev.driftline.jobs.drift;

import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.decision.QualityFinding;
import dev.driftline.jobs.decision.QualityFinding.Measure;
import dev.driftline.jobs.decision.QualityFinding.Rate;
import dev.driftline.jobs.decision.VolumeFinding;
import dev.driftline.jobs.profile.EmbeddingReference;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.EmbeddingProfile;
import dev.driftline.udfs.math.EmbeddingSketch;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A day's data-quality findings: every column (embeddings too) in every slice of the day, and each
 * slice's volume, next to the reference.
 */
public final class QualityFindings {

  private QualityFindings() {}

  public static List<QualityFinding> of(ReferenceProfile reference, Profile day) {
    List<QualityFinding> findings = new ArrayList<>();
    day.slices().forEach((slice, p) -> {
      long refRows = reference.rows(slice);
      for (int c = 0; c < day.columns().size(); c++) {
        MonitoredColumn column = day.columns().get(c);
        Histogram h = p.histograms()[c];
        Histogram ref = reference.histogram(slice, c);
        Map<Measure, Rate> rates = new EnumMap<>(Measure.class);
        rates.put(Measure.NAN_RATE, rate(h.nans(), p.rows(), ref.nans(), refRows));
        rates.put(Measure.INFINITY_RATE, rate(h.negInfinities() + h.posInfinities(), p.rows(),
            ref.negInfinities() + ref.posInfinities(), refRows));
        long[] counts = h.counts();
        if (!(day.layout().bins(c) instanceof CategoricalBins bins)) {
          rates.put(Measure.NULL_RATE, rate(h.nulls(), p.rows(), ref.nulls(), refRows));
          // The outer bins start at the reference's extremes, so the reference has no values out of range.
          long outside = counts[0] + counts[counts.length - 1];
          rates.put(Measure.OUT_OF_RANGE_RATE, ref.finiteCount() == 0 ? rate(0, 0, 0, 0)
              : rate(outside, h.binnedTotal(), 0, ref.binnedTotal()));
        } else {
          long nulls = counts[bins.nullBin()];
          long refNulls = ref.counts()[bins.nullBin()];
          rates.put(Measure.NULL_RATE, rate(nulls, p.rows(), refNulls, refRows));
          rates.put(Measure.UNSEEN_CATEGORY_RATE, rate(counts[bins.otherBin()], p.rows() - nulls,
              ref.counts()[bins.otherBin()], refRows - refNulls));
        }
        findings.add(new QualityFinding(slice, column, p.rows(), rates));
      }
    });
    return findings;
  }

  /**
   * Each embedding column's unusable values in every slice of the day, next to the reference's,
   * as its null rate: a null, an array of another length than the reference's, or one holding a
   * null, NaN or infinity, none of which the sketches can use.
   */
  public static List<QualityFinding> embedding(EmbeddingReference reference, EmbeddingProfile day,
      List<MonitoredColumn> columns) {
    List<QualityFinding> findings = new ArrayList<>();
    List<Slice> slices = reference.slices().slices();
    for (int c = 0; c < columns.size(); c++) {
      for (int g = 0; g < slices.size(); g++) {
        EmbeddingSketch d = day.sketch(c, g);
        EmbeddingSketch r = reference.profile().sketch(c, g);
        long rows = d.rows() + d.invalid();
        if (rows > 0) {
          findings.add(new QualityFinding(slices.get(g), columns.get(c), rows,
              Map.of(Measure.NULL_RATE, rate(d.invalid(), rows, r.invalid(), r.rows() + r.invalid()))));
        }
      }
    }
    return findings;
  }

  /**
   * The day's volume in every slice of the reference, a slice without rows that day included (the
   * slices only the day has are new values of a dimension, which the drift of that dimension shows).
   */
  public static List<VolumeFinding> volume(ReferenceProfile reference, Profile day) {
    List<VolumeFinding> findings = new ArrayList<>();
    reference.profile().slices().forEach((slice, ref) -> {
      SliceProfile today = day.slices().get(slice);
      findings.add(new VolumeFinding(slice, today == null ? 0 : today.rows(), ref.rows(), reference.window().days()));
    });
    return findings;
  }

  private static Rate rate(long count, long of, long refCount, long refOf) {
    return new Rate(count, of, refCount, refOf, Double.NaN);
  }
}
