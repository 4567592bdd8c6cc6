package dev.driftline.jobs.performance;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.io.LabelLog;
import dev.driftline.jobs.io.PredictionLog;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;

/**
 * Predictions joined with the labels that had arrived by a run's last day: one row per prediction
 * with {@code ds}, the slice columns {@code s0, s1, ...}, {@code prediction}, {@code request_id},
 * {@code latency}, and its latest label ({@code label}, {@code arrived_at}, NULL when none) with
 * {@code label_count}, the labels it had. A label counts for a prediction made on day d only if it
 * arrived by d + labels.window_days.
 */
final class PerformanceInput {

  static final String DS = "ds";
  static final String PREDICTION = "prediction";
  static final String LATENCY = "latency";
  static final String LABEL_COUNT = "label_count";
  /** The labels' request id while they are joined to the predictions'. */
  private static final String LABELLED_ID = "labelled_request_id";

  private final JobSpec spec;
  private final PredictionLog log;
  private final LabelLog labels;
  private final Date asOf;
  /** Known classes of class predictions, in index order; null for the other kinds. */
  private final List<String> classes;

  /** Known classes of class predictions, in index order; null for the other kinds. */
  List<String> classes() {
    return classes;
  }

  PerformanceInput(JobSpec spec, PredictionLog log, LabelLog labels, java.time.LocalDate asOf, List<String> classes) {
    this.spec = spec;
    this.log = log;
    this.labels = labels;
    this.asOf = Date.valueOf(asOf);
    this.classes = classes;
  }

  /**
   * A class value as its index in {@code classes} (as a double), the number of classes for any
   * other value, NULL for NULL.
   */
  private Column classIndex(Column value) {
    Column known = functions.array(classes.stream().map(functions::lit).toArray(Column[]::new));
    Column position = functions.array_position(known, value.cast("string"));
    return functions.when(value.isNull(), lit(null))
        .when(position.equalTo(0), lit(classes.size()))
        .otherwise(position.minus(1)).cast("double");
  }

  /** Checks the columns the config names in the prediction log for performance. */
  void check(DateRange anyDays) {
    Dataset<Row> rows = log.days(anyDays);
    PerformanceSpec p = spec.performance();
    if (p.labels() != null) {
      DataType id = typeOf(rows, p.labels().predictionRequestIdColumn(), "labels.prediction_request_id_column");
      if (!(id instanceof StringType || id instanceof IntegralType)) {
        throw new ConfigException("labels.prediction_request_id_column: '" + p.labels().predictionRequestIdColumn()
            + "' is " + id.simpleString() + ", expected string or integer");
      }
    }
    if (p.latency() != null) {
      DataType type = expressionType(rows, p.latency().column());
      if (!(type instanceof NumericType)) {
        throw new ConfigException("latency.column: '" + p.latency().column().name() + "' is " + type.simpleString()
            + ", expected a number");
      }
    }
  }

  Dataset<Row> rows(DateRange days) {
    PerformanceSpec p = spec.performance();
    List<Column> columns = new ArrayList<>();
    columns.add(col(PredictionLog.DAY).as(DS));
    List<ColumnSpec> slices = spec.sliceDimensions();
    for (int d = 0; d < slices.size(); d++) {
      columns.add(expr(slices.get(d).expression()).cast("string").as("s" + d));
    }
    // Latency alone needs no prediction; the scan skips rows whose prediction is NULL.
    Column prediction = p.prediction() == null ? lit(0.0) : expr(p.prediction().expression());
    columns.add((classes != null ? classIndex(prediction) : prediction.cast("double")).as(PREDICTION));
    columns.add((p.labels() == null ? lit(null) : col(p.labels().predictionRequestIdColumn())).cast("string")
        .as(LabelLog.REQUEST_ID));
    columns.add((p.latency() == null ? lit(null) : expr(p.latency().column().expression())).cast("double").as(LATENCY));
    Dataset<Row> predictions = log.days(days).select(columns.toArray(new Column[0]));
    if (labels == null) {
      return predictions.withColumn(LabelLog.LABEL, lit(null).cast("double"))
          .withColumn(LabelLog.ARRIVED_AT, lit(null).cast("timestamp"))
          .withColumn(LABEL_COUNT, lit(0L));
    }
    int window = p.labels().windowDays();
    // Each request id's arrived labels as one array: one exchange of the labels and one of the
    // predictions (joining the distinct (id, day) pairs with the labels, aggregating and joining
    // back took five, and three sorts more).
    Dataset<Row> byId = labels.rows().where(col(LabelLog.ARRIVAL_DAY).leq(lit(asOf)))
        .groupBy(col(LabelLog.REQUEST_ID).as(LABELLED_ID))
        .agg(collect_list(struct(col(LabelLog.ARRIVAL_DAY).as("day"), col(LabelLog.ARRIVED_AT).as("t"),
            col(LabelLog.LABEL).as("y"))).as("labels"));
    // NULL for a prediction whose id has no label; else its labels within its window, maybe none.
    Column inWindow = filter(col("labels"), l -> l.getField("day").leq(date_add(col(DS), window)));
    // Duplicates: the latest arrival wins; equal arrival times are broken by the larger label so
    // the choice never depends on the order rows are read in.
    Column latest = array_max(transform(col("in_window"),
        l -> struct(l.getField("t").as("t"), l.getField("y").as("y"))));
    // The columns in the order their fingerprints hash them.
    List<Column> out = new ArrayList<>(List.of(col(LabelLog.REQUEST_ID), col(DS)));
    for (int d = 0; d < slices.size(); d++) {
      out.add(col("s" + d));
    }
    out.addAll(List.of(col(PREDICTION), col(LATENCY), col("latest.y").as(LabelLog.LABEL),
        col("latest.t").as(LabelLog.ARRIVED_AT),
        when(col("in_window").isNull(), lit(0L)).otherwise(size(col("in_window")).cast("long")).as(LABEL_COUNT)));
    Dataset<Row> joined = predictions.join(byId, col(LabelLog.REQUEST_ID).equalTo(col(LABELLED_ID)), "left")
        .withColumn("in_window", inWindow)
        .withColumn("latest", latest)
        .select(out.toArray(new Column[0]));
    if (classes == null) {
      return joined;
    }
    // A labelled prediction whose class label is NULL is invalid: NaN keeps it counted as such.
    return joined.withColumn(LabelLog.LABEL, functions.when(col(LABEL_COUNT).gt(0),
        coalesce(classIndex(col(LabelLog.LABEL)), lit(Double.NaN))));
  }

  private static DataType typeOf(Dataset<Row> rows, String column, String key) {
    for (org.apache.spark.sql.types.StructField f : rows.schema().fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f.dataType();
      }
    }
    throw new ConfigException(key + ": column '" + column + "' does not exist in the input (columns: "
        + String.join(", ", rows.columns()) + ")");
  }

  private static DataType expressionType(Dataset<Row> rows, ColumnSpec c) {
    if (c.isPlainColumn()) {
      return typeOf(rows, c.name(), c.key());
    }
    try {
      return rows.select(expr(c.expression())).schema().fields()[0].dataType();
    } catch (Exception e) {
      throw new ConfigException(c.key() + ": cannot evaluate '" + c.expression() + "': " + e.getMessage().lines()
          .findFirst().orElse(""));
    }
  }
}
