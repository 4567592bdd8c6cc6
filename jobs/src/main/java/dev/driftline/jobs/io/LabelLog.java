package dev.driftline.jobs.io;

import static org.apache.spark.sql.functions.col;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Format;
import dev.driftline.jobs.config.PerformanceSpec;
import dev.driftline.jobs.config.PerformanceSpec.LabelSpec;
import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A model's label feed, opened once per run: checked against the config, pinned to the Delta
 * version it had when opened, and normalised to {@code request_id} (string), {@code label}
 * (double), {@code arrived_at} (timestamp) and {@code arrival_day} (date, in the input's time zone).
 */
public final class LabelLog {

  public static final String REQUEST_ID = "request_id";
  public static final String LABEL = "label";
  public static final String ARRIVED_AT = "arrived_at";
  public static final String ARRIVAL_DAY = "arrival_day";

  private final LabelSpec spec;
  private final Dataset<Row> rows;
  private final String version;

  private LabelLog(LabelSpec spec, Dataset<Row> rows, String version) {
    this.spec = spec;
    this.rows = rows;
    this.version = version;
  }

  public static LabelLog open(SparkSession spark, JobSpec job) {
    LabelSpec l = job.performance().labels();
    Dataset<Row> raw;
    String version;
    try {
      switch (l.format()) {
        case DELTA -> {
          if (!DeltaTable.isDeltaTable(spark, l.location())) {
            throw new ConfigException("labels.path: no Delta table at " + l.location());
          }
          long v = DeltaVersion.latest(spark, l.location());
          raw = spark.read().format("delta").option("versionAsOf", v).load(l.location());
          version = "delta version " + v;
        }
        case PARQUET -> {
          raw = spark.read().parquet(l.location());
          version = "parquet files " + raw.inputFiles().length;
        }
        case TABLE -> {
          raw = spark.table(l.location());
          version = "table " + l.location();
        }
        default -> throw new IllegalStateException(l.format().toString());
      }
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      String key = l.format() == Format.TABLE ? "labels.table" : "labels.path";
      throw new ConfigException(key + ": cannot read " + l.describe() + ": " + PredictionLog.firstLine(e.getMessage()));
    }
    DataType id = typeOf(raw, l.requestIdColumn(), "labels.request_id_column");
    if (!(id instanceof StringType || id instanceof IntegralType)) {
      throw new ConfigException("labels.request_id_column: '" + l.requestIdColumn() + "' is " + id.simpleString()
          + ", expected string or integer");
    }
    DataType label = typeOf(raw, l.labelColumn(), "labels.label_column");
    boolean classes = job.performance().kind() == PerformanceSpec.PredictionKind.CLASS;
    if (classes ? !(label instanceof StringType || label instanceof IntegralType || label instanceof BooleanType)
        : !(label instanceof NumericType || label instanceof BooleanType)) {
      throw new ConfigException("labels.label_column: '" + l.labelColumn() + "' is " + label.simpleString()
          + (classes ? ", expected string, integer or boolean classes" : ", expected a number or boolean"));
    }
    DataType arrival = typeOf(raw, l.arrivalColumn(), "labels.arrival_column");
    Column arrivedAt;
    Column arrivalDay;
    if (arrival instanceof TimestampType) {
      arrivedAt = col(l.arrivalColumn());
      arrivalDay = functions.to_date(functions.from_utc_timestamp(arrivedAt, job.input().timeZone()));
    } else if (arrival instanceof TimestampNTZType || arrival instanceof DateType) {
      arrivedAt = col(l.arrivalColumn()).cast("timestamp");
      arrivalDay = functions.to_date(col(l.arrivalColumn()));
    } else {
      throw new ConfigException("labels.arrival_column: '" + l.arrivalColumn() + "' is " + arrival.simpleString()
          + ", expected timestamp or date");
    }
    Dataset<Row> normalised = raw.select(
        col(l.requestIdColumn()).cast("string").as(REQUEST_ID),
        // Class labels stay strings until they are mapped to class indices. A numeric label row
        // without a value stays in as NaN, so it is counted as an invalid label.
        (classes ? col(l.labelColumn()).cast("string")
            : functions.coalesce(col(l.labelColumn()).cast("double"), functions.lit(Double.NaN))).as(LABEL),
        arrivedAt.as(ARRIVED_AT),
        arrivalDay.as(ARRIVAL_DAY));
    return new LabelLog(l, normalised, version);
  }

  public String describe() {
    return spec.describe();
  }

  /** The prediction log's column that labels join on. */
  public String predictionRequestIdColumn() {
    return spec.predictionRequestIdColumn();
  }

  public String version() {
    return version;
  }

  /** Every label, normalised; those without a request id or arrival cannot be joined or dated. */
  public Dataset<Row> rows() {
    return rows.where(col(REQUEST_ID).isNotNull().and(col(ARRIVAL_DAY).isNotNull()));
  }

  /** The labels without a request id (with an arrival): they cannot be joined, so they are counted instead. */
  public Dataset<Row> withoutRequestId() {
    return rows.where(col(REQUEST_ID).isNull().and(col(ARRIVAL_DAY).isNotNull()));
  }

  private static DataType typeOf(Dataset<Row> raw, String column, String key) {
    for (org.apache.spark.sql.types.StructField f : raw.schema().fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f.dataType();
      }
    }
    throw new ConfigException(key + ": column '" + column + "' does not exist in the labels (columns: "
        + String.join(", ", raw.columns()) + ")");
  }
}
