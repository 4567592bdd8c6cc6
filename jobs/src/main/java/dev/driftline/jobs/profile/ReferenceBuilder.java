package dev.driftline.jobs.profile;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.QuantileScan;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Builds the reference profile of a window: first the bins (numeric cut points at the window's
 * quantiles, the top categories, the top slice values), then every histogram on those bins in the
 * same one-pass scan the nightly run uses.
 */
public final class ReferenceBuilder {

  /** Rank error of the quantiles: 1/accuracy of the rows, far below a bin's width at 10 bins. */
  private static final int QUANTILE_ACCURACY = 10_000;

  private ReferenceBuilder() {}

  /** Fingerprint of everything that defines a reference before its contents are known. */
  public static String specFingerprint(JobSpec spec, PredictionLog log, DateRange window) {
    Fingerprint f = new Fingerprint().add("reference/1").add(spec.model()).add(log.describe()).add(window);
    spec.profiledColumns().forEach(c -> f.add(c.name()).add(c.spec().expression()).add(c.kind()));
    spec.sliceDimensions().forEach(s -> f.add("slice").add(s.name()).add(s.expression()));
    return f.add(spec.bins()).add(spec.maxCategories()).add(spec.maxSliceValues()).id();
  }

  public static ReferenceProfile build(JobSpec spec, PredictionLog log, DateRange window) {
    return build(spec, log.profileInput(window), window, specFingerprint(spec, log, window), log.inputSchema());
  }

  /**
   * The reference of {@code window} without the rows of day {@code excluded}: what {@code tune}
   * compares that day with when it replays the window. Never stored; its fingerprints name the
   * excluded day, so it is never taken for the whole window's reference.
   */
  public static ReferenceProfile buildWithout(JobSpec spec, PredictionLog log, DateRange window, LocalDate excluded) {
    String specFingerprint = new Fingerprint().add(specFingerprint(spec, log, window)).add("without")
        .add(excluded).id();
    return build(spec, log.profileInputWithout(window, excluded), window, specFingerprint, log.inputSchema());
  }

  private static ReferenceProfile build(JobSpec spec, Dataset<Row> rows, DateRange window, String specFingerprint,
      Map<String, String> inputSchema) {
    ProfileLayout layout = layout(spec, rows);
    Profile profile = Profile.of(ProfileScan.scan(rows, layout), spec.profiledColumns());
    return new ReferenceProfile(contentId(specFingerprint, profile), specFingerprint, window, profile, inputSchema);
  }

  /** The reference id: the spec plus every bin and count, so equal contents give equal ids. */
  static String contentId(String specFingerprint, Profile profile) {
    Fingerprint f = new Fingerprint().add(specFingerprint);
    profile.layout().numericBins().forEach(b -> f.add(Arrays.toString(b.cuts())));
    profile.layout().categoricalBins().forEach(b -> f.add(b.categories()));
    profile.slices().forEach((slice, p) -> {
      f.add(slice).add(p.rows());
      for (Histogram h : p.histograms()) {
        f.add(Arrays.toString(h.counts())).add(h.nulls()).add(h.nans());
      }
    });
    return f.id();
  }

  private static ProfileLayout layout(JobSpec spec, Dataset<Row> rows) {
    List<MonitoredColumn> numeric = spec.numericColumns();
    List<MonitoredColumn> categorical = spec.categoricalColumns();
    List<ColumnSpec> slices = spec.sliceDimensions();

    List<NumericBins> numericBins = new ArrayList<>();
    if (!numeric.isEmpty()) {
      Column[] columns = new Column[numeric.size()];
      for (int i = 0; i < numeric.size(); i++) {
        columns[i] = col(rows.columns()[slices.size() + i]);
      }
      QuantileScan.scan(rows.select(columns), NumericBins.quantileProbabilities(spec.bins()), 1.0 / QUANTILE_ACCURACY)
          .forEach(q -> numericBins.add(binsFrom(q)));
    }

    Map<Integer, List<String>> topValues = topValues(rows, numeric.size(), categorical.size(), slices.size(),
        spec.maxCategories(), spec.maxSliceValues());
    List<CategoricalBins> categoricalBins = new ArrayList<>();
    for (int i = 0; i < categorical.size(); i++) {
      categoricalBins.add(new CategoricalBins(topValues.getOrDefault(slices.size() + i, List.of())));
    }
    List<List<String>> vocabularies = new ArrayList<>();
    for (int d = 0; d < slices.size(); d++) {
      vocabularies.add(topValues.getOrDefault(d, List.of()).stream().sorted().toList());
    }
    return new ProfileLayout(numericBins, categoricalBins, slices.stream().map(ColumnSpec::name).toList(), vocabularies);
  }

  /**
   * Cut points at the quantiles, plus the reference minimum and just above its maximum: the two
   * outer bins then hold exactly the values outside the reference range (empty in the reference),
   * which is what the out-of-range rate reads and what a shift beyond the reference shows up in.
   */
  private static NumericBins binsFrom(Optional<QuantileScan.Quantiles> stats) {
    if (stats.isEmpty()) {
      return new NumericBins(new double[0]);
    }
    double[] quantiles = stats.get().values();
    double[] candidates = Arrays.copyOf(quantiles, quantiles.length + 2);
    candidates[quantiles.length] = stats.get().min();
    candidates[quantiles.length + 1] = Math.nextUp(stats.get().max());
    return NumericBins.fromCandidates(candidates);
  }

  /**
   * The most frequent values of every slice dimension and categorical column in one pass: ties by
   * value, so the same window always gives the same vocabulary. Keys: slice dimension d is d,
   * categorical column i is (dimensions + i).
   */
  private static Map<Integer, List<String>> topValues(Dataset<Row> rows, int numericCount, int categoricalCount,
      int dimensions, int maxCategories, int maxSliceValues) {
    if (dimensions + categoricalCount == 0) {
      return Map.of();
    }
    String[] names = rows.columns();
    List<Column> pairs = new ArrayList<>();
    for (int d = 0; d < dimensions; d++) {
      pairs.add(struct(lit(d).as("k"), col(names[d]).as("v")));
    }
    for (int i = 0; i < categoricalCount; i++) {
      pairs.add(struct(lit(dimensions + i).as("k"), col(names[dimensions + numericCount + i]).as("v")));
    }
    Dataset<Row> counts = rows.select(explode(array(pairs.toArray(new Column[0]))).as("p"))
        .where(col("p.v").isNotNull())
        .groupBy(col("p.k").as("k"), col("p.v").as("v"))
        .agg(count(lit(1)).as("n"));
    Dataset<Row> top = counts
        .withColumn("rank", row_number().over(Window.partitionBy("k").orderBy(col("n").desc(), col("v").asc())))
        .where(col("rank").leq(when(col("k").lt(dimensions), lit(maxSliceValues)).otherwise(lit(maxCategories))))
        .orderBy("k", "rank");
    Map<Integer, List<String>> out = new HashMap<>();
    for (Row r : top.collectAsList()) {
      out.computeIfAbsent(r.getInt(0), k -> new ArrayList<>()).add(r.getString(1));
    }
    return out;
  }
}
