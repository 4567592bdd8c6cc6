package dev.driftline.tests;

import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.SameBits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Profiles {@link #PARTITIONS} partitions whose states together are more than twice this JVM's
 * heap (8 numeric columns of 102 bins in 40 slice groups: about 0.5 MB a state, ten rows a
 * partition), and compares the result bit for bit with the same rows profiled in one partition.
 * Integer values make every sum exact, so the two must be equal however the partitions merge.
 * Exit 0 when equal, 1 otherwise; run with a small {@code -Xmx}.
 */
public final class WideProfileFold {

  static final int PARTITIONS = 2000;
  static final long ROWS = 10L * PARTITIONS;
  private static final int NUMERIC = 8;
  private static final int SLICE_VALUES = 37;
  /** Cuts -150, -147, ..., 150: 102 bins for values in [-153, 153]. */
  private static final int HALF_CUTS = 50;

  private WideProfileFold() {}

  static ProfileLayout layout() {
    double[] cuts = IntStream.rangeClosed(-HALF_CUTS, HALF_CUTS).mapToDouble(i -> 3.0 * i).toArray();
    List<NumericBins> numeric = new ArrayList<>();
    for (int c = 0; c < NUMERIC; c++) {
      numeric.add(new NumericBins(cuts));
    }
    List<String> vocabulary = IntStream.range(0, SLICE_VALUES).mapToObj(String::valueOf).toList();
    return new ProfileLayout(numeric, List.of(), List.of("segment"), List.of(vocabulary));
  }

  /** Slice values 0..40 (37..40 outside the vocabulary) or null; integers in [-153, 153] or null. */
  static Dataset<Row> rows(SparkSession spark) {
    List<String> columns = new ArrayList<>();
    columns.add("CASE WHEN id % 101 = 0 THEN NULL ELSE cast(id % " + (SLICE_VALUES + 4) + " AS STRING) END AS segment");
    for (int c = 0; c < NUMERIC; c++) {
      columns.add("CASE WHEN id % 13 = " + (c % 13) + " THEN NULL"
          + " ELSE cast((id * " + (c + 7) + ") % 307 - 153 AS DOUBLE) END AS x" + c);
    }
    return spark.range(0, ROWS, 1, PARTITIONS).selectExpr(columns.toArray(new String[0]));
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("wide-profile-fold")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "localhost")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    ProfileLayout layout = layout();
    long stateBytes = SameBits.of(new ProfileAccumulator(layout)).length;
    long heap = Runtime.getRuntime().maxMemory();
    System.out.printf("%d partitions x %d-byte states = %d bytes, heap %d bytes%n", PARTITIONS, stateBytes,
        PARTITIONS * stateBytes, heap);
    if (PARTITIONS * stateBytes <= 2 * heap) {
      System.out.println("the states together would fit in twice the heap: not a test of the driver's memory");
      System.exit(1);
    }
    Dataset<Row> rows = rows(spark);
    long start = System.nanoTime();
    ProfileAccumulator folded = ProfileScan.scan(rows, layout);
    long foldMillis = (System.nanoTime() - start) / 1_000_000;
    ProfileAccumulator reference = ProfileScan.scan(rows.coalesce(1), layout);
    boolean same = Arrays.equals(SameBits.of(folded), SameBits.of(reference));
    System.out.printf("folded in %d ms: %d rows; equal to the one-partition profile bit for bit: %s%n", foldMillis,
        folded.rows(0), same);
    spark.stop();
    System.exit(same && folded.rows(0) == ROWS ? 0 : 1);
  }
}
