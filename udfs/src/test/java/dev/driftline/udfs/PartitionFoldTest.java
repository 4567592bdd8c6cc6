package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.udfs.math.MergeableState;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.SameBits;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fold merges partition states in partition order, on the driver for few partitions and in
 * sections on the executors for more, and checks the input's column types first.
 */
class PartitionFoldTest extends SparkTestBase {

  private static final int ROWS = 100;
  private static final int LANES = 3;

  /**
   * Every value in the order it was added, in one lane per unit (value mod {@link #LANES}): any
   * other merge order than the partitions', or sections joined out of order, shows.
   */
  static final class Seen implements MergeableState<Seen> {
    private static final long serialVersionUID = 1L;
    final List<List<Long>> lanes = new ArrayList<>();
    int merges;
    boolean joined;

    Seen(int lanes) {
      for (int l = 0; l < lanes; l++) {
        this.lanes.add(new ArrayList<>());
      }
    }

    @Override
    public Seen merge(Seen other) {
      for (int l = 0; l < lanes.size(); l++) {
        lanes.get(l).addAll(other.lanes.get(l));
      }
      merges++;
      return this;
    }

    @Override
    public int units() {
      return lanes.size();
    }

    @Override
    public Seen section(int from, int to) {
      Seen section = new Seen(0);
      section.lanes.addAll(lanes.subList(from, to));
      return section;
    }

    @Override
    public Seen join(List<Seen> sections) {
      lanes.clear();
      sections.forEach(s -> lanes.addAll(s.lanes));
      merges = sections.get(0).merges;
      joined = true;
      return this;
    }
  }

  /** The fold with the fan-in set for the call. */
  static <T> T withFanIn(SparkSession spark, Object fanIn, Supplier<T> fold) {
    spark.conf().set(PartitionFold.FAN_IN_SETTING, String.valueOf(fanIn));
    try {
      return fold.get();
    } finally {
      spark.conf().unset(PartitionFold.FAN_IN_SETTING);
    }
  }

  private static Seen fold(Dataset<Row> ids) {
    return PartitionFold.fold(ids, "test", List.of(DataTypes.LongType), () -> new Seen(LANES), (rows, state) -> {
      while (rows.hasNext()) {
        long value = rows.next().getLong(0);
        state.lanes.get((int) (value % LANES)).add(value);
      }
    });
  }

  private static List<List<Long>> lanes(int rows) {
    return IntStream.range(0, LANES)
        .mapToObj(l -> LongStream.range(0, rows).filter(v -> v % LANES == l).boxed().toList()).toList();
  }

  /** Up to the fan-in on the driver, past it in 2 or 3 sections (one per lane at most). */
  @ParameterizedTest
  @CsvSource({"1, 2", "2, 2", "3, 2", "7, 2", "7, 3", "12, 2"})
  void mergesPartitionStatesInPartitionOrder(int partitions, int fanIn) {
    // range() puts consecutive ids in consecutive partitions.
    Seen seen = withFanIn(spark(), fanIn, () -> fold(spark().range(0, ROWS, 1, partitions).toDF()));
    assertEquals(lanes(ROWS), seen.lanes);
    assertEquals(partitions, seen.merges, "one merge per partition, into an empty state");
    assertEquals(partitions > fanIn, seen.joined, "merged in sections past the fan-in");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 32})
  void noRowsGiveTheEmptyState(int fanIn) {
    Seen seen = withFanIn(spark(), fanIn, () -> fold(spark().range(0, 0, 1, 3).toDF()));
    assertEquals(lanes(0), seen.lanes);
  }

  /**
   * A profile of doubles (with nulls, NaN and infinities) over 12 partitions: merged in 3 sections
   * (one per column) or 2 on the executors, it is the driver's merge bit for bit.
   */
  @Test
  void sectionsGiveTheDriversProfileBitForBit() {
    ProfileLayout layout = new ProfileLayout(List.of(HistogramAggregationFixture.X_BINS,
        HistogramAggregationFixture.Y_BINS), List.of(HistogramAggregationFixture.DEVICE_BINS), List.of("country"),
        List.of(HistogramAggregationFixture.COUNTRIES));
    Dataset<Row> frame = HistogramAggregationFixture.frame(spark(), 12);
    ProfileAccumulator onDriver = withFanIn(spark(), 12, () -> ProfileScan.scan(frame, layout));
    for (int fanIn : new int[] {2, 6}) {
      ProfileAccumulator inSections = withFanIn(spark(), fanIn, () -> ProfileScan.scan(frame, layout));
      SameBits.assertSameBits(onDriver, inSections, "fan-in " + fanIn);
    }
  }

  @Test
  void rejectsOtherColumnTypesInOneLineNamingExpectedAndActual() {
    Dataset<Row> strings = spark().range(0, 3).selectExpr("cast(id as string) as id", "id as n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fold(strings));
    assertEquals("test input must have column types [LongType] but has [StringType, LongType]", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "many"})
  void rejectsAFanInBelowTwoNamingTheSetting(String fanIn) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> withFanIn(spark(), fanIn, () -> fold(spark().range(0, 3).toDF())));
    assertEquals("spark.driftline.merge.fanIn must be an integer of at least 2, got '" + fanIn + "'", e.getMessage());
  }
}
