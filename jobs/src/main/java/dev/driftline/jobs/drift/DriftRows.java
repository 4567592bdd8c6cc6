package dev.driftline.jobs.drift;

import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.jobs.tables.RowBuilder;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.DriftMetrics;
import dev.driftline.udfs.math.DriftSummary;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.MultipleTesting;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns a day's profile into {@code drift_metrics} rows (against the reference and against the
 * previous day) and {@code data_quality} rows. Pure computation on histograms: the day's rows were
 * read once by the profile scan, and nothing here touches Spark data.
 */
public final class DriftRows {

  public static final String BASELINE = "BASELINE";
  public static final String CONSECUTIVE = "CONSECUTIVE";

  private final JobSpec spec;
  private final ReferenceProfile reference;
  private final String runId;

  public DriftRows(JobSpec spec, ReferenceProfile reference, String runId) {
    this.spec = spec;
    this.reference = reference;
    this.runId = runId;
  }

  /**
   * BASELINE rows for every slice seen in the reference or the day (a slice gone quiet shows up
   * with n_cur = 0), and CONSECUTIVE rows for the slices of the day when a previous day is given.
   */
  public List<Row> driftRows(LocalDate ds, Profile day, Map<Slice, SliceProfile> previousDay) {
    List<Comparison> baseline = new ArrayList<>();
    Set<Slice> slices = new LinkedHashSet<>(reference.profile().slices().keySet());
    slices.addAll(day.slices().keySet());
    String window = reference.window().toString();
    for (Slice slice : slices) {
      for (int c = 0; c < day.columns().size(); c++) {
        Histogram ref = reference.histogram(slice, c);
        baseline.add(compare(BASELINE, window, slice, c, ref, current(day.slices().get(slice), c, ref.bins())));
      }
    }
    List<Comparison> consecutive = new ArrayList<>();
    if (previousDay != null) {
      String yesterday = ds.minusDays(1).toString();
      for (Map.Entry<Slice, SliceProfile> e : day.slices().entrySet()) {
        SliceProfile prev = previousDay.get(e.getKey());
        for (int c = 0; c < day.columns().size(); c++) {
          Histogram cur = e.getValue().histograms()[c];
          Histogram before = prev == null ? new Histogram(cur.bins()) : prev.histograms()[c];
          consecutive.add(compare(CONSECUTIVE, yesterday, e.getKey(), c, before, cur));
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    for (List<Comparison> family : List.of(baseline, consecutive)) {
      double[] adjusted = adjustedPValues(family);
      for (int i = 0; i < family.size(); i++) {
        rows.add(row(ds, family.get(i), adjusted[i]));
      }
    }
    return rows;
  }

  /** One column in one slice against its reference or previous day. */
  private record Comparison(String kind, String comparedTo, Slice slice, int column, Histogram ref, Histogram cur,
      DriftSummary summary) {}

  private Comparison compare(String kind, String comparedTo, Slice slice, int c, Histogram ref, Histogram cur) {
    boolean numeric = reference.profile().columns().get(c).kind() == Kind.NUMERIC;
    DriftSummary s = DriftSummary.of(ref.counts(), cur.counts(), numeric ? reference.points(slice, c) : null,
        reference.histogram(slice, c).stddev(), spec.smoothing());
    return new Comparison(kind, comparedTo, slice, c, ref, cur, s);
  }

  /**
   * The chi-square p-values adjusted across one day's comparisons of one kind (the family that
   * alerting tests at once); comparisons with too few rows are not tested and stay out of it.
   */
  private double[] adjustedPValues(List<Comparison> family) {
    double[] p = new double[family.size()];
    for (int i = 0; i < p.length; i++) {
      DriftSummary s = family.get(i).summary();
      p[i] = Severity.enoughRows(s, spec) ? s.chiSquarePValue() : Double.NaN;
    }
    return spec.pValueAdjustment() == JobSpec.PValueAdjustment.NONE ? p : MultipleTesting.benjaminiHochberg(p);
  }

  private static Histogram current(SliceProfile p, int column, int bins) {
    return p == null ? new Histogram(bins) : p.histograms()[column];
  }

  private Row row(LocalDate ds, Comparison comparison, double adjustedPValue) {
    int c = comparison.column();
    Slice slice = comparison.slice();
    DriftSummary s = comparison.summary();
    MonitoredColumn column = reference.profile().columns().get(c);
    boolean numeric = column.kind() == Kind.NUMERIC;
    long[] r = comparison.ref().counts();
    long[] q = comparison.cur().counts();
    Severity.Assessment a = Severity.assess(s, adjustedPValue, spec);
    List<String> labels = labels(c);
    double[] p = DriftMetrics.rawShares(r);
    double[] qs = DriftMetrics.rawShares(q);
    double[] contributions = DriftMetrics.psiContributions(r, q, spec.smoothing());
    List<Row> top = new ArrayList<>();
    for (int bin : s.topBins()) {
      top.add(RowFactory.create(bin, labels.get(bin), nanToZero(p[bin]), nanToZero(qs[bin]), contributions[bin]));
    }
    return RowBuilder.of(Table.DRIFT_METRICS)
        .set("model", spec.model()).set("ds", ds).set("run_id", runId)
        .set("reference_id", reference.referenceId())
        .set("comparison", comparison.kind()).set("compared_to", comparison.comparedTo())
        .set("slice_key", slice.key()).set("slice_value", slice.value())
        .set("column_name", column.name())
        .set("column_kind", column.kind().name().toLowerCase(Locale.ROOT))
        .set("column_role", column.role().name().toLowerCase(Locale.ROOT))
        .set("n_ref", s.nRef()).set("n_cur", s.nCur()).set("nonempty_bins", s.nonEmptyBins())
        .set("psi", s.psi()).set("psi_p_value", s.psiPValue()).set("expected_psi", s.expectedPsi())
        .set("kl", s.kl()).set("js_divergence", s.jsDivergence()).set("js_distance", s.jsDistance())
        .set("hellinger", s.hellinger()).set("tv", s.tv()).set("l_infinity", s.linf())
        .set("ks_statistic", s.ksStatistic()).set("wasserstein", s.wasserstein())
        .set("wasserstein_normalized", s.normalizedWasserstein())
        .set("chi2_statistic", s.chiSquareStatistic()).set("chi2_p_value", s.chiSquarePValue())
        .set("chi2_p_adjusted", adjustedPValue)
        .set("g_statistic", s.gStatistic()).set("g_p_value", s.gPValue())
        .set("mean_ref", numeric ? comparison.ref().mean() : Double.NaN)
        .set("mean_cur", numeric ? comparison.cur().mean() : Double.NaN)
        .set("top_bins", top)
        .set("severity", a.severity().key()).set("severity_metric", a.metric())
        .set("severity_threshold", a.threshold()).set("severity_reason", a.reason())
        .build();
  }

  /** {@code data_quality} rows of the day: one per slice and column. */
  public List<Row> qualityRows(LocalDate ds, Profile day) {
    List<Row> rows = new ArrayList<>();
    int numericCount = day.layout().numericBins().size();
    long windowDays = reference.window().days();
    day.slices().forEach((slice, p) -> {
      for (int c = 0; c < day.columns().size(); c++) {
        MonitoredColumn column = day.columns().get(c);
        Histogram h = p.histograms()[c];
        Histogram ref = reference.histogram(slice, c);
        long refRows = reference.rows(slice);
        double rowsD = p.rows();
        RowBuilder b = RowBuilder.of(Table.DATA_QUALITY)
            .set("model", spec.model()).set("ds", ds).set("run_id", runId)
            .set("slice_key", slice.key()).set("slice_value", slice.value())
            .set("column_name", column.name())
            .set("column_kind", column.kind().name().toLowerCase(Locale.ROOT))
            .set("column_role", column.role().name().toLowerCase(Locale.ROOT))
            .set("rows", p.rows())
            .set("nan_rate", h.nans() / rowsD)
            .set("infinity_rate", (h.negInfinities() + h.posInfinities()) / rowsD)
            .set("volume_ratio", refRows == 0 ? Double.NaN : p.rows() / (refRows / (double) windowDays));
        long[] counts = h.counts();
        if (c < numericCount) {
          b.set("null_rate", h.nulls() / rowsD)
              .set("ref_null_rate", refRows == 0 ? Double.NaN : ref.nulls() / (double) refRows)
              .set("out_of_range_rate", ref.finiteCount() == 0 || h.binnedTotal() == 0 ? Double.NaN
                  : (counts[0] + counts[counts.length - 1]) / (double) h.binnedTotal());
        } else {
          CategoricalBins bins = day.layout().categoricalBins().get(c - numericCount);
          long nulls = counts[bins.nullBin()];
          long nonNull = p.rows() - nulls;
          b.set("null_rate", nulls / rowsD)
              .set("ref_null_rate", refRows == 0 ? Double.NaN : ref.counts()[bins.nullBin()] / (double) refRows)
              .set("unseen_category_rate", nonNull == 0 ? Double.NaN : counts[bins.otherBin()] / (double) nonNull);
        }
        rows.add(b.build());
      }
    });
    return rows;
  }

  private List<String> labels(int column) {
    ProfileLayout layout = reference.layout();
    int numericCount = layout.numericBins().size();
    return column < numericCount ? layout.numericBins().get(column).labels()
        : layout.categoricalBins().get(column - numericCount).labels();
  }

  private static double nanToZero(double x) {
    return Double.isNaN(x) ? 0 : x;
  }
}
