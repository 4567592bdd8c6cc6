package dev.driftline.udfs.math;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bins of a categorical column: the reference's top-K values, then an OTHER bin (values unseen
 * or rare in the reference) and a NULL bin. Unlike numeric columns, nulls are a bin here, since
 * a change in the null share of a category is a change in its distribution.
 */
public record CategoricalBins(List<String> categories) implements ColumnBins {

  public static final int DEFAULT_MAX_CATEGORIES = 50;
  public static final String OTHER = "__OTHER__";
  public static final String NULL = "__NULL__";

  public CategoricalBins {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String c : categories) {
      if (c == null) {
        throw new IllegalArgumentException("categories must not contain null (nulls have their own bin)");
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("category '" + c + "' is listed twice");
      }
    }
    categories = List.copyOf(categories);
  }

  /**
   * The top {@code maxCategories} values by count; ties go to the lexicographically smaller value
   * so that the same reference always gives the same vocabulary. A null key is ignored.
   */
  public static CategoricalBins fromCounts(Map<String, Long> counts, int maxCategories) {
    if (maxCategories < 0) {
      throw new IllegalArgumentException("maxCategories must be non-negative, got " + maxCategories);
    }
    List<String> top = counts.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getValue() != null && e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(maxCategories)
        .map(Map.Entry::getKey)
        .toList();
    return new CategoricalBins(top);
  }

  @Override
  public int size() {
    return categories.size() + 2;
  }

  public int otherBin() {
    return categories.size();
  }

  public int nullBin() {
    return categories.size() + 1;
  }

  /** A lookup table for binning many values; build it once per task, not per row. */
  public Map<String, Integer> index() {
    Map<String, Integer> index = new HashMap<>(categories.size() * 2);
    for (int i = 0; i < categories.size(); i++) {
      index.put(categories.get(i), i);
    }
    return index;
  }

  public int binOf(String value, Map<String, Integer> index) {
    if (value == null) {
      return nullBin();
    }
    return index.getOrDefault(value, otherBin());
  }

  @Override
  public List<String> labels() {
    List<String> labels = new ArrayList<>(categories);
    labels.add(OTHER);
    labels.add(NULL);
    return labels;
  }
}
