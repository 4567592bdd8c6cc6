package dev.driftline.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The profile scan looks strings up by their packed bytes when they fit in 8 bytes and by hash
 * otherwise; both must agree with plain Java string lookups on every kind of string: empty,
 * exactly 8 bytes, longer, multi-byte UTF-8, and near misses that share a prefix or differ only
 * by a trailing NUL.
 */
class ProfileScanStringsTest extends SparkTestBase {

  private static final List<String> CATEGORIES = List.of("", "a", "abcdefgh", "abcdefghi", "é", "日本語",
      "a-much-longer-category-name", "12345678");
  private static final List<String> NEAR_MISSES = List.of("a\u0000", "abcdefgi", "abcdefghj", "abcdefg", "e",
      "日本", "a-much-longer-category-namE", "1234567", "A", " ");
  private static final List<String> SLICE_VALUES = List.of("", "x", "a-long-slice-value");

  @Test
  void stringLookupsAgreeWithJavaStringsOnEveryLength() {
    Random random = new Random(7);
    List<String> pool = new ArrayList<>(CATEGORIES);
    pool.addAll(NEAR_MISSES);
    List<String> slicePool = new ArrayList<>(SLICE_VALUES);
    slicePool.addAll(List.of("y", "a-long-slice-valuE", "x\u0000"));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String slice = random.nextInt(20) == 0 ? null : slicePool.get(random.nextInt(slicePool.size()));
      String category = random.nextInt(20) == 0 ? null : pool.get(random.nextInt(pool.size()));
      rows.add(RowFactory.create(slice, category));
    }
    StructType schema = new StructType().add("s0", DataTypes.StringType).add("c0", DataTypes.StringType);
    CategoricalBins bins = new CategoricalBins(CATEGORIES);
    ProfileLayout layout = new ProfileLayout(List.of(), List.of(bins), List.of("s"), List.of(SLICE_VALUES));

    ProfileAccumulator acc = ProfileScan.scan(spark().createDataFrame(rows, schema), layout);

    // Oracle: java.lang.String equality through CategoricalBins' own index and List.indexOf.
    Map<String, Integer> index = bins.index();
    long[][] expected = new long[layout.groupCount()][bins.size()];
    for (Row r : rows) {
      int bin = bins.binOf(r.getString(1), index);
      String slice = r.getString(0);
      int position = slice == null ? -1 : SLICE_VALUES.indexOf(slice);
      int group = layout.firstGroupOf(0) + (slice == null ? SLICE_VALUES.size() + 1
          : position < 0 ? SLICE_VALUES.size() : position);
      expected[0][bin]++;
      expected[group][bin]++;
    }
    for (int g = 0; g < layout.groupCount(); g++) {
      assertArrayEquals(expected[g], acc.histogram(g, 0).counts(), "group " + layout.slices().get(g));
    }
    assertEquals(rows.size(), acc.rows(0));
  }
}
