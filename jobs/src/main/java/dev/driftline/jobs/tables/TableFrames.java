package dev.driftline.jobs.tables;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.StructType;

/**
 * The rows a run built on the driver as a DataFrame to write. {@code createDataFrame(List, schema)}
 * puts the rows in the plan itself (a local relation), and Spark's analyzer and optimizer walk
 * every row each time they list a plan node's expressions: on a backfill's 183,000 drift rows that
 * took longer than writing them. Above a few thousand rows they are encoded once on the driver to
 * Spark's binary rows and handed to the plan as an RDD, which no rule walks. Its tasks carry the
 * rows as a local relation's scan would (in as many slices as the default parallelism).
 */
final class TableFrames {

  /**
   * Below this a list stays a local relation: the planner's walk over its rows costs little, and
   * a one-day run keeps the path it always had.
   */
  static final int RDD_ROWS = 5_000;

  private TableFrames() {}

  static Dataset<Row> of(SparkSession spark, List<Row> rows, StructType schema) {
    if (rows.size() < RDD_ROWS) {
      return spark.createDataFrame(rows, schema);
    }
    ExpressionEncoder.Serializer<Row> encode = ExpressionEncoder.apply(schema).createSerializer();
    List<InternalRow> encoded = new ArrayList<>(rows.size());
    for (Row row : rows) {
      encoded.add(encode.apply(row).copy());
    }
    // Contiguous slices keep a backfill's days (its rows are in day order) in few tasks each.
    // internalCreateDataFrame is Spark's own (private[sql], public to Java) way from binary rows to a
    // DataFrame, what createDataFrame(JavaRDD<Row>) does after converting; Spark is pinned at 3.5.
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return spark.internalCreateDataFrame(context.parallelize(encoded, context.defaultParallelism()).rdd(), schema,
        false);
  }
}
