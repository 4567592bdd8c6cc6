package dev.driftline.udfs;

import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import dev.driftline.udfs.math.DriftMetrics;
import java.io.Serializable;
import java.util.Arrays;
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
 * <p>One per {@link DriftMeasure} with a SQL name, with that entry's description: {@code dl_psi},
 * {@code dl_kl}, {@code dl_js_distance}, {@code dl_linf}, {@code dl_ks_stat}, {@code dl_chi2_pvalue}
 * and so on. {@code ref} and {@code cur} hold the counts of a reference and a current histogram
 * on the same bins, as {@code ARRAY<BIGINT>} (INT, SMALLINT and TINYINT arrays are accepted too);
 * each function returns {@code DOUBLE}.
 *
 * <ul>
 *   <li>{@code f(ref, cur)} for measures of the counts; array position is bin order for those
 *       that depend on it ({@code dl_ks_stat}, biased low compared with the KS statistic of the
 *       raw values).
 *   <li>{@code f(points ARRAY<DOUBLE>, ref, cur)} for measures that place bin i at
 *       {@code points[i]} ({@code dl_wasserstein}, {@code dl_energy_distance}); points are finite,
 *       in any order.
 *   <li>{@code f_smoothed(ref, cur, a DOUBLE)} for the smoothed measures ({@code dl_psi_smoothed},
 *       {@code dl_kl_smoothed}, {@code dl_psi_pvalue_smoothed}): pseudo-count {@code a >= 0}; 0
 *       gives the textbook formulas, which are Infinity when a bin is empty on one side only.
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
 *   <li>{@code f_agg(ref_count, cur_count)} for measures of the counts, e.g. {@code dl_psi_agg}.
 *   <li>{@code f_agg(bin_index BIGINT, ref_count, cur_count)} for measures that depend on bin
 *       order ({@code dl_ks_stat_agg}): bins in increasing {@code bin_index}; gaps are allowed.
 *   <li>{@code f_agg(point DOUBLE, ref_count, cur_count)} for measures that place bins at points
 *       ({@code dl_wasserstein_agg}, {@code dl_energy_distance_agg}).
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
    List<DriftMeasure> inSql = Arrays.stream(DriftMeasure.values()).filter(m -> m.sqlName().isPresent()).toList();
    for (DriftMeasure measure : inSql) {
      add(all, measure.sqlName().get(), scalarFunction(measure, false));
      if (measure.smoothed()) {
        add(all, measure.sqlName().get() + "_smoothed", scalarFunction(measure, true));
      }
    }
    for (DriftMeasure measure : inSql) {
      BinRowsMetricAggregator aggregator = new BinRowsMetricAggregator(measure);
      add(all, aggregator.name(), functions.udaf(aggregator, Encoders.row(aggregator.inputSchema())));
    }
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

  /**
   * {@code f(ref, cur)}, {@code f(points, ref, cur)} for measures that place bins at points, and
   * with {@code smoothed} a trailing pseudo-count argument {@code a}. Array position is bin order.
   */
  private static UserDefinedFunction scalarFunction(DriftMeasure measure, boolean smoothed) {
    String name = measure.sqlName().orElseThrow() + (smoothed ? "_smoothed" : "");
    boolean withPoints = measure.input() == DriftMeasure.Input.POINTS;
    ScalarArguments evaluate = args -> {
      for (Object arg : args) {
        if (arg == null) {
          return null;
        }
      }
      int first = withPoints ? 1 : 0;
      long[] ref = SqlArguments.counts(name, "ref", (Seq<?>) args[first]);
      long[] cur = SqlArguments.counts(name, "cur", (Seq<?>) args[first + 1]);
      double[] points = withPoints ? SqlArguments.doubles(name, "points", (Seq<?>) args[0]) : positions(ref.length);
      double a = smoothed ? SqlArguments.number(name, "a", args[first + 2]) : DriftMetrics.DEFAULT_SMOOTHING;
      return SqlArguments.evaluate(name, () -> measure.of(new BinnedPair(ref, cur, points, Double.NaN, a)));
    };
    int arity = 2 + (withPoints ? 1 : 0) + (smoothed ? 1 : 0);
    return switch (arity) {
      case 2 -> functions.udf((UDF2<Object, Object, Double>) (x, y) -> evaluate.apply(x, y), DataTypes.DoubleType);
      case 3 -> functions.udf((UDF3<Object, Object, Object, Double>) (x, y, z) -> evaluate.apply(x, y, z),
          DataTypes.DoubleType);
      default -> throw new IllegalStateException(name + " would take " + arity + " arguments");
    };
  }

  /** A scalar function's body over its SQL arguments; serializable because Spark ships it. */
  @FunctionalInterface
  private interface ScalarArguments extends Serializable {
    Double apply(Object... args);
  }

  /** Bin i at point i: array position is the bin order of order-dependent measures. */
  private static double[] positions(int bins) {
    double[] points = new double[bins];
    for (int i = 0; i < bins; i++) {
      points[i] = i;
    }
    return points;
  }
}
