package dev.driftline.jobs.io;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import dev.driftline.jobs.config.ColumnSpec;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.config.JobSpec.Format;
import dev.driftline.jobs.config.JobSpec.Kind;
import dev.driftline.jobs.config.JobSpec.MonitoredColumn;
import dev.driftline.jobs.config.JobSpec.Role;
import io.delta.tables.DeltaTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.UserDefinedType;

/**
 * A model's prediction log, opened once per run: checked against the config (every column exists
 * and has a type its kind accepts), pinned to the Delta version it had when opened, and cut into
 * the days the jobs read.
 *
 * <p>Opened {@linkplain #openTolerating tolerating schema gaps}, a monitored plain column that is
 * missing or of a type its kind does not take is read as nulls (or cast to its kind, unreadable
 * values as nulls) instead of failing: the nightly job accepts that only for a column the
 * reference had with another type, and records it as a schema change.
 */
public final class PredictionLog {

  /** Internal name of the derived day column. */
  public static final String DAY = "__driftline_ds";
  /** What an embedding column is read as. */
  private static final String EMBEDDING_TYPE = "array<double>";
  /**
   * How Spark ML stores a {@code Vector} (its UDT's SQL type): type 1 dense (values), 0 sparse
   * (size, indices and values).
   */
  private static final String ML_VECTOR_STORAGE = "struct<type:tinyint,size:int,indices:array<int>,values:array<double>>";

  private final JobSpec spec;
  private final Dataset<Row> rows;
  private final String version;
  private final Map<String, String> inputSchema;
  private final Map<String, ConfigException> schemaGaps;
  /** A Parquet input's data files, as listed when it was opened; empty for the other formats. */
  private final List<String> files;

  private PredictionLog(JobSpec spec, Dataset<Row> rows, String version, Map<String, String> inputSchema,
      Map<String, ConfigException> schemaGaps, List<String> files) {
    this.spec = spec;
    this.rows = rows;
    this.version = version;
    this.inputSchema = inputSchema;
    this.schemaGaps = schemaGaps;
    this.files = files;
  }

  /** Opens the log; a monitored column that is missing or of the wrong type is a config error. */
  public static PredictionLog open(SparkSession spark, JobSpec spec) {
    return open(spark, spec, false);
  }

  /**
   * Opens the log, reading a monitored plain column that is missing or of a type its kind does not
   * take as nulls or cast to its kind; {@link #schemaGaps()} lists them with the error
   * {@link #open} would have raised.
   */
  public static PredictionLog openTolerating(SparkSession spark, JobSpec spec) {
    return open(spark, spec, true);
  }

  private static PredictionLog open(SparkSession spark, JobSpec spec, boolean tolerateGaps) {
    JobSpec.InputSpec in = spec.input();
    Dataset<Row> raw;
    String version;
    List<String> files = List.of();
    try {
      switch (in.format()) {
        case DELTA -> {
          if (!DeltaTable.isDeltaTable(spark, in.location())) {
            throw new ConfigException("input.path: no Delta table at " + in.location());
          }
          long v = DeltaVersion.latest(spark, in.location());
          raw = spark.read().format("delta").option("versionAsOf", v).load(in.location());
          version = "delta version " + v;
        }
        case PARQUET -> {
          raw = spark.read().parquet(in.location());
          files = List.of(raw.inputFiles());
          version = "parquet files sha256:" + digest(raw.inputFiles());
        }
        case TABLE -> {
          raw = spark.table(in.location());
          version = "table " + in.location();
        }
        default -> throw new IllegalStateException(in.format().toString());
      }
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      // Spark throws AnalysisException undeclared; any failure to open is the config's input.
      String key = in.format() == Format.TABLE ? "input.table" : "input.path";
      throw new ConfigException(key + ": cannot read " + in.describe() + ": " + firstLine(e.getMessage()));
    }
    Map<String, String> inputSchema = new LinkedHashMap<>();
    for (StructField f : raw.schema().fields()) {
      inputSchema.put(f.name(), f.dataType().simpleString());
    }
    Column day = dayColumn(raw, in);
    Map<String, ConfigException> gaps = new LinkedHashMap<>();
    for (Gap gap : check(raw, spec)) {
      if (!tolerateGaps || gap.replacement() == null) {
        throw gap.error();
      }
      gaps.put(gap.column(), gap.error());
      raw = raw.withColumn(gap.column(), gap.replacement());
    }
    return new PredictionLog(spec, raw.withColumn(DAY, day), version, Collections.unmodifiableMap(inputSchema),
        Collections.unmodifiableMap(gaps), files);
  }

  /** Every input column's type as Spark reads it (its simple string), in the input's order. */
  public Map<String, String> inputSchema() {
    return inputSchema;
  }

  /**
   * The columns that files of a Parquet input store with another type than the input's schema,
   * which Spark cannot read: among the files of the given days when they sit in partition
   * directories of the date column ({@code ds=2026-10-16/}), else among all files (any may hold
   * any day). Reads the files' footers only; empty for Delta (its schema is enforced) and tables.
   */
  public List<ParquetFileTypes.Conflict> fileTypeConflicts(Predicate<LocalDate> days) {
    return ParquetFileTypes.check(rows.sparkSession(), inputSchema, files.stream().filter(f -> {
      LocalDate day = partitionDay(f);
      return day == null || days.test(day);
    }).toList());
  }

  /** The last day with a partition directory of a Parquet input, or null (not partitioned by day, or not Parquet). */
  public LocalDate lastPartitionDay() {
    return files.stream().map(this::partitionDay).filter(Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
  }

  /** The number of data files of a Parquet input (0 for the other formats). */
  public int fileCount() {
    return files.size();
  }

  private LocalDate partitionDay(String file) {
    String dateColumn = spec.input().dateColumn();
    return dateColumn == null ? null : ParquetFileTypes.dayOf(file, dateColumn);
  }

  /**
   * The monitored plain columns read as nulls or cast because the input lacks them or has them
   * with a type their kind does not take, each with the config error it would otherwise be.
   */
  public Map<String, ConfigException> schemaGaps() {
    return schemaGaps;
  }

  /** The input columns the config reads by name: plain features, prediction and slices, and the day column. */
  public Set<String> monitoredInputColumns() {
    Set<String> names = new LinkedHashSet<>();
    spec.columns().stream().map(MonitoredColumn::spec).filter(ColumnSpec::isPlainColumn).forEach(c -> names.add(c.name()));
    spec.sliceDimensions().stream().filter(ColumnSpec::isPlainColumn).forEach(c -> names.add(c.name()));
    spec.embedding().columns().stream().filter(ColumnSpec::isPlainColumn).forEach(c -> names.add(c.name()));
    names.add(spec.input().dateColumn() != null ? spec.input().dateColumn() : spec.input().timestampColumn());
    return names;
  }

  /** Input location and version, for lineage. */
  public String describe() {
    return spec.input().describe();
  }

  public String version() {
    return version;
  }

  /**
   * The rows of the given days, as the profile scan reads them: slice dimensions as strings
   * (named s0, s1, ...), then numeric columns as doubles and categorical columns as strings (c0,
   * c1, ...) in profile order. Positional names, since a column may be both a feature and a slice.
   */
  public Dataset<Row> profileInput(DateRange days) {
    return profileColumns(days(days));
  }

  /**
   * {@link #profileInput} of the given days but one: what a leave-one-day-out reference is built
   * from (a window with a hole is not a {@link DateRange}).
   */
  public Dataset<Row> profileInputWithout(DateRange days, java.time.LocalDate excluded) {
    return profileColumns(days(days).where(col(DAY).notEqual(lit(java.sql.Date.valueOf(excluded)))));
  }

  private Dataset<Row> profileColumns(Dataset<Row> rows) {
    return rows.select(profileColumns().toArray(new Column[0]));
  }

  private List<Column> profileColumns() {
    List<Column> out = sliceColumns();
    List<MonitoredColumn> columns = spec.profiledColumns();
    for (int c = 0; c < columns.size(); c++) {
      MonitoredColumn column = columns.get(c);
      out.add(expr(column.spec().expression()).cast(column.kind() == Kind.NUMERIC ? "double" : "string").as("c" + c));
    }
    return out;
  }

  private List<Column> sliceColumns() {
    List<Column> out = new ArrayList<>();
    List<ColumnSpec> slices = spec.sliceDimensions();
    for (int d = 0; d < slices.size(); d++) {
      out.add(expr(slices.get(d).expression()).cast("string").as("s" + d));
    }
    return out;
  }

  private List<Column> embeddingColumns() {
    List<Column> out = new ArrayList<>();
    List<ColumnSpec> embeddings = spec.embedding().columns();
    for (int e = 0; e < embeddings.size(); e++) {
      out.add(embeddingValues(embeddings.get(e)).as("e" + e));
    }
    return out;
  }

  /**
   * The rows of the given days as the embedding scan reads them: slice dimensions as strings (s0,
   * s1, ...) as in {@link #profileInput}, then each embedding column as {@code array<double>} (e0, e1, ...).
   */
  public Dataset<Row> embeddingInput(DateRange days) {
    List<Column> out = sliceColumns();
    out.addAll(embeddingColumns());
    return days(days).select(out.toArray(new Column[0]));
  }

  /**
   * {@link #profileInput}'s columns, then {@link #embeddingInput}'s embeddings: what the profile
   * reads to sketch the embeddings in the same pass.
   */
  public Dataset<Row> profileAndEmbeddingInput(DateRange days) {
    List<Column> out = profileColumns();
    out.addAll(embeddingColumns());
    return days(days).select(out.toArray(new Column[0]));
  }

  /**
   * The rows of many days as one pass over them reads them: {@link #profileInput}'s columns (and
   * {@link #profileAndEmbeddingInput}'s embeddings with {@code withEmbeddings}), then the INT index
   * of the row's day from the range's first day (named d).
   */
  public Dataset<Row> profileInputByDay(DateRange days, boolean withEmbeddings) {
    List<Column> out = profileColumns();
    if (withEmbeddings) {
      out.addAll(embeddingColumns());
    }
    out.add(datediff(col(DAY), lit(java.sql.Date.valueOf(days.start()))).as("d"));
    return days(days).select(out.toArray(new Column[0]));
  }

  /**
   * An embedding column as {@code array<double>}: an array cast, or an ML {@code Vector} read
   * through its stored form, sparse vectors filled out with zeros. The stored form is reached by a
   * JSON round trip (Spark casts no UDT to its SQL type), so the job needs no Spark MLlib classes
   * of its own; reading a table of vectors at all needs MLlib on the classpath, as for any reader.
   */
  private Column embeddingValues(ColumnSpec e) {
    DataType type = typeOfExpression(rows, e);
    if (!isMlVector(type)) {
      return expr(e.expression()).cast(EMBEDDING_TYPE);
    }
    Column v = from_json(to_json(struct(expr(e.expression()).as("v"))),
        (StructType) DataType.fromDDL("v " + ML_VECTOR_STORAGE), Map.of()).getField("v");
    Column sparse = transform(sequence(lit(0), v.getField("size").minus(1)),
        i -> coalesce(try_element_at(map_from_arrays(v.getField("indices"), v.getField("values")), i), lit(0.0)));
    return when(v.getField("type").equalTo(1), v.getField("values"))
        .when(v.getField("size").equalTo(0), array().cast(EMBEDDING_TYPE))
        .when(v.isNotNull(), sparse);
  }

  private static boolean isMlVector(DataType type) {
    return type instanceof UserDefinedType<?> udt
        && udt.sqlType().simpleString().equals(ML_VECTOR_STORAGE);
  }

  /** The last day with rows, or null when the log is empty (one aggregate over the day column). */
  public java.time.LocalDate lastDay() {
    Object last = rows.agg(org.apache.spark.sql.functions.max(col(DAY))).first().get(0);
    return last instanceof java.sql.Date d ? d.toLocalDate() : (java.time.LocalDate) last;
  }

  /** The raw rows of the given days (with every input column), pruned on the partition column. */
  public Dataset<Row> days(DateRange days) {
    JobSpec.InputSpec in = spec.input();
    Dataset<Row> pruned = rows;
    if (in.timestampColumn() != null) {
      // A day in any zone lies within a day either side of the same UTC day: lets Spark skip files.
      pruned = pruned.where(col(in.timestampColumn()).geq(lit(utcMidnight(days.start().minusDays(1))))
          .and(col(in.timestampColumn()).lt(lit(utcMidnight(days.end().plusDays(2))))));
    }
    return pruned.where(col(DAY).between(lit(java.sql.Date.valueOf(days.start())), lit(java.sql.Date.valueOf(days.end()))));
  }

  /** Midnight UTC of a day as an instant, whatever the JVM's own time zone. */
  private static java.sql.Timestamp utcMidnight(java.time.LocalDate day) {
    return java.sql.Timestamp.from(day.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
  }

  private static Column dayColumn(Dataset<Row> raw, JobSpec.InputSpec in) {
    if (in.dateColumn() != null) {
      DataType type = typeOf(raw, in.dateColumn(), "input.date_column");
      if (type instanceof DateType) {
        return col(in.dateColumn());
      }
      if (type instanceof StringType || type instanceof TimestampType || type instanceof TimestampNTZType) {
        return functionsToDate(col(in.dateColumn()));
      }
      throw new ConfigException("input.date_column: column '" + in.dateColumn() + "' is "
          + type.simpleString() + ", expected date, timestamp or a yyyy-MM-dd string");
    }
    DataType type = typeOf(raw, in.timestampColumn(), "input.timestamp_column");
    if (type instanceof TimestampNTZType) {
      return functionsToDate(col(in.timestampColumn()));
    }
    if (!(type instanceof TimestampType)) {
      throw new ConfigException("input.timestamp_column: column '" + in.timestampColumn() + "' is "
          + type.simpleString() + ", expected timestamp");
    }
    // Sessions run in UTC, so shifting from UTC to the zone gives the zone's wall clock.
    return functionsToDate(org.apache.spark.sql.functions.from_utc_timestamp(col(in.timestampColumn()), in.timeZone()));
  }

  private static Column functionsToDate(Column c) {
    return org.apache.spark.sql.functions.to_date(c);
  }

  /**
   * A monitored column the input cannot give as configured: the config error it is, and for a
   * plain column the expression that reads it anyway (null when there is none).
   */
  private record Gap(String column, ConfigException error, Column replacement) {}

  /** The config's columns that the input cannot give as configured, in config order. */
  private static List<Gap> check(Dataset<Row> raw, JobSpec spec) {
    List<Gap> gaps = new ArrayList<>();
    for (MonitoredColumn c : spec.columns()) {
      String target = c.kind() == Kind.NUMERIC ? "double" : "string";
      DataType type = typeOrGap(raw, c.spec(), target, gaps);
      if (type == null) {
        continue;
      }
      String what = c.role() == Role.PREDICTION ? "prediction" : c.kind().name().toLowerCase() + " feature";
      boolean fits = c.kind() == Kind.NUMERIC
          ? type instanceof NumericType
          : type instanceof StringType || type instanceof IntegralType || type instanceof BooleanType
              || type instanceof DateType || type instanceof DecimalType;
      if (!fits) {
        String expected = c.kind() == Kind.NUMERIC ? "a numeric type" : "string, integer, boolean or date";
        gaps.add(gap(c.spec(), target, new ConfigException(c.spec().key() + ": " + what + " '" + c.name() + "' is "
            + type.simpleString() + ", expected " + expected), true));
      } else if (c.kind() == Kind.CATEGORICAL && (type instanceof DoubleType || type instanceof FloatType)) {
        gaps.add(gap(c.spec(), target, new ConfigException(c.spec().key() + ": '" + c.name()
            + "' is floating point; monitor it as numeric"), true));
      }
    }
    for (ColumnSpec e : spec.embedding().columns()) {
      DataType type = typeOrGap(raw, e, EMBEDDING_TYPE, gaps);
      if (type != null && !(type instanceof ArrayType a && a.elementType() instanceof NumericType)
          && !isMlVector(type)) {
        // No cast makes an array of another type: always the config's error, never read around.
        gaps.add(new Gap(e.name(), new ConfigException(e.key() + ": embedding '" + e.name() + "' is "
            + type.simpleString() + ", expected array<float>, array<double> or an ML vector"), null));
      }
    }
    for (ColumnSpec s : spec.sliceDimensions()) {
      DataType type = typeOrGap(raw, s, "string", gaps);
      if (type != null && !(type instanceof StringType || type instanceof IntegralType || type instanceof BooleanType
          || type instanceof DateType)) {
        gaps.add(gap(s, "string", new ConfigException(s.key() + ": slice '" + s.name() + "' is " + type.simpleString()
            + ", expected string, integer, boolean or date"), true));
      }
    }
    return gaps;
  }

  /** The column's type, or null after adding its gap when a plain column is missing. */
  private static DataType typeOrGap(Dataset<Row> raw, ColumnSpec c, String target, List<Gap> gaps) {
    try {
      return typeOfExpression(raw, c);
    } catch (ConfigException e) {
      if (!c.isPlainColumn()) {
        throw e;
      }
      gaps.add(gap(c, target, e, false));
      return null;
    }
  }

  /** A plain column's gap, read as {@code target} (try_cast, so unreadable values are nulls) or as nulls when absent. */
  private static Gap gap(ColumnSpec c, String target, ConfigException error, boolean present) {
    if (!c.isPlainColumn()) {
      return new Gap(c.name(), error, null);
    }
    Column replacement = present ? expr("try_cast(`" + c.name().replace("`", "``") + "` AS " + target + ")")
        : lit(null).cast(target);
    return new Gap(c.name(), error, replacement);
  }

  private static DataType typeOfExpression(Dataset<Row> raw, ColumnSpec c) {
    if (c.isPlainColumn()) {
      return typeOf(raw, c.name(), c.key());
    }
    try {
      return raw.select(expr(c.expression())).schema().fields()[0].dataType();
    } catch (Exception e) {
      throw new ConfigException(c.key() + ": cannot evaluate '" + c.expression() + "': " + firstLine(e.getMessage()));
    }
  }

  private static DataType typeOf(Dataset<Row> raw, String column, String key) {
    for (StructField f : raw.schema().fields()) {
      if (f.name().equalsIgnoreCase(column)) {
        return f.dataType();
      }
    }
    throw new ConfigException(key + ": column '" + column + "' does not exist in the input (columns: "
        + String.join(", ", raw.columns()) + ")");
  }

  private static String digest(String[] files) {
    String[] sorted = files.clone();
    Arrays.sort(sorted);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String f : sorted) {
        sha.update(f.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16) + " (" + files.length + " files)";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
