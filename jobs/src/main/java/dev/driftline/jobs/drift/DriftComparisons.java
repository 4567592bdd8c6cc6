package dev.driftline.jobs.drift;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.decision.DriftFinding;
import dev.driftline.jobs.decision.DriftFinding.Comparison;
import dev.driftline.jobs.decision.DriftPolicy;
import dev.driftline.jobs.decision.TestFamily;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A day's drift findings: every column in every slice against the reference and against the
 * previous day, with each family's chi-square p-values adjusted together. Pure computation on
 * histograms: the day's rows were read once by the profile scan.
 */
public final class DriftComparisons {

  private final JobSpec spec;
  private final ReferenceProfile reference;
  private final DriftPolicy policy;
  /** Each column's bin labels, formatted once: a backfill day has hundreds of slices per column. */
  private final List<List<String>> binLabels;

  public DriftComparisons(JobSpec spec, ReferenceProfile reference, DriftPolicy policy) {
    this.spec = spec;
    this.reference = reference;
    this.policy = policy;
    this.binLabels = IntStream.range(0, reference.profile().columns().size())
        .mapToObj(c -> Collections.unmodifiableList(reference.layout().bins(c).labels())).toList();
  }

  /**
   * BASELINE findings for every slice seen in the reference or the day (a slice gone quiet shows
   * up with n_cur = 0), then CONSECUTIVE ones for the slices of the day when a previous day is
   * given.
   */
  public List<DriftFinding> compare(LocalDate ds, Profile day, Map<Slice, SliceProfile> previousDay) {
    List<DriftFinding> baseline = new ArrayList<>();
    Set<Slice> slices = new LinkedHashSet<>(reference.profile().slices().keySet());
    slices.addAll(day.slices().keySet());
    String window = reference.window().toString();
    for (Slice slice : slices) {
      SliceProfile today = day.slices().get(slice);
      for (int c = 0; c < day.columns().size(); c++) {
        Histogram ref = reference.histogram(slice, c);
        Histogram cur = today == null ? new Histogram(ref.bins()) : today.histograms()[c];
        baseline.add(finding(Comparison.BASELINE, window, slice, c, ref, cur));
      }
    }
    List<DriftFinding> consecutive = new ArrayList<>();
    if (previousDay != null) {
      String yesterday = ds.minusDays(1).toString();
      day.slices().forEach((slice, today) -> {
        SliceProfile prev = previousDay.get(slice);
        for (int c = 0; c < day.columns().size(); c++) {
          Histogram cur = today.histograms()[c];
          Histogram before = prev == null ? new Histogram(cur.bins()) : prev.histograms()[c];
          consecutive.add(finding(Comparison.CONSECUTIVE, yesterday, slice, c, before, cur));
        }
      });
    }
    List<DriftFinding> findings = new ArrayList<>(adjusted(baseline));
    findings.addAll(adjusted(consecutive));
    return findings;
  }

  private DriftFinding finding(Comparison kind, String comparedTo, Slice slice, int c, Histogram ref, Histogram cur) {
    boolean numeric = reference.profile().columns().get(c).kind() == Kind.NUMERIC;
    double refStddev = reference.histogram(slice, c).stddev();
    BinnedPair pair = numeric ? BinnedPair.numeric(ref, cur, reference.points(slice, c), refStddev, spec.smoothing())
        : new BinnedPair(ref.counts(), cur.counts(), null, refStddev, spec.smoothing());
    return new DriftFinding(kind, comparedTo, slice, reference.profile().columns().get(c),
        binLabels.get(c), ref, cur,
        DriftSummary.of(pair), Double.NaN);
  }

  /**
   * The findings with their chi-square p-values adjusted across one day's comparisons of one kind
   * (the family alerting tests at once); comparisons with too few rows are not tested and stay
   * out of it.
   */
  private List<DriftFinding> adjusted(List<DriftFinding> family) {
    return TestFamily.adjusted(family, f -> policy.enoughRows(f.summary()) ? f.value(DriftMeasure.CHI2_P_VALUE)
        : Double.NaN, DriftFinding::withPAdjusted, spec.pValueAdjustment());
  }
}
