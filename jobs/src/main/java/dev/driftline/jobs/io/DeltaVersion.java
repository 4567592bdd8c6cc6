package dev.driftline.jobs.io;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/** The version of a Delta table. */
public final class DeltaVersion {

  private DeltaVersion() {}

  /**
   * The table's latest version, read from its log's listing: {@code DeltaTable.history(1)} gives the
   * same number but runs a Spark job for it, one per table written or read in a run.
   */
  public static long latest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty()).version();
  }
}
