package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.udfs.PartitionFoldTest.Seen;
import dev.driftline.udfs.math.DayStates;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Day states merge as each day's states alone would, and sections cut anywhere across days,
 * merged apart and joined, give the whole merge: every pair of cut points is tried.
 */
class DayStatesTest {

  private static final int DAYS = 3;
  private static final int LANES = 3;
  /** Which days each partition saw: some none, some several. */
  private static final int[][] SEEN = {{0, 1}, {1}, {}, {0, 2}};

  /** Partition p's state: day d's lane l holds 1000 p + 100 d + l. */
  private static List<DayStates<Seen>> partitions() {
    List<DayStates<Seen>> out = new ArrayList<>();
    for (int p = 0; p < SEEN.length; p++) {
      DayStates<Seen> state = new DayStates<>(DAYS, () -> new Seen(LANES));
      for (int d : SEEN[p]) {
        for (int l = 0; l < LANES; l++) {
          state.day(d).lanes.get(l).add(1000L * p + 100L * d + l);
        }
      }
      out.add(state);
    }
    return out;
  }

  /** Day d's lanes: what each partition that saw it added, in partition order. */
  private static List<List<Long>> expected(int d) {
    List<List<Long>> lanes = new ArrayList<>();
    for (int l = 0; l < LANES; l++) {
      List<Long> lane = new ArrayList<>();
      for (int p = 0; p < SEEN.length; p++) {
        for (int seen : SEEN[p]) {
          if (seen == d) {
            lane.add(1000L * p + 100L * d + l);
          }
        }
      }
      lanes.add(lane);
    }
    return lanes;
  }

  @Test
  void eachDayMergesAsItsOwnStatesWouldFromAnEmptyOne() {
    DayStates<Seen> total = new DayStates<>(DAYS, () -> new Seen(LANES));
    for (DayStates<Seen> p : partitions()) {
      total = total.merge(p);
    }
    List<Seen> days = total.toList();
    assertEquals(DAYS, days.size());
    for (int d = 0; d < DAYS; d++) {
      assertEquals(expected(d), days.get(d).lanes, "day " + d);
    }
    // Day 2 was seen once: an empty state merged with it, as a fold of that day alone starts.
    assertEquals(1, days.get(2).merges);
    assertEquals(DAYS * LANES, total.units());
  }

  @Test
  void aDayWithoutRowsIsAnEmptyState() {
    DayStates<Seen> none = new DayStates<>(DAYS, () -> new Seen(LANES));
    for (Seen day : none.toList()) {
      assertEquals(new Seen(LANES).lanes, day.lanes);
    }
  }

  @Test
  void sectionsCutAnywhereMergedApartAndJoinedGiveTheWholeMerge() {
    int units = DAYS * LANES;
    for (int a = 0; a <= units; a++) {
      for (int b = a; b <= units; b++) {
        int[] cuts = {0, a, b, units};
        List<DayStates<Seen>> merged = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
          DayStates<Seen> section = new DayStates<>(DAYS, () -> new Seen(LANES)).section(cuts[k], cuts[k + 1]);
          for (DayStates<Seen> p : partitions()) {
            section = section.merge(p.section(cuts[k], cuts[k + 1]));
          }
          merged.add(section);
        }
        List<Seen> days = new DayStates<>(DAYS, () -> new Seen(LANES)).join(merged).toList();
        for (int d = 0; d < DAYS; d++) {
          assertEquals(expected(d), days.get(d).lanes, "cuts at " + a + " and " + b + ", day " + d);
        }
      }
    }
  }

  @Test
  void statesOfOtherDaysOrUnitsDoNotMerge() {
    DayStates<Seen> three = new DayStates<>(DAYS, () -> new Seen(LANES));
    assertThrows(IllegalArgumentException.class, () -> three.merge(new DayStates<>(2, () -> new Seen(LANES))));
    assertThrows(IllegalArgumentException.class, () -> three.merge(three.section(0, 4)));
    assertThrows(IllegalStateException.class, () -> three.section(0, 4).day(0));
  }
}
