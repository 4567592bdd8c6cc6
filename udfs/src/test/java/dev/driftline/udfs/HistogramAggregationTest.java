package dev.driftline.udfs;

import static dev.driftline.udfs.HistogramAggregationFixture.COUNTRIES;
import static dev.driftline.udfs.HistogramAggregationFixture.DEVICE_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.ROWS;
import static dev.driftline.udfs.HistogramAggregationFixture.X_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.Y_BINS;
import static dev.driftline.udfs.HistogramAggregationFixture.assertHistogramEquals;
import static dev.driftline.udfs.HistogramAggregationFixture.expected;
import static dev.driftline.udfs.HistogramAggregationFixture.frame;
import static dev.driftline.udfs.HistogramAggregationFixture.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass profile scan against a plain Java loop over the same rows, across partitionings
 * including empty partitions.
 */
class HistogramAggregationTest extends SparkTestBase {

  private static final ProfileLayout LAYOUT = new ProfileLayout(
      List.of(X_BINS, Y_BINS), List.of(DEVICE_BINS), List.of("country"), List.of(COUNTRIES));

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 7})
  void profileScanEqualsPlainLoop(int partitions) {
    ProfileAccumulator acc = ProfileScan.scan(frame(spark(), partitions), LAYOUT);
    Map<String, Histogram[]> expected = expected(rows());
    List<ProfileLayout.Slice> slices = LAYOUT.slices();
    long totalRows = 0;
    for (int g = 0; g < slices.size(); g++) {
      String value = slices.get(g).value();
      Histogram[] want = expected.get(value);
      for (int c = 0; c < 3; c++) {
        Histogram got = acc.histogram(g, c);
        if (want == null) {
          assertEquals(0, got.rows(), "group " + value);
          continue;
        }
        assertHistogramEquals(want[c], got, value + " column " + c);
      }
      if (g > 0) {
        totalRows += acc.rows(g);
      }
    }
    assertEquals(ROWS, acc.rows(0));
    assertEquals(ROWS, totalRows, "every row lands in exactly one country group");
  }
}
