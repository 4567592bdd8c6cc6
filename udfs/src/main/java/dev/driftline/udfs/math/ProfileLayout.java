package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one profiling pass fills: the bins of every monitored column and the slices to split rows
 * by. Slice dimension d has a fixed vocabulary (its top values in the reference) plus two extra
 * groups, {@link #OTHER_SLICE} for values outside it and {@link #NULL_SLICE} for nulls, so every
 * day is sliced the same way and the number of groups is known before the pass.
 *
 * <p>Groups are numbered 0 (the global slice) then each dimension's values in order.
 */
public record ProfileLayout(
    List<NumericBins> numericBins,
    List<CategoricalBins> categoricalBins,
    List<String> sliceKeys,
    List<List<String>> sliceVocabularies) implements Serializable {

  public static final String GLOBAL = "__all__";
  public static final String OTHER_SLICE = "__other__";
  public static final String NULL_SLICE = "__null__";
  /** The group of every row. */
  public static final Slice GLOBAL_SLICE = new Slice(GLOBAL, GLOBAL);

  public ProfileLayout {
    numericBins = List.copyOf(numericBins);
    categoricalBins = List.copyOf(categoricalBins);
    sliceKeys = List.copyOf(sliceKeys);
    sliceVocabularies = sliceVocabularies.stream().map(List::copyOf).toList();
    if (sliceKeys.size() != sliceVocabularies.size()) {
      throw new IllegalArgumentException(
          sliceKeys.size() + " slice keys but " + sliceVocabularies.size() + " vocabularies");
    }
  }

  public int columnCount() {
    return numericBins.size() + categoricalBins.size();
  }

  /** The bins of column {@code column}, columns being numbered numeric first, then categorical. */
  public ColumnBins bins(int column) {
    int numeric = numericBins.size();
    return column < numeric ? numericBins.get(column) : categoricalBins.get(column - numeric);
  }

  /**
   * The layout of columns {@code [from, to)} only (numbered numeric first, then categorical), with
   * the same slices.
   */
  public ProfileLayout columns(int from, int to) {
    if (from < 0 || to < from || to > columnCount()) {
      throw new IndexOutOfBoundsException("columns [" + from + ", " + to + ") of " + columnCount());
    }
    int numeric = numericBins.size();
    return new ProfileLayout(numericBins.subList(Math.min(from, numeric), Math.min(to, numeric)),
        categoricalBins.subList(Math.max(from - numeric, 0), Math.max(to - numeric, 0)), sliceKeys,
        sliceVocabularies);
  }

  /** Groups a dimension has: its vocabulary, then OTHER, then NULL. */
  public int groupsOf(int dimension) {
    return sliceVocabularies.get(dimension).size() + 2;
  }

  /** Number of the first group of a dimension. */
  public int firstGroupOf(int dimension) {
    int group = 1;
    for (int d = 0; d < dimension; d++) {
      group += groupsOf(d);
    }
    return group;
  }

  public int groupCount() {
    return firstGroupOf(sliceKeys.size());
  }

  /** The (slice key, slice value) of every group, in group order. */
  public List<Slice> slices() {
    List<Slice> slices = new ArrayList<>(groupCount());
    slices.add(GLOBAL_SLICE);
    for (int d = 0; d < sliceKeys.size(); d++) {
      for (String value : sliceVocabularies.get(d)) {
        slices.add(new Slice(sliceKeys.get(d), value));
      }
      slices.add(new Slice(sliceKeys.get(d), OTHER_SLICE));
      slices.add(new Slice(sliceKeys.get(d), NULL_SLICE));
    }
    return slices;
  }

  /** One slice: {@code __all__/__all__} for the whole day, else a dimension and one of its values. */
  public record Slice(String key, String value) {}
}
