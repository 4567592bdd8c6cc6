package dev.driftline.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.profile.Profile;
import dev.driftline.jobs.tables.ProfileRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.DriftFunctions;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ColumnBins;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The Spark paths: the scan limit, Driftline's profile scan, alternative aggregations (the udfs
 * module's SQL histogram builders, this module's vectorized UDAFs, built-in group-bys), the naive
 * one-query-per-histogram approach and the full nightly run. All read the day's profile input
 * (slice columns s0.., then numeric and categorical columns c0..).
 */
final class AggregationPaths {

  private AggregationPaths() {}

  static Map<String, BenchPath> all() {
    Map<String, BenchPath> paths = new LinkedHashMap<>();
    for (BenchPath p : List.of(new ScanLimit(), new ColumnarScanLimit(), SCAN_SQL, DRIFTLINE, DRIFTLINE_ROWS,
        VECTORIZED_UDAF, SQL_BUILDERS, LONG_FORMAT, NAIVE,
        new DeequPath(), FULL_RUN)) {
      paths.put(p.name(), p);
    }
    EmbeddingPaths.all().forEach(p -> paths.put(p.name(), p));
    return paths;
  }

  static final BenchPath SCAN_SQL = path("scan-sql",
      "Spark SQL agg of count and sum per column (strings: sum of lengths) over the profile input",
      p -> {
        Dataset<Row> in = p.input();
        List<Column> aggs = new ArrayList<>();
        int dims = p.layout().sliceKeys().size();
        int numeric = p.layout().numericBins().size();
        String[] names = in.columns();
        for (int i = 0; i < names.length; i++) {
          boolean isNumeric = i >= dims && i < dims + numeric;
          aggs.add(count(col(names[i])));
          aggs.add(sum(isNumeric ? col(names[i]) : length(col(names[i]))));
        }
        Row r = in.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).first();
        long[] nonNull = new long[names.length - dims];
        for (int c = 0; c < nonNull.length; c++) {
          nonNull[c] = r.getLong(2 * (dims + c));
        }
        return expected -> Arrays.equals(expected.globalNonNullCounts(), nonNull) ? null
            : "non-null counts " + Arrays.toString(nonNull) + ", expected " + Arrays.toString(expected.globalNonNullCounts());
      });

  static final BenchPath DRIFTLINE = path("driftline",
      "ProfileScan.scan on the reference layout, as the nightly job's profile step (column batches where the input has them)",
      p -> profile(p, ProfileScan.scan(p.input(), p.layout())));

  static final BenchPath DRIFTLINE_ROWS = path("driftline-rows",
      "ProfileScan.scanRows: the profile through Spark's rows, the path of inputs without column batches",
      p -> profile(p, ProfileScan.scanRows(p.input(), p.layout())));

  private static BenchPath.Outcome profile(Prepared p, ProfileAccumulator acc) {
    Profile.of(acc, p.spec().profiledColumns());
    return expected -> expected.difference(BinCounts.of(acc));
  }

  static final BenchPath VECTORIZED_UDAF = path("vectorized-udaf",
      "explode each row into its slice groups, groupBy group, NumericHistogramsAggregator + "
          + "CategoricalHistogramsAggregator over array(all columns)",
      p -> {
        ProfileLayout layout = p.layout();
        int numeric = layout.numericBins().size();
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)).as("rows"));
        aggs.add(NumericHistogramsAggregator.udaf(layout.numericBins()).apply(array(columns(p, 0, numeric))).as("n"));
        if (!layout.categoricalBins().isEmpty()) {
          aggs.add(CategoricalHistogramsAggregator.udaf(layout.categoricalBins())
              .apply(array(columns(p, numeric, layout.columnCount()))).as("c"));
        }
        List<Row> rows = explodedSlices(p).groupBy(col("slice.k"), col("slice.v"))
            .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(new Column[0])).collectAsList();
        BinCounts out = new BinCounts(layout);
        for (Row r : rows) {
          Slice slice = new Slice(r.getString(0), r.getString(1));
          List<Row> histograms = new ArrayList<>(r.getStruct(3).<Row>getList(0));
          if (!layout.categoricalBins().isEmpty()) {
            histograms.addAll(r.getStruct(4).getList(0));
          }
          for (int c = 0; c < histograms.size(); c++) {
            out.add(slice, c, HistogramRows.fromRow(histograms.get(c)));
          }
        }
        return expected -> expected.difference(out);
      });

  static final BenchPath SQL_BUILDERS = path("sql-builders",
      "explode slice groups, groupBy group, one dl_histogram / dl_category_histogram per column",
      p -> {
        ProfileLayout layout = p.layout();
        Column[] values = columns(p, 0, layout.columnCount());
        List<Column> aggs = new ArrayList<>();
        for (int c = 0; c < values.length; c++) {
          ColumnBins bins = layout.bins(c);
          aggs.add(bins instanceof NumericBins numericBins
              ? DriftFunctions.function("dl_histogram").apply(values[c], lit(numericBins.cuts()))
              : DriftFunctions.function("dl_category_histogram").apply(values[c],
                  lit(((CategoricalBins) bins).categories().toArray(new String[0]))));
        }
        List<Row> rows = explodedSlices(p).groupBy(col("slice.k"), col("slice.v"))
            .agg(count(lit(1)), aggs.toArray(new Column[0])).collectAsList();
        BinCounts out = new BinCounts(layout);
        for (Row r : rows) {
          Slice slice = new Slice(r.getString(0), r.getString(1));
          long groupRows = r.getLong(2);
          for (int c = 0; c < values.length; c++) {
            List<Long> counts = r.getList(3 + c);
            long binned = 0;
            for (int bin = 0; bin < counts.size(); bin++) {
              out.add(slice, c, bin, counts.get(bin));
              binned += counts.get(bin);
            }
            if (layout.bins(c) instanceof NumericBins) {
              // dl_histogram leaves nulls (and NaN, which the generator never writes) uncounted.
              out.add(slice, c, out.nullSlot(c), groupRows - binned);
            }
          }
        }
        return expected -> expected.difference(out);
      });

  static final BenchPath LONG_FORMAT = path("long-format",
      "CASE WHEN bin and group numbers, posexplode to (column, bin) x explode groups, groupBy + count "
          + "(all built-ins, whole-stage codegen)",
      p -> {
        ProfileLayout layout = p.layout();
        List<Column> groups = new ArrayList<>();
        groups.add(lit(0));
        for (int d = 0; d < layout.sliceKeys().size(); d++) {
          groups.add(SqlBins.sliceGroup(col("s" + d), layout, d));
        }
        List<Row> rows = p.input().select(array(groups.toArray(new Column[0])).as("g"), array(binColumns(p)).as("b"))
            .select(explode(col("g")).as("grp"), col("b"))
            .select(col("grp"), posexplode(col("b")))
            .groupBy("grp", "pos", "col").count()
            .collectAsList();
        List<Slice> slices = layout.slices();
        BinCounts out = new BinCounts(layout);
        for (Row r : rows) {
          out.add(slices.get(r.getInt(0)), r.getInt(1), r.getInt(2), r.getLong(3));
        }
        return expected -> expected.difference(out);
      });

  static final BenchPath NAIVE = path("naive",
      "one groupBy(slice value, CASE WHEN bin).count() query per column and slice dimension "
          + "(plus one per column for the global slice), folded to the vocabulary on the driver",
      p -> {
        ProfileLayout layout = p.layout();
        Dataset<Row> in = p.input();
        Column[] bins = binColumns(p);
        BinCounts out = new BinCounts(layout);
        for (int c = 0; c < bins.length; c++) {
          for (Row r : in.groupBy(bins[c].as("bin")).count().collectAsList()) {
            out.add(ProfileLayout.GLOBAL_SLICE, c, r.getInt(0), r.getLong(1));
          }
          for (int d = 0; d < layout.sliceKeys().size(); d++) {
            Set<String> vocabulary = new HashSet<>(layout.sliceVocabularies().get(d));
            for (Row r : in.groupBy(col("s" + d).as("v"), bins[c].as("bin")).count().collectAsList()) {
              Slice slice = new Slice(layout.sliceKeys().get(d), SqlBins.sliceValue(r.getString(0), vocabulary));
              out.add(slice, c, r.getInt(1), r.getLong(2));
            }
          }
        }
        return expected -> expected.difference(out);
      });

  static final BenchPath FULL_RUN = path("full-run",
      "new NightlyJob(spark, spec).run(day): find the stored reference, profile, profile the previous day "
          + "(the reference day, never run) from the log, drift metrics against reference and previous day, "
          + "Delta writes of feature_profiles, drift_metrics, data_quality and runs",
      p -> {
        NightlyJob job = new NightlyJob(p.spark(), p.spec());
        List<NightlyJob.DayResult> results =
            job.run(new DateRange(LogGenerator.DAY, LogGenerator.DAY), "run", false).days();
        return expected -> {
          if (!results.get(0).status().equals("succeeded")) {
            return "run status " + results.get(0).status();
          }
          List<Row> stored = job.warehouse().read(Table.FEATURE_PROFILES).orElseThrow()
              .where(col("ds").equalTo(lit(java.sql.Date.valueOf(LogGenerator.DAY)))).collectAsList();
          return expected.difference(BinCounts.of(p.layout(), ProfileRows.readDay(stored, p.spec().profiledColumns())));
        };
      });

  /** Each row once per slice group: the global group, then its group in every dimension. */
  static Dataset<Row> explodedSlices(Prepared p) {
    ProfileLayout layout = p.layout();
    List<Column> slices = new ArrayList<>();
    slices.add(struct(lit(ProfileLayout.GLOBAL).as("k"), lit(ProfileLayout.GLOBAL).as("v")));
    for (int d = 0; d < layout.sliceKeys().size(); d++) {
      slices.add(struct(lit(layout.sliceKeys().get(d)).as("k"),
          SqlBins.sliceValue(col("s" + d), layout.sliceVocabularies().get(d)).as("v")));
    }
    Dataset<Row> in = p.input();
    List<Column> out = new ArrayList<>();
    out.add(explode(array(slices.toArray(new Column[0]))).as("slice"));
    for (String name : in.columns()) {
      if (name.startsWith("c")) {
        out.add(col(name));
      }
    }
    return in.select(out.toArray(new Column[0]));
  }

  /** Profile columns from..to (numeric first, then categorical) of the input. */
  static Column[] columns(Prepared p, int from, int to) {
    Column[] out = new Column[to - from];
    for (int c = from; c < to; c++) {
      out[c - from] = col("c" + c);
    }
    return out;
  }

  /** The bin (slot) of every profiled column as a CASE WHEN expression. */
  static Column[] binColumns(Prepared p) {
    ProfileLayout layout = p.layout();
    Column[] out = new Column[layout.columnCount()];
    for (int c = 0; c < out.length; c++) {
      ColumnBins bins = layout.bins(c);
      out[c] = bins instanceof NumericBins numericBins ? SqlBins.numericBin(col("c" + c), numericBins)
          : SqlBins.categoricalBin(col("c" + c), (CategoricalBins) bins);
    }
    return out;
  }

  interface Body {
    BenchPath.Outcome run(Prepared p);
  }

  static BenchPath path(String name, String description, Body body) {
    return new BenchPath() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public Outcome run(Prepared prepared) {
        return body.run(prepared);
      }
    };
  }
}
