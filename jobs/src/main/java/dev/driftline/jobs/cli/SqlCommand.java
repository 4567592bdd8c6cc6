package dev.driftline.jobs.cli;

import dev.driftline.jobs.Sessions;
import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.DriftFunctions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Run Spark SQL over the Driftline tables (registered by name: drift_metrics, ..., and their published views: drift_metrics_published, ...)",
        "with every dl_* function available, and print the result."})
public final class SqlCommand implements Callable<Integer> {

  static final class Source {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "a model config whose warehouse to query")
    java.nio.file.Path config;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "the warehouse root (default: ./warehouse)")
    String warehouse;
  }

  @ArgGroup(exclusive = true)
  Source source;

  @Option(names = {"-n", "--max-rows"}, defaultValue = "100", description = "rows to print (default ${DEFAULT-VALUE})")
  int maxRows;

  @Parameters(paramLabel = "QUERY", description = "the SQL query")
  String query;

  @Override
  public Integer call() {
    String root = "warehouse";
    String database = null;
    if (source != null && source.config != null) {
      JobSpec spec = dev.driftline.jobs.config.ConfigLoader.load(source.config);
      root = spec.warehouse();
      database = spec.database();
    } else if (source != null && source.warehouse != null) {
      root = source.warehouse;
    }
    SparkSession spark = Sessions.create("driftline sql");
    Warehouse warehouse = new Warehouse(spark, root, database);
    List<String> tables = WarehouseReads.of(warehouse, warehouse::register);
    if (tables.isEmpty()) {
      throw new ConfigException("no Driftline tables under " + warehouse.root()
          + " (run a job first, or point --warehouse at its output.warehouse)");
    }
    DriftFunctions.register(spark);
    Dataset<Row> result;
    try {
      result = spark.sql(query);
    } catch (Exception e) {
      throw WarehouseReads.failure(warehouse, e, () -> new ConfigException("query: " + problem(e)));
    }
    WarehouseReads.of(warehouse, () -> {
      result.show(maxRows, 0, false);
      return null;
    });
    return 0;
  }

  /** What is wrong with a query, in one line. */
  public static String problem(Exception e) {
    // getMessage() of an AnalysisException appends the whole query plan.
    return e instanceof AnalysisException analysis
        ? analysis.getSimpleMessage().strip().replaceAll("\\s*\\n\\s*", " ")
        : dev.driftline.jobs.NightlyJob.oneLine(e);
  }
}
