package dev.driftline.bench;

import static org.apache.spark.sql.functions.col;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Histogram;
import com.amazon.deequ.analyzers.HistogramBinned;
import com.amazon.deequ.analyzers.runners.AnalysisRunBuilder;
import com.amazon.deequ.analyzers.runners.AnalysisRunner;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.BinData;
import com.amazon.deequ.metrics.Distribution;
import com.amazon.deequ.metrics.DistributionBinned;
import com.amazon.deequ.metrics.DistributionValue;
import com.amazon.deequ.metrics.Metric;
import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ColumnBins;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;
import scala.collection.JavaConverters;

/**
 * Amazon Deequ computing the same histograms: {@code HistogramBinned} on the reference cut points
 * per numeric column and {@code Histogram} per categorical column, one {@code AnalysisRunner} run
 * per slice group on the rows filtered to that group (Deequ has no group-by-slice). The slice
 * values come from one distinct query per dimension, as a user would find them. Frequencies are
 * asked as counts, which spares Deequ a row count per analyzer.
 */
final class DeequPath implements BenchPath {

  /** Deequ's label for null values in its histograms. */
  private static final String DEEQU_NULL = "NullValue";
  /** Deequ's cap on the values a Histogram reports; categorical cardinalities stay within it. */
  private static final int MAX_DETAIL_BINS = 1000;

  @Override
  public String name() {
    return "deequ";
  }

  @Override
  public String description() {
    return "Deequ 2.1.0 AnalysisRunner per slice group (filtered rows): HistogramBinned(custom edges) per "
        + "numeric column, Histogram per categorical column";
  }

  @Override
  public Outcome run(Prepared p) {
    ProfileLayout layout = p.layout();
    Dataset<Row> in = p.input();
    BinCounts out = new BinCounts(layout);
    profile(in, ProfileLayout.GLOBAL_SLICE, layout, out);
    for (int d = 0; d < layout.sliceKeys().size(); d++) {
      Column value = col("s" + d);
      List<String> vocabulary = layout.sliceVocabularies().get(d);
      Set<String> inVocabulary = new HashSet<>(vocabulary);
      boolean other = false;
      boolean nulls = false;
      for (Row r : in.select(value).distinct().collectAsList()) {
        nulls |= r.isNullAt(0);
        other |= !r.isNullAt(0) && !inVocabulary.contains(r.getString(0));
      }
      String key = layout.sliceKeys().get(d);
      for (String v : vocabulary) {
        profile(in.where(value.equalTo(v)), new Slice(key, v), layout, out);
      }
      if (other) {
        profile(in.where(value.isNotNull().and(functionsNot(value.isin(vocabulary.toArray())))),
            new Slice(key, ProfileLayout.OTHER_SLICE), layout, out);
      }
      if (nulls) {
        profile(in.where(value.isNull()), new Slice(key, ProfileLayout.NULL_SLICE), layout, out);
      }
    }
    return expected -> expected.difference(out);
  }

  private static Column functionsNot(Column c) {
    return org.apache.spark.sql.functions.not(c);
  }

  /** One Deequ run over a slice group's rows, its histograms added to {@code out}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void profile(Dataset<Row> rows, Slice slice, ProfileLayout layout, BinCounts out) {
    List<Analyzer> analyzers = new ArrayList<>();
    for (int c = 0; c < layout.columnCount(); c++) {
      analyzers.add(layout.bins(c) instanceof NumericBins bins ? binned("c" + c, bins)
          : new Histogram("c" + c, Option.empty(), MAX_DETAIL_BINS, Option.empty(), false, Histogram.Count$.MODULE$));
    }
    AnalysisRunBuilder builder = AnalysisRunner.onData(rows);
    for (Analyzer a : analyzers) {
      builder = builder.addAnalyzer(a);
    }
    AnalyzerContext context = builder.run();
    for (int c = 0; c < analyzers.size(); c++) {
      Option<Metric<?>> metric = context.metric(analyzers.get(c));
      if (metric.isEmpty() || metric.get().value().isFailure()) {
        throw new IllegalStateException("Deequ failed on " + slice + " column c" + c + ": "
            + (metric.isEmpty() ? "no metric" : metric.get().value().failed().get().getMessage()));
      }
      Object value = metric.get().value().get();
      ColumnBins bins = layout.bins(c);
      if (bins instanceof NumericBins numericBins) {
        addBinned(out, slice, c, numericBins, (DistributionBinned) value);
      } else {
        addCategories(out, slice, c, (CategoricalBins) bins, (Distribution) value);
      }
    }
  }

  /**
   * Deequ's bins are [e_i, e_i+1) with the last one closed, plus overflow bins when asked: with the
   * cuts and one more edge just above the last cut, (-inf, c0) and every [c_i, c_i+1) match
   * Driftline's bins and the last two Deequ bins together make Driftline's [c_last, +inf).
   */
  private static HistogramBinned binned(String column, NumericBins bins) {
    double[] cuts = bins.cuts();
    double[] edges = java.util.Arrays.copyOf(cuts, cuts.length + 1);
    edges[cuts.length] = Math.nextUp(cuts[cuts.length - 1]);
    return new HistogramBinned(column, Option.empty(), Option.apply(edges), true, Option.empty(), false,
        Histogram.Count$.MODULE$);
  }

  private static void addBinned(BinCounts out, Slice slice, int column, NumericBins bins, DistributionBinned d) {
    for (BinData bin : JavaConverters.seqAsJavaList(d.bins())) {
      int slot = bin.binStart() == Double.NEGATIVE_INFINITY ? 0 : bins.binOf(bin.binStart());
      out.add(slice, column, slot, bin.frequency());
    }
    out.add(slice, column, out.nullSlot(column), d.nullCount());
  }

  private static void addCategories(BinCounts out, Slice slice, int column, CategoricalBins bins, Distribution d) {
    Map<String, Integer> index = bins.index();
    for (Map.Entry<String, DistributionValue> e : JavaConverters.mapAsJavaMap(d.values()).entrySet()) {
      int slot = DEEQU_NULL.equals(e.getKey()) ? bins.nullBin() : index.getOrDefault(e.getKey(), bins.otherBin());
      out.add(slice, column, slot, e.getValue().absolute());
    }
  }
}
