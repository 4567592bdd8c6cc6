package dev.driftline.udfs;

import dev.driftline.udfs.math.DriftMetrics;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * Driftline's SQL functions. {@link #register(SparkSession)} makes them callable from
 * {@code spark.sql}, notebooks and warehouse SQL; {@link #function(String)} hands the same
 * functions to the DataFrame API; {@link #NAMES} lists them. Every formula is
 * {@link DriftMetrics}' (natural logarithms; PSI and KL smoothed with pseudo-count
 * {@value DriftMetrics#DEFAULT_SMOOTHING}); README.md defines them (How it works, Metrics).
 *
 * <h2>Scalar functions over count arrays</h2>
 *
 * <p>{@code ref} and {@code cur} hold the counts of a reference and a current histogram on the
 * same bins, as {@code ARRAY<BIGINT>} (INT, SMALLINT and TINYINT arrays are accepted too). Each
 * function returns {@code DOUBLE}.
 *
 * <ul>
 *   <li>{@code dl_psi(ref, cur)}: population stability index.
 *   <li>{@code dl_kl(ref, cur)}: KL divergence of the current from the reference, KL(cur || ref).
 *   <li>{@code dl_psi_smoothed(ref, cur, a DOUBLE)}, {@code dl_kl_smoothed(ref, cur, a DOUBLE)}:
 *       the same with pseudo-count {@code a >= 0}; 0 gives the textbook formulas, which are
 *       Infinity when a bin is empty on one side only.
 *   <li>{@code dl_js_distance(ref, cur)}: Jensen-Shannon distance, base e (SciPy's
 *       {@code jensenshannon}); {@code dl_js_divergence(ref, cur)}: its square.
 *   <li>{@code dl_hellinger(ref, cur)}, {@code dl_tv(ref, cur)}, {@code dl_linf(ref, cur)}:
 *       Hellinger, total variation and L-infinity distances between the shares.
 *   <li>{@code dl_ks_stat(ref, cur)}: Kolmogorov-Smirnov statistic on bins, array position being
 *       bin order; biased low compared with the KS statistic of the raw values.
 *   <li>{@code dl_wasserstein(points ARRAY<DOUBLE>, ref, cur)}: Wasserstein-1 distance with bin
 *       i at {@code points[i]}; points are finite, in any order.
 *   <li>{@code dl_chi2_stat(ref, cur)}, {@code dl_chi2_pvalue(ref, cur)}, {@code dl_g_stat(ref,
 *       cur)}, {@code dl_g_pvalue(ref, cur)}: chi-square and G homogeneity tests on the bins
 *       non-empty on either side (SciPy's {@code chi2_contingency} without correction); with a
 *       single such bin the statistic is 0 and the p-value 1.
 *   <li>{@code dl_psi_pvalue(ref, cur)}: p-value of the PSI under no drift, from
 *       PSI / (1/n + 1/m) ~ chi2(B' - 1), B' the bins non-empty on either side.
 *   <li>{@code dl_expected_psi(ref, cur)}: the PSI that chance alone gives,
 *       (B' - 1)(1/n + 1/m): the noise floor of a slice this size.
 * </ul>
 *
 * <p><b>NULL</b> when any argument is NULL, or when either histogram's total is 0 (nothing to
 * compare). <b>Errors</b> (the query fails; in the cause chain of Spark's exception is an
 * {@link IllegalArgumentException} whose message starts with the function's name): arrays of
 * different lengths (the message gives both), empty arrays, a NULL element (a broken histogram,
 * deliberately not read as 0), a negative count, a non-integer element type, a negative or
 * non-finite {@code a}, a NULL or non-finite point.
 *
 * <h2>Metric aggregates over long-format histogram rows</h2>
 *
 * <p>One row per bin, grouped by whatever identifies a histogram pair (for example the feature);
 * counts are BIGINT. The rows may arrive in any order and partitioning: order-free metrics sort
 * their rows before computing, so not even rounding depends on the layout. Each returns
 * {@code DOUBLE}.
 *
 * <ul>
 *   <li>{@code dl_psi_agg(ref_count, cur_count)}, and likewise {@code dl_kl_agg},
 *       {@code dl_js_distance_agg}, {@code dl_js_divergence_agg}, {@code dl_hellinger_agg},
 *       {@code dl_tv_agg}, {@code dl_linf_agg}, {@code dl_chi2_stat_agg},
 *       {@code dl_chi2_pvalue_agg}, {@code dl_g_stat_agg}, {@code dl_g_pvalue_agg},
 *       {@code dl_psi_pvalue_agg}, {@code dl_expected_psi_agg}: the scalar function of the same
 *       name over the group's bins.
 *   <li>{@code dl_ks_stat_agg(bin_index BIGINT, ref_count, cur_count)}: bins in increasing
 *       {@code bin_index}; gaps are allowed.
 *   <li>{@code dl_wasserstein_agg(point DOUBLE, ref_count, cur_count)}: each bin at its
 *       {@code point}.
 * </ul>
 *
 * <p>A NULL count is read as 0: that is what a full outer join of reference and current bins
 * leaves for a bin seen on one side only. Rows sharing a {@code bin_index} or {@code point} are
 * one bin, their counts added up. <b>NULL</b> for a group without rows or with a zero total on
 * either side. <b>Errors</b>: a NULL {@code bin_index} or {@code point}, a negative count, a
 * non-finite point.
 *
 * <h2>Histogram builders</h2>
 *
 * <ul>
 *   <li>{@code dl_histogram(value DOUBLE, cuts ARRAY<DOUBLE>)} returns {@code ARRAY<BIGINT>}:
 *       {@code size(cuts) + 1} counts on the bins (-inf, c0), [c0, c1), ..., [c(k-1), +inf). A
 *       value equal to a cut point falls in the bin that starts there and +/-Infinity in the
 *       outer bins; NULL and NaN values are not counted. The cuts must be finite and strictly
 *       increasing.
 *   <li>{@code dl_category_histogram(value STRING, categories ARRAY<STRING>)} returns
 *       {@code ARRAY<BIGINT>}: {@code size(categories) + 2} counts, one per category in the given
 *       order, then OTHER (values not listed) and NULL. The categories must be distinct and not
 *       NULL.
 * </ul>
 *
 * <p>The bins argument ({@code cuts}, {@code categories}) must be the same on every row of a
 * group, since counts on different bins cannot be added (the error shows both versions), and
 * must not be NULL. <b>NULL</b> for a group without rows. Two histograms built on the same bins
 * feed the scalar functions directly:
 *
 * <pre>{@code
 * WITH h AS (SELECT side, dl_histogram(amount, array(10.0, 50.0, 200.0)) AS counts
 *            FROM payments GROUP BY side)
 * SELECT dl_psi(r.counts, c.counts) FROM h r JOIN h c ON r.side = 'ref' AND c.side = 'cur'
 * }</pre>
 */
public final class DriftFunctions {

  private static final Map<String, UserDefinedFunction> FUNCTIONS = buildFunctions();

  /** Every function {@link #register(SparkSession)} registers: scalars, aggregates, builders. */
  public static final List<String> NAMES = List.copyOf(FUNCTIONS.keySet());

  /** Sessions this class has registered its functions in; weak, so sessions can be collected. */
  private static final Set<SparkSession> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

  private DriftFunctions() {}

  /**
   * Registers every function as a temporary function of {@code spark}. Calling it again on the
   * same session does nothing while all the functions are still there (replacing them would log
   * a Spark warning per function), and registers them all again if some were dropped.
   */
  public static synchronized void register(SparkSession spark) {
    if (REGISTERED.contains(spark) && NAMES.stream().allMatch(spark.catalog()::functionExists)) {
      return;
    }
    FUNCTIONS.forEach((name, function) -> spark.udf().register(name, function));
    REGISTERED.add(spark);
  }

  /** The function registered under {@code name}, for use with the DataFrame API. */
  public static UserDefinedFunction function(String name) {
    UserDefinedFunction function = FUNCTIONS.get(name);
    if (function == null) {
      throw new IllegalArgumentException("no Driftline function named " + name + "; known: " + NAMES);
    }
    return function;
  }

  private static Map<String, UserDefinedFunction> buildFunctions() {
    Map<String, UserDefinedFunction> all = new LinkedHashMap<>();
    for (CountMetric metric : CountMetric.values()) {
      add(all, metric.sqlName(), countsFunction(metric));
    }
    add(all, "dl_psi_smoothed", smoothedFunction("dl_psi_smoothed", DriftMetrics::psi));
    add(all, "dl_kl_smoothed", smoothedFunction("dl_kl_smoothed", DriftMetrics::kl));
    add(all, "dl_wasserstein", wassersteinFunction());
    for (CountMetric metric : CountMetric.values()) {
      BinRowsMetricAggregator aggregator = BinRowsMetricAggregator.of(metric);
      add(all, aggregator.name(), functions.udaf(aggregator, Encoders.row(aggregator.inputSchema())));
    }
    BinRowsMetricAggregator wasserstein = BinRowsMetricAggregator.wasserstein();
    add(all, wasserstein.name(), functions.udaf(wasserstein, Encoders.row(wasserstein.inputSchema())));
    for (ColumnHistogramAggregator builder :
        List.of(ColumnHistogramAggregator.numeric(), ColumnHistogramAggregator.categorical())) {
      add(all, builder.name(), functions.udaf(builder, Encoders.row(builder.inputSchema())));
    }
    return all;
  }

  private static void add(Map<String, UserDefinedFunction> all, String name, UserDefinedFunction function) {
    if (all.put(name, function.withName(name)) != null) {
      throw new IllegalStateException("two functions named " + name);
    }
  }

  private static UserDefinedFunction countsFunction(CountMetric metric) {
    String name = metric.sqlName();
    UDF2<Seq<?>, Seq<?>, Double> udf = (ref, cur) -> {
      if (ref == null || cur == null) {
        return null;
      }
      long[] refCounts = SqlArguments.counts(name, "ref", ref);
      long[] curCounts = SqlArguments.counts(name, "cur", cur);
      return SqlArguments.evaluate(name, () -> metric.apply(refCounts, curCounts));
    };
    return functions.udf(udf, DataTypes.DoubleType);
  }

  /** A metric with a pseudo-count argument, as {@link DriftMetrics#psi} and {@link DriftMetrics#kl}. */
  @FunctionalInterface
  private interface SmoothedFormula extends Serializable {
    double apply(long[] ref, long[] cur, double smoothing);
  }

  private static UserDefinedFunction smoothedFunction(String name, SmoothedFormula formula) {
    UDF3<Seq<?>, Seq<?>, Object, Double> udf = (ref, cur, smoothing) -> {
      if (ref == null || cur == null || smoothing == null) {
        return null;
      }
      long[] refCounts = SqlArguments.counts(name, "ref", ref);
      long[] curCounts = SqlArguments.counts(name, "cur", cur);
      double a = SqlArguments.number(name, "a", smoothing);
      return SqlArguments.evaluate(name, () -> formula.apply(refCounts, curCounts, a));
    };
    return functions.udf(udf, DataTypes.DoubleType);
  }

  private static UserDefinedFunction wassersteinFunction() {
    String name = "dl_wasserstein";
    UDF3<Seq<?>, Seq<?>, Seq<?>, Double> udf = (points, ref, cur) -> {
      if (points == null || ref == null || cur == null) {
        return null;
      }
      double[] binPoints = SqlArguments.doubles(name, "points", points);
      long[] refCounts = SqlArguments.counts(name, "ref", ref);
      long[] curCounts = SqlArguments.counts(name, "cur", cur);
      return SqlArguments.evaluate(name, () -> DriftMetrics.wasserstein(binPoints, refCounts, curCounts));
    };
    return functions.udf(udf, DataTypes.DoubleType);
  }
}
