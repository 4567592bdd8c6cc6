package dev.driftline.udfs.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CategoricalBinsTest {

  @Test
  void topKByCountWithTiesBrokenByValue() {
    Map<String, Long> counts = Map.of("b", 5L, "a", 5L, "c", 7L, "d", 1L, "e", 5L);
    assertEquals(List.of("c", "a"), CategoricalBins.fromCounts(counts, 2).categories());
    assertEquals(List.of("c", "a", "b", "e"), CategoricalBins.fromCounts(counts, 4).categories());
    assertEquals(List.of("c", "a", "b", "e", "d"), CategoricalBins.fromCounts(counts, 50).categories());
  }

  @Test
  void theVocabularyDoesNotDependOnTheOrderCountsArrive() {
    Map<String, Long> forward = new LinkedHashMap<>();
    Map<String, Long> backward = new TreeMap<>(java.util.Comparator.reverseOrder());
    Map<String, Long> hashed = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      long count = i % 7;
      forward.put("v" + i, count);
      backward.put("v" + i, count);
      hashed.put("v" + i, count);
    }
    List<String> expected = CategoricalBins.fromCounts(forward, 30).categories();
    assertEquals(expected, CategoricalBins.fromCounts(backward, 30).categories());
    assertEquals(expected, CategoricalBins.fromCounts(hashed, 30).categories());
    assertEquals(30, expected.size());
  }

  @Test
  void nullKeysAndEmptyCountsAreNotCategories() {
    Map<String, Long> counts = new HashMap<>();
    counts.put(null, 100L);
    counts.put("never", 0L);
    counts.put("unknown", null);
    counts.put("seen", 2L);
    assertEquals(List.of("seen"), CategoricalBins.fromCounts(counts, 10).categories());
  }

  @Test
  void unseenValuesGoToOtherAndNullToItsOwnBin() {
    CategoricalBins bins = CategoricalBins.fromCounts(Map.of("red", 9L, "green", 4L, "blue", 1L), 2);
    Map<String, Integer> index = bins.index();
    assertEquals(4, bins.size());
    assertEquals(0, bins.binOf("red", index));
    assertEquals(1, bins.binOf("green", index));
    assertEquals(bins.otherBin(), bins.binOf("blue", index), "rare in the reference");
    assertEquals(bins.otherBin(), bins.binOf("purple", index), "unseen in the reference");
    assertEquals(bins.nullBin(), bins.binOf(null, index));
    assertEquals(List.of("red", "green", CategoricalBins.OTHER, CategoricalBins.NULL), bins.labels());
  }

  @Test
  void zeroCategoriesLeaveOnlyOtherAndNull() {
    CategoricalBins bins = CategoricalBins.fromCounts(Map.of("a", 3L), 0);
    assertEquals(List.of(CategoricalBins.OTHER, CategoricalBins.NULL), bins.labels());
    assertEquals(0, bins.binOf("a", bins.index()));
    assertThrows(IllegalArgumentException.class, () -> CategoricalBins.fromCounts(Map.of(), -1));
  }

  @Test
  void categoriesCannotBeChangedAfterwards() {
    List<String> values = new java.util.ArrayList<>(List.of("x", "y"));
    CategoricalBins bins = new CategoricalBins(values);
    values.add("z");
    assertEquals(List.of("x", "y"), bins.categories());
    assertThrows(UnsupportedOperationException.class, () -> bins.categories().add("z"));
  }
}
