package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.performance.ReleaseCompare;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.PerformanceMetric;
import dev.driftline.udfs.math.ReleaseComparison;
import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A second engine reads every Driftline table: Delta Kernel's default engine over a Hadoop
 * configuration, no Spark on the read path. For each table it finds the contract of {@link Table}
 * (names, types, nullability at every level, every column's comment, the description, partitioning
 * by ds), the protocol and table features the README states, and as many rows as Spark counts, all
 * of which the README's rule for readers keeps, the demo's run having finished.
 * The tables are the demo's (the shared demo warehouse), plus the two it does not write,
 * {@code retrain_events} (by {@code retrained}) and {@code release_comparisons} (by the compare
 * command's write), in a warehouse of their own so the shared one stays as the demo left it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeltaKernelReadTest extends SparkTestBase {

  /** The README's "Reading the tables from other engines": Delta's legacy protocol, no table features. */
  private static final int MIN_READER_VERSION = 1;
  private static final int MIN_WRITER_VERSION = 2;

  /** Tables the demo does not write: {@code retrained} and {@code compare} do. */
  private static final Set<Table> NOT_IN_THE_DEMO = EnumSet.of(Table.RETRAIN_EVENTS, Table.RELEASE_COMPARISONS);
  private static final Path CONFIG = Path.of(System.getProperty("driftline.repo", ".."),
      "conf/examples/card-fraud.yaml");
  /** Kernel's primitive types and Spark's, for the column types the README lists. */
  private static final Map<io.delta.kernel.types.DataType, DataType> PRIMITIVES = Map.of(
      StringType.STRING, DataTypes.StringType, LongType.LONG, DataTypes.LongType,
      IntegerType.INTEGER, DataTypes.IntegerType, DoubleType.DOUBLE, DataTypes.DoubleType,
      DateType.DATE, DataTypes.DateType, TimestampType.TIMESTAMP, DataTypes.TimestampType);

  @TempDir
  static Path dir;

  private Path commandsWarehouse;
  private Engine engine;
  /**
   * The README's rule for readers, applied to {@code runs} as Kernel reads it: for each model, table
   * and day (as "model|table|ds"), the run id of the latest succeeded or skipped run (by
   * finished_at) whose {@code replaced} lists that table and day.
   */
  private Map<String, String> publishingRun;

  @BeforeAll
  void writeTheTablesTheDemoLeavesOut() throws IOException {
    runBefore();
    Path demo = DemoWarehouse.dir();
    // The shipped demo config, reading the shared demo's log and labels, writing a warehouse of its own.
    Path config = JobConfig.write(dir.resolve("card-fraud.yaml"),
        Files.readString(CONFIG).replace("demo-out/", demo.toAbsolutePath() + "/"));
    commandsWarehouse = dir.resolve("warehouse");
    LocalDate last = DemoSpec.DEFAULT.start().plusDays(DemoSpec.DEFAULT.days() - 1L);
    Cli.ok("retrained", "-c", config, "--warehouse", commandsWarehouse, "--date", last, "--version", "v2");
    // The demo log has one model version, so no comparison of two can run on it: the row is
    // written by compare's own write (ReleaseComparisonEndToEndTest checks what it computes).
    JobSpec spec = ConfigLoader.withWarehouse(ConfigLoader.load(config), commandsWarehouse.toString());
    double[] baseline = {0.81, 0.80, 0.82};
    double[] candidate = {0.83, 0.83, 0.83};
    new ReleaseCompare(spark(), spec).write(new Warehouse(spark(), spec.warehouse(), null), new ReleaseCompare.Result(
        DemoLog.MODEL_VERSION, "v2", PerformanceMetric.AUC, new DateRange(last.minusDays(2), last),
        List.of(last.minusDays(2), last.minusDays(1), last), baseline, candidate, new long[] {900, 950, 910},
        ReleaseComparison.of(baseline, candidate, PerformanceMetric.AUC, 0), UUID.randomUUID().toString()));

    engine = DefaultEngine.create(new Configuration());
    Map<String, Instant> finished = new HashMap<>();
    publishingRun = new HashMap<>();
    for (List<Object> run : KernelRead.of(engine, latest(path(Table.RUNS)), "model", "run_id", "status", "finished_at",
        "replaced").rows()) {
      if (!Set.of("succeeded", "skipped").contains(run.get(2)) || run.get(4) == null) {
        continue;
      }
      for (Object replaced : (List<?>) run.get(4)) {
        List<?> tableAndDay = (List<?>) replaced;
        String key = run.get(0) + "|" + tableAndDay.get(0) + "|" + tableAndDay.get(1);
        Instant at = (Instant) run.get(3);
        if (!finished.containsKey(key) || at.isAfter(finished.get(key))) {
          finished.put(key, at);
          publishingRun.put(key, (String) run.get(1));
        }
      }
    }
    Assertions.assertFalse(publishingRun.isEmpty(), "the demo's runs rows list the tables and days they published");
  }

  private Path path(Table table) {
    return (NOT_IN_THE_DEMO.contains(table) ? commandsWarehouse : DemoWarehouse.warehouse())
        .resolve(table.tableName());
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void kernelReadsTheContractProtocolAndRows(Table table) {
    Path path = path(table);
    SnapshotImpl snapshot = (SnapshotImpl) latest(path);

    StructType schema = (StructType) asSpark(snapshot.getSchema(engine));
    assertEquals(columns(table.schema()), columns(schema), table + ": columns, types, nullability and comments");
    List<String> uncommented = new ArrayList<>();
    uncommented(schema, table.tableName(), uncommented);
    assertEquals(List.of(), uncommented, table + ": columns without a comment");
    assertEquals(List.of("ds"), snapshot.getPartitionColumnNames(engine), table + ": partition columns");
    assertEquals(Optional.of(table.comment()), snapshot.getMetadata().getDescription(), table + ": description");

    Protocol protocol = snapshot.getProtocol();
    assertEquals(List.of(MIN_READER_VERSION, MIN_WRITER_VERSION),
        List.of(protocol.getMinReaderVersion(), protocol.getMinWriterVersion()), table + ": protocol " + protocol);
    assertEquals(List.of(), orEmpty(protocol.getReaderFeatures()), table + ": reader features");
    assertEquals(List.of(), orEmpty(protocol.getWriterFeatures()), table + ": writer features");
    assertEquals(Map.of(), snapshot.getMetadata().getConfiguration(), table + ": table properties");

    List<List<Object>> rows = KernelRead.of(engine, snapshot, "model", "ds", "run_id").rows();
    long count = spark().read().format("delta").load(path.toString()).count();
    Assertions.assertTrue(count > 0, table + " has rows to read");
    assertEquals(count, rows.size(), table + ": rows read by Kernel against Spark's count");
    assertEquals(List.of(), rows.stream().filter(r -> r.get(1) == null).toList(), table + ": rows without their ds");
    if (Table.PUBLISHED_BY_RUNS.contains(table)) {
      long published = rows.stream()
          .filter(r -> r.get(2).equals(publishingRun.get(r.get(0) + "|" + table.tableName() + "|" + r.get(1)))).count();
      // The demo's run finished: the rule keeps every row (it would drop a killed run's, or superseded ones).
      assertEquals(rows.size(), published, table + ": rows the README's rule keeps, of a finished run");
    }
  }

  private Snapshot latest(Path path) {
    try {
      return io.delta.kernel.Table.forPath(engine, path.toString()).getLatestSnapshot(engine);
    } catch (io.delta.kernel.exceptions.TableNotFoundException e) {
      throw new AssertionError("no Delta table at " + path, e);
    }
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** One rendering of a column per line: name, type with nested nullability and comments, NOT NULL, comment. */
  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields()).map(DeltaKernelReadTest::column).toList();
  }

  private static String column(StructField f) {
    return f.name() + " " + type(f.dataType()) + (f.nullable() ? "" : " NOT NULL")
        + (f.getComment().isDefined() ? " COMMENT '" + f.getComment().get() + "'" : "");
  }

  private static String type(DataType type) {
    if (type instanceof StructType s) {
      return "struct<" + Arrays.stream(s.fields()).map(DeltaKernelReadTest::column).collect(Collectors.joining(", "))
          + ">";
    }
    if (type instanceof org.apache.spark.sql.types.ArrayType a) {
      return "array<" + type(a.elementType()) + (a.containsNull() ? "" : " NOT NULL") + ">";
    }
    if (type instanceof org.apache.spark.sql.types.MapType m) {
      return "map<" + type(m.keyType()) + ", " + type(m.valueType()) + (m.valueContainsNull() ? "" : " NOT NULL") + ">";
    }
    return type.catalogString();
  }

  /** Every field, nested ones included, whose comment is missing or blank, as table.column.field. */
  private static void uncommented(DataType type, String prefix, List<String> out) {
    if (type instanceof StructType s) {
      for (StructField f : s.fields()) {
        if (f.getComment().isEmpty() || f.getComment().get().isBlank()) {
          out.add(prefix + "." + f.name());
        }
        uncommented(f.dataType(), prefix + "." + f.name(), out);
      }
    } else if (type instanceof org.apache.spark.sql.types.ArrayType a) {
      uncommented(a.elementType(), prefix, out);
    } else if (type instanceof org.apache.spark.sql.types.MapType m) {
      uncommented(m.valueType(), prefix, out);
    }
  }

  /**
   * Kernel's type as the Spark type it stands for, with each field's comment from Kernel's field
   * metadata. Only the types the README lists are known: another one fails until the README names it.
   */
  private static DataType asSpark(io.delta.kernel.types.DataType type) {
    if (type instanceof io.delta.kernel.types.StructType s) {
      return new StructType(s.fields().stream().map(f -> {
        MetadataBuilder metadata = new MetadataBuilder();
        if (f.getMetadata().contains("comment")) {
          metadata.putString("comment", f.getMetadata().getString("comment"));
        }
        return new StructField(f.getName(), asSpark(f.getDataType()), f.isNullable(), metadata.build());
      }).toArray(StructField[]::new));
    }
    if (type instanceof ArrayType a) {
      return DataTypes.createArrayType(asSpark(a.getElementType()), a.containsNull());
    }
    if (type instanceof MapType m) {
      return DataTypes.createMapType(asSpark(m.getKeyType()), asSpark(m.getValueType()), m.isValueContainsNull());
    }
    DataType primitive = PRIMITIVES.get(type);
    if (primitive == null) {
      throw new AssertionError("a column type the README does not list: " + type);
    }
    return primitive;
  }

  /**
   * A snapshot read by Delta Kernel alone: every data file through the engine's Parquet reader (all
   * columns, so every type is decoded), turned into the table's logical rows (partition values
   * added, deletion vectors applied as selection vectors), keeping the given columns of each
   * selected row as Java values (a date as LocalDate, a timestamp as Instant, an array or struct as a
   * List).
   */
  record KernelRead(List<List<Object>> rows) {

    static KernelRead of(Engine engine, Snapshot snapshot, String... columns) {
      List<List<Object>> rows = new ArrayList<>();
      try {
        Scan scan = snapshot.getScanBuilder(engine).build();
        io.delta.kernel.data.Row scanState = scan.getScanState(engine);
        io.delta.kernel.types.StructType readSchema = ScanStateRow.getPhysicalDataReadSchema(engine, scanState);
        try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
          while (files.hasNext()) {
            try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
              while (fileRows.hasNext()) {
                io.delta.kernel.data.Row file = fileRows.next();
                CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler().readParquetFiles(
                    Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)), readSchema,
                    Optional.empty());
                try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, file,
                    physical)) {
                  while (data.hasNext()) {
                    collect(data.next(), columns, rows);
                  }
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new KernelRead(rows);
    }

    private static void collect(FilteredColumnarBatch batch, String[] columns, List<List<Object>> rows) {
      ColumnarBatch data = batch.getData();
      Optional<ColumnVector> selected = batch.getSelectionVector();
      List<ColumnVector> vectors = new ArrayList<>();
      for (String column : columns) {
        vectors.add(data.getColumnVector(data.getSchema().indexOf(column)));
      }
      for (int i = 0; i < data.getSize(); i++) {
        if (selected.isPresent() && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
          continue;
        }
        List<Object> values = new ArrayList<>();
        for (ColumnVector v : vectors) {
          values.add(value(v, i));
        }
        rows.add(values);
      }
    }

    private static Object value(ColumnVector v, int i) {
      if (v.isNullAt(i)) {
        return null;
      }
      io.delta.kernel.types.DataType type = v.getDataType();
      if (type instanceof DateType) {
        return LocalDate.ofEpochDay(v.getInt(i));
      }
      if (type instanceof TimestampType) {
        return Instant.EPOCH.plus(v.getLong(i), ChronoUnit.MICROS);
      }
      if (type instanceof ArrayType) {
        ColumnVector elements = v.getArray(i).getElements();
        return IntStream.range(0, elements.getSize()).mapToObj(j -> value(elements, j)).toList();
      }
      if (type instanceof io.delta.kernel.types.StructType s) {
        return IntStream.range(0, s.length()).mapToObj(c -> value(v.getChild(c), i)).toList();
      }
      return v.getString(i);
    }
  }
}
