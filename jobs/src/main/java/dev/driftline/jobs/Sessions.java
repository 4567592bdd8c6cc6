package dev.driftline.jobs;

import dev.driftline.udfs.ForklessLocalFileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The SparkSession of a CLI run: local when started by the launcher, the cluster's under spark-submit. */
public final class Sessions {

  private Sessions() {}

  public static SparkSession create(String appName) {
    SparkConf conf = new SparkConf(true);
    SparkSession.Builder builder = SparkSession.builder().appName(appName);
    if (!conf.contains("spark.master")) {
      int cores = Runtime.getRuntime().availableProcessors();
      builder.master("local[" + cores + "]")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", String.valueOf(Math.max(4, 2 * cores)))
          .config("spark.driver.host", "localhost")
          .config("spark.sql.adaptive.enabled", "true")
          // Delta rebuilds a table's state from its log in a job of 50 tasks by default, each
          // compiling its own code: on one machine that was most of a small day's run time.
          .config("spark.databricks.delta.snapshotPartitions", String.valueOf(cores));
    }
    // Local paths without a child process per file (ForklessLocalFileSystem), unless the user chose another.
    ForklessLocalFileSystem.SETTINGS.forEach((key, value) -> {
      if (!conf.contains(key)) {
        builder.config(key, value);
      }
    });
    SparkSession spark = builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .getOrCreate();
    // Days are derived in the config's time zone from UTC instants; see PredictionLog.
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // spark.sql.codegen.maxFields stays at Spark's 100: raising it for a 214-column log made the
    // scan 3.7x slower in the bench (generated methods too large for the JIT to compile).
    // A Parquet batch of 4,096 rows of a wide log is megabytes, which evicts the profile's
    // histograms from the CPU cache on every batch; 1,024 rows made the profile step about 15%
    // faster in the bench and did not slow the plain scan.
    if (!spark.conf().contains("spark.sql.parquet.columnarReaderBatchSize")) {
      spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "1024");
    }
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }
}
