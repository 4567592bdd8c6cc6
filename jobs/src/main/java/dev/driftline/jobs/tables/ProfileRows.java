package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.profile.ReferenceProfile;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ColumnBins;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Profiles to and from the rows of {@code reference_profiles} and {@code feature_profiles}. */
public final class ProfileRows {

  private ProfileRows() {}

  public static List<Row> referenceRows(ReferenceProfile ref, String model, String runId, Instant createdAt) {
    List<Row> rows = new ArrayList<>();
    ProfileLayout layout = ref.layout();
    ref.profile().slices().forEach((slice, p) -> {
      for (int c = 0; c < ref.profile().columns().size(); c++) {
        MonitoredColumn column = ref.profile().columns().get(c);
        ColumnBins bins = layout.bins(c);
        RowBuilder b = histogramRow(Table.REFERENCE_PROFILES, model, ref.window().end(), runId, slice, column, p, c)
            .set("reference_id", ref.referenceId())
            .set("spec_fingerprint", ref.specFingerprint())
            .set("window_start", ref.window().start())
            .set("window_end", ref.window().end())
            .set("bin_cuts", bins instanceof NumericBins n ? n.cuts() : new double[0])
            .set("categories", bins instanceof CategoricalBins categorical ? categorical.categories() : List.of())
            .set("bin_labels", bins.labels())
            .set("bin_points", bins instanceof NumericBins ? ref.points(slice, c) : new double[0])
            .set("input_schema", slice.equals(ProfileLayout.GLOBAL_SLICE) ? ref.inputSchema() : null)
            .set("created_at", createdAt);
        rows.add(b.build());
      }
    });
    return rows;
  }

  public static List<Row> dayRows(Profile day, String referenceId, String model, LocalDate ds, String runId) {
    List<Row> rows = new ArrayList<>();
    day.slices().forEach((slice, p) -> {
      for (int c = 0; c < day.columns().size(); c++) {
        rows.add(histogramRow(Table.FEATURE_PROFILES, model, ds, runId, slice, day.columns().get(c), p, c)
            .set("reference_id", referenceId).build());
      }
    });
    return rows;
  }

  private static RowBuilder histogramRow(Table table, String model, LocalDate ds, String runId, Slice slice,
      MonitoredColumn column, SliceProfile p, int c) {
    Histogram h = p.histograms()[c];
    return RowBuilder.of(table)
        .set("model", model).set("ds", ds).set("run_id", runId)
        .set("slice_key", slice.key()).set("slice_value", slice.value())
        .set("column_name", column.name())
        .set("column_kind", column.kind().name().toLowerCase(Locale.ROOT))
        .set("column_role", column.role().name().toLowerCase(Locale.ROOT))
        .set("counts", h.counts()).set("bin_sums", h.sums()).set("rows", p.rows())
        .set("nulls", h.nulls()).set("nans", h.nans())
        .set("neg_infinities", h.negInfinities()).set("pos_infinities", h.posInfinities())
        .set("finite_count", h.finiteCount()).set("mean", h.mean()).set("variance", h.variance())
        .set("min", h.min()).set("max", h.max());
  }

  /**
   * The reference stored for a spec fingerprint, if any. Its layout is rebuilt from the global
   * rows' bins and the slice values present (sorted, as the builder sorts them), its histograms
   * from the counts.
   */
  public static Optional<ReferenceProfile> readReference(Dataset<Row> table, String model, String specFingerprint,
      DateRange window, List<MonitoredColumn> columns, List<String> sliceKeys) {
    List<Row> rows = table.where(col("model").equalTo(lit(model))
            .and(col("spec_fingerprint").equalTo(lit(specFingerprint)))
            .and(col("ds").equalTo(lit(java.sql.Date.valueOf(window.end())))))
        .collectAsList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    int numericCount = (int) columns.stream().filter(c -> c.kind() == Kind.NUMERIC).count();
    NumericBins[] numeric = new NumericBins[numericCount];
    CategoricalBins[] categorical = new CategoricalBins[columns.size() - numericCount];
    Map<String, TreeSet<String>> sliceValues = new HashMap<>();
    Map<String, Integer> columnIndex = columnIndex(columns);
    for (Row r : rows) {
      String key = r.getAs("slice_key");
      String value = r.getAs("slice_value");
      Integer c = columnIndex.get(r.<String>getAs("column_name"));
      if (key.equals(ProfileLayout.GLOBAL) && c != null) {
        if (c < numericCount) {
          numeric[c] = new NumericBins(r.getList(r.fieldIndex("bin_cuts")).stream().mapToDouble(x -> (Double) x).toArray());
        } else {
          categorical[c - numericCount] = new CategoricalBins(r.getList(r.fieldIndex("categories")));
        }
      } else if (!value.equals(ProfileLayout.OTHER_SLICE) && !value.equals(ProfileLayout.NULL_SLICE)) {
        sliceValues.computeIfAbsent(key, k -> new TreeSet<>()).add(value);
      }
    }
    List<List<String>> vocabularies = sliceKeys.stream()
        .map(k -> List.copyOf(sliceValues.getOrDefault(k, new TreeSet<>()))).toList();
    ProfileLayout layout = new ProfileLayout(List.of(numeric), List.of(categorical), sliceKeys, vocabularies);
    Profile profile = new Profile(layout, columns, readDay(rows, columns));
    Map<String, String> inputSchema = new java.util.TreeMap<>();
    rows.stream().filter(r -> r.getAs("slice_key").equals(ProfileLayout.GLOBAL) && !r.isNullAt(r.fieldIndex("input_schema")))
        .findFirst().ifPresent(r -> inputSchema.putAll(r.<String, String>getJavaMap(r.fieldIndex("input_schema"))));
    return Optional.of(new ReferenceProfile(rows.get(0).getAs("reference_id"), specFingerprint, window, profile,
        inputSchema));
  }

  /** Histograms of a stored day keyed by slice, in the given column order; empty when none. */
  public static Map<Slice, SliceProfile> readDay(List<Row> rows, List<MonitoredColumn> columns) {
    Map<String, Integer> columnIndex = columnIndex(columns);
    Map<Slice, Histogram[]> histograms = new TreeMap<>(java.util.Comparator.comparing(Slice::key).thenComparing(Slice::value));
    Map<Slice, Long> sliceRows = new HashMap<>();
    for (Row r : rows) {
      Integer c = columnIndex.get(r.<String>getAs("column_name"));
      if (c == null) {
        continue;
      }
      Slice slice = new Slice(r.getAs("slice_key"), r.getAs("slice_value"));
      histograms.computeIfAbsent(slice, s -> new Histogram[columns.size()])[c] = histogram(r);
      sliceRows.put(slice, r.getAs("rows"));
    }
    Map<Slice, SliceProfile> out = new LinkedHashMap<>();
    histograms.forEach((slice, hs) -> out.put(slice, new SliceProfile(sliceRows.get(slice), hs)));
    return out;
  }

  private static Map<String, Integer> columnIndex(List<MonitoredColumn> columns) {
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < columns.size(); c++) {
      index.put(columns.get(c).name(), c);
    }
    return index;
  }

  static Histogram histogram(Row r) {
    long[] counts = r.getList(r.fieldIndex("counts")).stream().mapToLong(x -> (Long) x).toArray();
    double[] sums = r.getList(r.fieldIndex("bin_sums")).stream().mapToDouble(x -> (Double) x).toArray();
    return Histogram.of(counts, sums, r.getAs("nulls"), r.getAs("nans"), r.getAs("neg_infinities"),
        r.getAs("pos_infinities"), r.getAs("finite_count"), orNaN(r, "mean"), orNaN(r, "variance"),
        orNaN(r, "min"), orNaN(r, "max"));
  }

  private static double orNaN(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? Double.NaN : (Double) v;
  }
}
