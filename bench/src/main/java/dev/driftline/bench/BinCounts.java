package dev.driftline.bench;

import dev.driftline.jobs.profile.Profile.SliceProfile;
import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.ProfileLayout;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The common currency every path's result is turned into before it is compared with Driftline's:
 * for each slice group and profiled column, the count of every bin of the layout plus one last
 * slot for numeric nulls (categorical nulls have a bin of their own). Groups and columns without
 * any count are left out, so a path need not report empty groups.
 */
public final class BinCounts {

  private final ProfileLayout layout;
  private final Map<String, long[]> cells = new TreeMap<>();

  public BinCounts(ProfileLayout layout) {
    this.layout = layout;
  }

  /** Slots of column {@code column} (numeric first, then categorical): its bins plus the null slot. */
  public int width(int column) {
    return layout.bins(column).size() + 1;
  }

  /** The slot of a null value of a column. */
  public int nullSlot(int column) {
    return layout.bins(column) instanceof CategoricalBins bins ? bins.nullBin() : width(column) - 1;
  }

  public BinCounts add(Slice slice, int column, int slot, long count) {
    if (slot < 0 || slot >= width(column)) {
      throw new IllegalStateException("slot " + slot + " out of range for column " + column + " in " + slice);
    }
    cells.computeIfAbsent(slice.key() + "=" + slice.value() + "#" + column, k -> new long[width(column)])[slot] += count;
    return this;
  }

  /** Adds a whole histogram (bins, then nulls) of a column in a slice. */
  public BinCounts add(Slice slice, int column, Histogram h) {
    long[] counts = h.counts();
    for (int bin = 0; bin < counts.length; bin++) {
      add(slice, column, bin, counts[bin]);
    }
    return add(slice, column, width(column) - 1, h.nulls());
  }

  public static BinCounts of(ProfileAccumulator acc) {
    BinCounts out = new BinCounts(acc.layout());
    List<Slice> slices = acc.layout().slices();
    for (int g = 0; g < slices.size(); g++) {
      for (int c = 0; c < acc.layout().columnCount(); c++) {
        out.add(slices.get(g), c, acc.histogram(g, c));
      }
    }
    return out;
  }

  public static BinCounts of(ProfileLayout layout, Map<Slice, SliceProfile> slices) {
    BinCounts out = new BinCounts(layout);
    slices.forEach((slice, p) -> {
      for (int c = 0; c < p.histograms().length; c++) {
        out.add(slice, c, p.histograms()[c]);
      }
    });
    return out;
  }

  public ProfileLayout layout() {
    return layout;
  }

  /** Non-null values of each column in the global slice, in column order. */
  public long[] globalNonNullCounts() {
    long[] out = new long[layout.columnCount()];
    for (int c = 0; c < out.length; c++) {
      long[] cell = cells.get(ProfileLayout.GLOBAL + "=" + ProfileLayout.GLOBAL + "#" + c);
      if (cell != null) {
        int nullSlot = nullSlot(c);
        for (int s = 0; s < cell.length; s++) {
          out[c] += s == nullSlot ? 0 : cell[s];
        }
      }
    }
    return out;
  }

  /** Null if both hold the same counts, else a description of the first difference. */
  public String difference(BinCounts other) {
    Set<String> keys = new HashSet<>(nonEmptyKeys());
    keys.addAll(other.nonEmptyKeys());
    for (String key : new java.util.TreeSet<>(keys)) {
      long[] mine = cells.get(key);
      long[] theirs = other.cells.get(key);
      if (!Arrays.equals(orEmpty(mine, theirs), orEmpty(theirs, mine))) {
        return key + ": expected " + Arrays.toString(mine) + " but got " + Arrays.toString(theirs);
      }
    }
    return null;
  }

  private Set<String> nonEmptyKeys() {
    Set<String> keys = new HashSet<>();
    cells.forEach((k, v) -> {
      if (Arrays.stream(v).anyMatch(x -> x != 0)) {
        keys.add(k);
      }
    });
    return keys;
  }

  private static long[] orEmpty(long[] a, long[] like) {
    return a != null ? a : new long[Objects.requireNonNull(like).length];
  }

  /** Number of (slice, column) histograms with counts. */
  public int histogramCount() {
    return nonEmptyKeys().size();
  }

  /** The category bins of categorical column {@code index} (0-based among categoricals). */
  CategoricalBins categorical(int index) {
    return layout.categoricalBins().get(index);
  }
}
