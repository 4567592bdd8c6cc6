package dev.driftline.udfs;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.udfs.math.NumericBins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Quantiles as percentile_approx computes them, but merged in partition order. */
class QuantileScanTest extends SparkTestBase {

  private static final double[] DECILES = NumericBins.quantileProbabilities(10);
  private static final double ERROR = 1.0 / 10_000;

  /** Log-normal amounts rounded to cents (many ties), with nulls, NaN and infinities sprinkled in. */
  private Dataset<Row> amounts(int partitions) {
    return spark().range(0, 40_000, 1, partitions).selectExpr(
        "CASE WHEN id % 97 = 0 THEN NULL WHEN id % 89 = 0 THEN double('NaN')"
            + " WHEN id % 83 = 0 THEN double('Infinity') WHEN id % 79 = 0 THEN double('-Infinity')"
            + " ELSE round(exp(3 + 1.2 * randn(7)), 2) END AS amount",
        "CASE WHEN id % 2 = 0 THEN NULL ELSE double('NaN') END AS nothing_finite");
  }

  @Test
  void onOnePartitionEqualsPercentileApproxOfTheFiniteValues() {
    Dataset<Row> rows = amounts(1);
    Optional<QuantileScan.Quantiles> amount = QuantileScan.scan(rows, DECILES, ERROR).get(0);
    Column a = col("a");
    Row sql = rows.selectExpr("CASE WHEN isnan(amount) OR abs(amount) = double('Infinity') THEN NULL ELSE amount END AS a")
        .agg(percentile_approx(a, lit(DECILES), lit(10_000)), min(a), max(a)).first();
    assertArrayEquals(sql.<Double>getList(0).stream().mapToDouble(Double::doubleValue).toArray(), amount.get().values());
    assertEquals(sql.getDouble(1), amount.get().min());
    assertEquals(sql.getDouble(2), amount.get().max());
  }

  @Test
  void aColumnWithoutAFiniteValueHasNoQuantiles() {
    assertEquals(Optional.empty(), QuantileScan.scan(amounts(3), DECILES, ERROR).get(1));
  }

  @Test
  void partitionsMergeInTheirOrderWhichChangesTheQuantilesOfThisInput() {
    // Two partitions of 14,000 amounts whose summaries, merged the other way round, give other
    // deciles (found by trying seeds; many inputs do not show it).
    Random random = new Random(2);
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < 28_000; i++) {
      values.add(Math.round(Math.exp(3 + 1.2 * random.nextGaussian()) * 100) / 100.0);
    }
    Dataset<Row> rows = spark().createDataFrame(jsc().parallelize(values, 2).map(RowFactory::create),
        new StructType().add("amount", DataTypes.DoubleType));
    List<QuantileScan.Summaries> partitions = new ArrayList<>();
    for (List<Row> partition : rows.javaRDD().glom().collect()) {
      QuantileScan.Summaries s = new QuantileScan.Summaries(1, ERROR);
      partition.forEach(r -> s.add(0, r.getDouble(0)));
      s.compress();
      partitions.add(s);
    }
    double[] scanned = QuantileScan.scan(rows, DECILES, ERROR).get(0).orElseThrow().values();
    assertArrayEquals(merged(partitions), scanned);
    Collections.reverse(partitions);
    assertFalse(Arrays.equals(merged(partitions), scanned),
        "merged the other way round, the same partitions give other deciles: the order has to be fixed");
  }

  @Test
  void mergedInSectionsPastTheFanInTheQuantilesAreTheDriversMerge() {
    // Three columns over 8 partitions: a fan-in of 2 cuts each state into three one-column sections.
    Dataset<Row> rows = amounts(8).selectExpr("amount", "nothing_finite", "amount * 3 - 1 AS scaled");
    List<Optional<QuantileScan.Quantiles>> onDriver = QuantileScan.scan(rows, DECILES, ERROR);
    List<Optional<QuantileScan.Quantiles>> inSections =
        PartitionFoldTest.withFanIn(spark(), 2, () -> QuantileScan.scan(rows, DECILES, ERROR));
    assertEquals(3, inSections.size());
    for (int c : new int[] {0, 2}) {
      QuantileScan.Quantiles driver = onDriver.get(c).orElseThrow();
      QuantileScan.Quantiles sections = inSections.get(c).orElseThrow();
      assertArrayEquals(driver.values(), sections.values(), "column " + c);
      assertEquals(driver.min(), sections.min());
      assertEquals(driver.max(), sections.max());
    }
    assertEquals(Optional.empty(), inSections.get(1));
  }

  private static double[] merged(List<QuantileScan.Summaries> partitions) {
    QuantileScan.Summaries total = new QuantileScan.Summaries(1, ERROR);
    partitions.forEach(total::merge);
    return total.quantiles(0, DECILES);
  }
}
