package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.udfs.math.DriftAttribution.Result;
import dev.driftline.udfs.math.DriftAttribution.Share;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftAttributionTest {

  private static final List<String> STATES = List.of("CA", "NY", "TX");

  @Test
  void sharesAddUpToTheWholeChange() {
    Random random = new Random(7);
    for (int round = 0; round < 200; round++) {
      int slices = 1 + random.nextInt(6);
      int bins = 2 + random.nextInt(8);
      List<String> names = new ArrayList<>();
      List<long[]> ref = new ArrayList<>();
      List<long[]> cur = new ArrayList<>();
      for (int s = 0; s < slices; s++) {
        names.add("s" + s);
        ref.add(random.longs(bins, 0, 1000).toArray());
        cur.add(random.longs(bins, 0, 1000).toArray());
      }
      Result r = DriftAttribution.of(names, ref, cur);
      double total = r.mix() + r.withinSlices().stream().mapToDouble(Share::share).sum();
      assertEquals(1, total, 1e-9, "round " + round);
    }
  }

  @Test
  void aSliceThatMovesAloneExplainsTheWholeChange() {
    List<long[]> ref = List.of(new long[] {500, 500}, new long[] {300, 700}, new long[] {800, 200});
    // Texas moves from 80/20 to 20/80 with the same rows; the others keep their counts.
    List<long[]> cur = List.of(new long[] {500, 500}, new long[] {300, 700}, new long[] {200, 800});
    Result r = DriftAttribution.of(STATES, ref, cur);
    assertEquals(new Share("TX", 1.0).slice(), r.top().slice());
    assertEquals(1.0, r.top().share(), 1e-12);
    assertEquals(0.0, r.mix(), 1e-12);
    r.withinSlices().stream().filter(s -> !s.slice().equals("TX")).forEach(s -> assertEquals(0, s.share(), 1e-12));
  }

  @Test
  void aChangeOfSliceMixIsMixNotAnySlice() {
    List<long[]> ref = List.of(new long[] {500, 500}, new long[] {100, 900}, new long[] {900, 100});
    // Every slice keeps its own shares; Texas triples its rows.
    List<long[]> cur = List.of(new long[] {500, 500}, new long[] {100, 900}, new long[] {2700, 300});
    Result r = DriftAttribution.of(STATES, ref, cur);
    assertEquals(1.0, r.mix(), 1e-12);
    r.withinSlices().forEach(s -> assertEquals(0, s.share(), 1e-12, s.slice()));
  }

  @Test
  void aChangeInEverySliceIsSharedByTheirWeights() {
    List<long[]> ref = List.of(new long[] {500, 500}, new long[] {1000, 1000}, new long[] {500, 500});
    List<long[]> cur = List.of(new long[] {300, 700}, new long[] {600, 1400}, new long[] {300, 700});
    Result r = DriftAttribution.of(STATES, ref, cur);
    assertEquals("NY", r.top().slice());
    assertEquals(0.5, r.top().share(), 1e-12);
    assertEquals(0.25, r.withinSlices().get(1).share(), 1e-12);
    assertEquals(0, r.mix(), 1e-12);
  }

  @Test
  void anEmptySideHasNothingToAttribute() {
    Result r = DriftAttribution.of(List.of("a"), List.of(new long[] {0, 0}), List.of(new long[] {3, 4}));
    assertTrue(r.withinSlices().isEmpty());
    assertTrue(Double.isNaN(r.mix()));
  }
}
