package dev.driftline.jobs.demo;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The demo's synthetic prediction log and label feed: a card-fraud scorer over {@link
 * DemoSpec#days()} days with the {@link #injectedDrifts regime shifts} of {@link DemoDrift}.
 *
 * <p>Rows are generated on the executors from {@code spark.range}, each from its own id-keyed
 * randomness, so the output is identical for a given spec however many cores or partitions run it.
 */
public final class DemoLog {

  public static final String MODEL_NAME = "card-fraud";
  public static final String MODEL_VERSION = "v1";

  /** Rows per generating task; small enough to spread a month over two cores. */
  private static final long ROWS_PER_PARTITION = 100_000;

  // Dates and timestamps leave the generator as epoch numbers and are converted in SQL, so the
  // rows do not depend on spark.sql.datetime.java8API.enabled or the session time zone.
  private static final StructType GENERATED_PREDICTIONS = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("ds_epoch_day", DataTypes.IntegerType, false)
      .add("event_micros", DataTypes.LongType, false)
      .add("amount", DataTypes.DoubleType, false)
      .add("account_age_days", DataTypes.DoubleType, true)
      .add("merchant_risk", DataTypes.DoubleType, false)
      .add("txn_per_day", DataTypes.IntegerType, false)
      .add("country", DataTypes.StringType, false)
      .add("device", DataTypes.StringType, false)
      .add("channel", DataTypes.StringType, false)
      .add("score", DataTypes.DoubleType, false)
      .add("latency_ms", DataTypes.DoubleType, false)
      .add("merchant_embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private static final StructType GENERATED_LABELS = new StructType()
      .add("request_id", DataTypes.StringType, false)
      .add("is_fraud", DataTypes.IntegerType, false)
      .add("label_micros", DataTypes.LongType, true);

  private DemoLog() {}

  /** The drifts the log carries, in order; any starting after the spec's last day is left out. */
  public static List<InjectedDrift> injectedDrifts(DemoSpec spec) {
    return Arrays.stream(DemoDrift.values())
        .filter(drift -> drift.firstDayOffset < spec.days())
        .map(drift -> drift.describe(spec))
        .toList();
  }

  /** One row per scored request, {@code rowsPerDay} on each day. */
  public static Dataset<Row> predictions(SparkSession spark, DemoSpec spec) {
    return predictions(spark, spec, defaultPartitions(spec));
  }

  static Dataset<Row> predictions(SparkSession spark, DemoSpec spec, int partitions) {
    return generate(spark, spec, partitions, GENERATED_PREDICTIONS, DemoLog::predictionRow)
        .select(
            col("request_id"),
            date_from_unix_date(col("ds_epoch_day")).as("ds"),
            timestamp_micros(col("event_micros")).as("event_time"),
            lit(MODEL_NAME).as("model_name"),
            lit(MODEL_VERSION).as("model_version"),
            col("amount"),
            col("account_age_days"),
            col("merchant_risk"),
            col("txn_per_day"),
            col("country"),
            col("device"),
            col("channel"),
            col("score"),
            col("latency_ms"),
            col("merchant_embedding"));
  }

  /** One row per request whose label ever arrives (about 95%): the outcome and its arrival. */
  public static Dataset<Row> labels(SparkSession spark, DemoSpec spec) {
    return labels(spark, spec, defaultPartitions(spec));
  }

  static Dataset<Row> labels(SparkSession spark, DemoSpec spec, int partitions) {
    return generate(spark, spec, partitions, GENERATED_LABELS, DemoLog::labelRow)
        .where(col("label_micros").isNotNull())
        .select(
            col("request_id"),
            col("is_fraud"),
            timestamp_micros(col("label_micros")).as("label_time"));
  }

  /** Writes both tables as Delta, replacing whatever is there; predictions by {@code ds}. */
  public static void write(
      SparkSession spark, DemoSpec spec, String predictionsPath, String labelsPath) {
    requirePath("predictions", predictionsPath);
    requirePath("labels", labelsPath);
    if (predictionsPath.equals(labelsPath)) {
      throw new IllegalArgumentException(
          "demo predictions and labels need different paths, both are " + predictionsPath);
    }
    // Random floats make no dictionary: Parquet would fill one per page and then drop it, which
    // took about a fifth of the generation. (SQL settings reach the writer's Hadoop configuration.)
    String noDictionary = "parquet.enable.dictionary#merchant_embedding.list.element";
    spark.conf().set(noDictionary, "false");
    try {
      predictions(spark, spec).write().format("delta").mode(SaveMode.Overwrite)
          .option("overwriteSchema", "true").partitionBy("ds").save(predictionsPath);
    } finally {
      spark.conf().unset(noDictionary);
    }
    labels(spark, spec).write().format("delta").mode(SaveMode.Overwrite)
        .option("overwriteSchema", "true").save(labelsPath);
  }

  static int defaultPartitions(DemoSpec spec) {
    long wanted = (spec.totalRows() + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
    return (int) Math.max(1, Math.min(spec.days(), wanted));
  }

  private interface RowMaker extends Serializable {
    Row make(Transaction transaction);
  }

  private static Dataset<Row> generate(SparkSession spark, DemoSpec spec, int partitions,
      StructType schema, RowMaker rowMaker) {
    if (partitions < 1) {
      throw new IllegalArgumentException("demo partitions must be at least 1, got " + partitions);
    }
    CardFraudScenario scenario = new CardFraudScenario(spec);
    MapPartitionsFunction<Long, Row> toRows = ids -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return ids.hasNext();
      }

      @Override
      public Row next() {
        return rowMaker.make(scenario.transaction(ids.next()));
      }
    };
    return spark.range(0, spec.totalRows(), 1, partitions)
        .mapPartitions(toRows, Encoders.row(schema));
  }

  private static Row predictionRow(Transaction t) {
    int epochDay = (int) Math.floorDiv(t.eventMicros(), CardFraudScenario.MICROS_PER_DAY);
    return RowFactory.create(t.requestId(), epochDay, t.eventMicros(), t.amount(),
        t.accountAgeDays(), t.merchantRisk(), t.txnPerDay(), t.country(), t.device(),
        t.channel(), t.score(), t.latencyMs(), boxed(t.merchantEmbedding()));
  }

  /** A float array as the row encoder takes an array column: a Scala sequence. */
  private static scala.collection.Seq<Float> boxed(float[] values) {
    List<Float> out = new java.util.ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return scala.collection.JavaConverters.asScalaBuffer(out);
  }

  private static Row labelRow(Transaction t) {
    return RowFactory.create(t.requestId(), t.isFraud(), t.labelMicros());
  }

  private static void requirePath(String table, String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("demo " + table + " path is missing");
    }
  }
}
