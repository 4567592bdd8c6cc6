package dev.driftline.bench;

import static dev.driftline.udfs.HistogramAggregationFixture.DEVICE_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.X_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.Y_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.assertHistogramEquals;
import static dev.driftline.udfs.HistogramAggregationFixture.expected;
import static dev.driftline.udfs.HistogramAggregationFixture.frame;
import static dev.driftline.udfs.HistogramAggregationFixture.rows;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectorized UDAFs of the {@code vectorized-udaf} benchmark path against a plain Java loop
 * over the same rows, across partitionings including empty partitions.
 */
class VectorizedHistogramsTest extends SparkTestBase {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7})
  void vectorizedUdafsEqualPlainLoop(int partitions) {
    Dataset<Row> df = frame(spark(), partitions);
    Row global = df.agg(
            NumericHistogramsAggregator.udaf(List.of(X_BINS, Y_BINS)).apply(array(col("x"), col("y"))),
            CategoricalHistogramsAggregator.udaf(List.of(DEVICE_BINS)).apply(array(col("device"))))
        .first();
    Histogram[] want = expected(rows()).get(ProfileLayout.GLOBAL);
    List<Row> numeric = global.getStruct(0).getList(0);
    List<Row> categorical = global.getStruct(1).getList(0);
    assertHistogramEquals(want[0], HistogramRows.fromRow(numeric.get(0)), "x");
    assertHistogramEquals(want[1], HistogramRows.fromRow(numeric.get(1)), "y");
    assertHistogramEquals(want[2], HistogramRows.fromRow(categorical.get(0)), "device");
  }
}
