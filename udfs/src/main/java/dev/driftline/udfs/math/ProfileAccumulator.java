package dev.driftline.udfs.math;

import java.util.Arrays;
import java.util.List;

/**
 * The histograms of every column in every slice group of a {@link ProfileLayout}, filled a
 * {@link RowBatch} at a time and merged across partitions. Each value is binned once and then
 * counted in the row's group of each slice dimension, which is what makes one pass enough for all
 * slices.
 *
 * <p>This is the profile's hot loop, so it keeps flat arrays instead of {@link Histogram}s:
 * <ul>
 *   <li>A batch is counted column by column, and each column's cells for all groups are contiguous
 *       (per bin a count and a sum, then four moments per group), so they stay in the L1 cache
 *       while the column's values are counted.
 *   <li>Sums are of {@code value - shift} and of its square, the shift being the first value the
 *       group saw: the bins' sums add up to the group's, so a value costs no separate mean update,
 *       and, unlike a running mean, no division. Because the shift is one of the group's values,
 *       {@code (shift - mean)^2 <= n * variance}, which bounds the cancellation in the variance
 *       (a constant column gets exactly 0).
 *   <li>When rows are sliced, the global group is not counted: every row is in exactly one group
 *       of the first dimension (its value, OTHER or NULL), so the global histograms are those
 *       groups' merged, when read.
 * </ul>
 * Values are added in row order within a partition and partitions merge in a fixed order, so the
 * same input gives bit-identical results. Merging reads only the merged column's cells (and the
 * group row counts, which every column section carries), so columns are the units that
 * {@link MergeableState#section} cuts a state into.
 */
public final class ProfileAccumulator implements MergeableState<ProfileAccumulator> {

  private static final long serialVersionUID = 2L;
  /** Doubles per numeric bin and group: count, sum of the finite values' {@code value - shift}. */
  private static final int BIN_STRIDE = 2;
  /**
   * Doubles per numeric column and group: the shift (NaN until the group's first finite value),
   * the sum of squared {@code value - shift}, min, max.
   */
  private static final int MOMENT_STRIDE = 4;
  /** Longs per numeric column and group: nulls, NaNs, -Infinity, +Infinity. */
  private static final int SPECIAL_STRIDE = 4;
  private static final int NULLS = 0;
  private static final int NANS = 1;
  private static final int NEG_INF = 2;
  private static final int POS_INF = 3;
  /** Longest cut list binned by counting; past it a binary search makes fewer comparisons. */
  private static final int COUNTED_CUTS = 32;

  private final ProfileLayout layout;
  private final int groups;
  /** Cut points per numeric column, read on every value (the bins' accessor copies them). */
  private final double[][] cuts;
  /** Where each column's cells start; a column's cells are [group][bin]. */
  private final int[] numericCellStart;
  private final int[] categoricalCellStart;
  /** Group numbers are first-group + value index per dimension; the global group alone is 0. */
  private final int[] firstGroups;

  private final double[] numericCells;
  private final double[] moments;
  private final long[] specials;
  private final long[] categoricalCounts;
  private final long[] groupRows;

  /** Scratch space for one batch, not part of the result. */
  private transient int[][] batchGroups;
  private transient int[] batchBins;

  public ProfileAccumulator(ProfileLayout layout) {
    this.layout = layout;
    this.groups = layout.groupCount();
    int numeric = layout.numericBins().size();
    this.cuts = layout.numericBins().stream().map(NumericBins::cuts).toArray(double[][]::new);
    this.numericCellStart = new int[numeric];
    int cells = 0;
    for (int c = 0; c < numeric; c++) {
      numericCellStart[c] = cells * BIN_STRIDE;
      cells += groups * (cuts[c].length + 1);
    }
    this.numericCells = new double[cells * BIN_STRIDE];
    this.categoricalCellStart = new int[layout.categoricalBins().size()];
    cells = 0;
    for (int c = 0; c < categoricalCellStart.length; c++) {
      categoricalCellStart[c] = cells;
      cells += groups * layout.categoricalBins().get(c).size();
    }
    this.categoricalCounts = new long[cells];
    this.moments = new double[numeric * groups * MOMENT_STRIDE];
    for (int m = 0; m < moments.length; m += MOMENT_STRIDE) {
      moments[m] = Double.NaN;
      moments[m + 2] = Double.POSITIVE_INFINITY;
      moments[m + 3] = Double.NEGATIVE_INFINITY;
    }
    this.specials = new long[numeric * groups * SPECIAL_STRIDE];
    this.groupRows = new long[groups];
    this.firstGroups = new int[layout.sliceKeys().size()];
    for (int d = 0; d < firstGroups.length; d++) {
      firstGroups[d] = layout.firstGroupOf(d);
    }
  }

  /** Counts the batch's rows and empties it. */
  public void add(RowBatch batch) {
    int n = batch.size;
    if (batchGroups == null) {
      // Without slices the one row of zeros counts every row in the global group 0.
      batchGroups = new int[Math.max(1, firstGroups.length)][RowBatch.CAPACITY];
      batchBins = new int[RowBatch.CAPACITY];
    }
    for (int d = 0; d < firstGroups.length; d++) {
      int[] values = batch.sliceValues[d];
      for (int r = 0; r < n; r++) {
        batchGroups[d][r] = firstGroups[d] + values[r];
      }
    }
    for (int[] rowGroups : batchGroups) {
      for (int r = 0; r < n; r++) {
        groupRows[rowGroups[r]]++;
      }
    }
    for (int c = 0; c < cuts.length; c++) {
      addNumeric(c, batch.numeric[c], batch.numericNull[c], n);
    }
    for (int c = 0; c < categoricalCellStart.length; c++) {
      int start = categoricalCellStart[c];
      int bins = layout.categoricalBins().get(c).size();
      int[] rowBins = batch.categoricalBins[c];
      for (int[] rowGroups : batchGroups) {
        for (int r = 0; r < n; r++) {
          categoricalCounts[start + rowGroups[r] * bins + rowBins[r]]++;
        }
      }
    }
    batch.size = 0;
  }

  private void addNumeric(int c, double[] values, boolean[] isNull, int n) {
    boolean allFinite = true;
    for (int r = 0; r < n; r++) {
      // x - x is 0 for finite x and NaN for NaN and the infinities.
      allFinite &= !isNull[r] & values[r] - values[r] == 0;
    }
    int[] bins = batchBins;
    binAll(c, values, n, bins);
    int binCount = cuts[c].length + 1;
    int cellStart = numericCellStart[c];
    int momentStart = c * groups * MOMENT_STRIDE;
    for (int[] rowGroups : batchGroups) {
      for (int r = 0; r < n; r++) {
        int group = rowGroups[r];
        double v = values[r];
        if (!allFinite && !isFinite(c, group, v, isNull[r], bins[r])) {
          continue;
        }
        int m = momentStart + group * MOMENT_STRIDE;
        double shift = moments[m];
        if (shift != shift) {
          shift = v;
          moments[m] = v;
        }
        double shifted = v - shift;
        int cell = cellStart + (group * binCount + bins[r]) * BIN_STRIDE;
        numericCells[cell] += 1;
        numericCells[cell + 1] += shifted;
        moments[m + 1] += shifted * shifted;
        if (v < moments[m + 2]) {
          moments[m + 2] = v;
        }
        if (v > moments[m + 3]) {
          moments[m + 3] = v;
        }
      }
    }
  }

  /** True for a finite value; otherwise counts the null, NaN or infinity in {@code group}. */
  private boolean isFinite(int c, int group, double v, boolean isNull, int bin) {
    int special = (c * groups + group) * SPECIAL_STRIDE;
    if (isNull) {
      specials[special + NULLS]++;
    } else if (Double.isNaN(v)) {
      specials[special + NANS]++;
    } else if (Double.isInfinite(v)) {
      numericCells[numericCellStart[c] + (group * (cuts[c].length + 1) + bin) * BIN_STRIDE] += 1;
      specials[special + (v > 0 ? POS_INF : NEG_INF)]++;
    } else {
      return true;
    }
    return false;
  }

  /**
   * The same bins as {@link NumericBins#binOf}: the number of cut points at or below each value.
   * For the usual dozen cuts, counting them all compiles to branch-free compares, where a binary
   * search mispredicts about one branch in two on random values.
   */
  private void binAll(int column, double[] values, int n, int[] bins) {
    double[] c = cuts[column];
    if (c.length > COUNTED_CUTS) {
      NumericBins numericBins = layout.numericBins().get(column);
      for (int r = 0; r < n; r++) {
        bins[r] = numericBins.binOf(values[r]);
      }
      return;
    }
    for (int r = 0; r < n; r++) {
      double v = values[r];
      int bin = 0;
      for (double cut : c) {
        bin += cut <= v ? 1 : 0;
      }
      bins[r] = bin;
    }
  }

  @Override
  public ProfileAccumulator merge(ProfileAccumulator other) {
    if (!other.layout.equals(layout)) {
      throw new IllegalArgumentException("cannot merge profiles built on different layouts");
    }
    for (int c = 0; c < cuts.length; c++) {
      for (int g = 0; g < groups; g++) {
        mergeNumeric(other, c, g);
      }
    }
    addInto(categoricalCounts, other.categoricalCounts);
    addInto(specials, other.specials);
    addInto(groupRows, other.groupRows);
    return this;
  }

  /** A profile's units are its columns, numeric first, then categorical. */
  @Override
  public int units() {
    return layout.columnCount();
  }

  /** A copy of columns {@code [from, to)}: the accumulator of {@link ProfileLayout#columns}. */
  @Override
  public ProfileAccumulator section(int from, int to) {
    ProfileAccumulator section = new ProfileAccumulator(layout.columns(from, to));
    exchange(section, from, true);
    return section;
  }

  @Override
  public ProfileAccumulator join(List<ProfileAccumulator> sections) {
    int from = 0;
    for (ProfileAccumulator section : sections) {
      int to = from + section.units();
      if (to > units() || !section.layout.equals(layout.columns(from, to))) {
        throw new IllegalArgumentException("sections do not cover the layout's columns in order");
      }
      exchange(section, from, false);
      from = to;
    }
    if (from != units() || sections.isEmpty()) {
      throw new IllegalArgumentException("sections cover " + from + " of " + units() + " columns");
    }
    // Every section counted the same rows.
    System.arraycopy(sections.get(0).groupRows, 0, groupRows, 0, groups);
    return this;
  }

  /**
   * Copies every cell of the columns from {@code from} on that {@code section} holds (a state of
   * those columns only) from this state into the section, or back.
   */
  private void exchange(ProfileAccumulator section, int from, boolean intoSection) {
    int numeric = Math.min(from, cuts.length);
    int categorical = Math.max(from - cuts.length, 0);
    int numericCell = numeric < cuts.length ? numericCellStart[numeric] : numericCells.length;
    int categoricalCell = categorical < categoricalCellStart.length ? categoricalCellStart[categorical]
        : categoricalCounts.length;
    copy(numericCells, numericCell, section.numericCells, section.numericCells.length, intoSection);
    copy(moments, numeric * groups * MOMENT_STRIDE, section.moments, section.moments.length, intoSection);
    copy(specials, numeric * groups * SPECIAL_STRIDE, section.specials, section.specials.length, intoSection);
    copy(categoricalCounts, categoricalCell, section.categoricalCounts, section.categoricalCounts.length,
        intoSection);
    if (intoSection) {
      System.arraycopy(groupRows, 0, section.groupRows, 0, groups);
    }
  }

  /** Copies {@code length} elements between {@code whole} from {@code start} and all of {@code part}. */
  private static void copy(Object whole, int start, Object part, int length, boolean intoPart) {
    if (intoPart) {
      System.arraycopy(whole, start, part, 0, length);
    } else {
      System.arraycopy(part, 0, whole, start, length);
    }
  }

  /** Adds {@code other}'s cells of one column and group, moved onto this group's shift. */
  private void mergeNumeric(ProfileAccumulator other, int c, int g) {
    int bins = cuts[c].length + 1;
    int cell = numericCellStart[c] + g * bins * BIN_STRIDE;
    int m = (c * groups + g) * MOMENT_STRIDE;
    double otherShift = other.moments[m];
    if (moments[m] != moments[m]) {
      moments[m] = otherShift;
    }
    // Zero when other has no finite value here (its sums are then zero too).
    double delta = otherShift != otherShift ? 0 : otherShift - moments[m];
    int special = (c * groups + g) * SPECIAL_STRIDE;
    long otherFinite = 0;
    double otherSum = 0;
    for (int b = 0; b < bins; b++) {
      int i = cell + b * BIN_STRIDE;
      long finite = finiteCount(other.numericCells[i], b, bins, other.specials, special);
      numericCells[i] += other.numericCells[i];
      numericCells[i + 1] += other.numericCells[i + 1] + finite * delta;
      otherFinite += finite;
      otherSum += other.numericCells[i + 1];
    }
    moments[m + 1] += other.moments[m + 1] + 2 * delta * otherSum + otherFinite * delta * delta;
    moments[m + 2] = Math.min(moments[m + 2], other.moments[m + 2]);
    moments[m + 3] = Math.max(moments[m + 3], other.moments[m + 3]);
  }

  /** Finite values among a bin's count: the outer bins also count the infinities. */
  private static long finiteCount(double count, int bin, int bins, long[] specials, int special) {
    long infinite = (bin == 0 ? specials[special + NEG_INF] : 0) + (bin == bins - 1 ? specials[special + POS_INF] : 0);
    return (long) count - infinite;
  }

  private static void addInto(long[] into, long[] from) {
    for (int i = 0; i < into.length; i++) {
      into[i] += from[i];
    }
  }

  public ProfileLayout layout() {
    return layout;
  }

  /** The groups whose counts make up {@code group}: the first dimension's for a sliced global. */
  private int[] countedGroups(int group) {
    if (group != 0 || firstGroups.length == 0) {
      return new int[] {group};
    }
    int[] dimensionGroups = new int[layout.groupsOf(0)];
    Arrays.setAll(dimensionGroups, i -> firstGroups[0] + i);
    return dimensionGroups;
  }

  /** Rows counted in a group. */
  public long rows(int group) {
    long rows = 0;
    for (int g : countedGroups(group)) {
      rows += groupRows[g];
    }
    return rows;
  }

  /** The histogram of column {@code column} (numeric first, then categorical) in a group. */
  public Histogram histogram(int group, int column) {
    return column < cuts.length ? numericHistogram(group, column)
        : categoricalHistogram(group, column - cuts.length);
  }

  private Histogram numericHistogram(int group, int column) {
    Histogram histogram = null;
    for (int g : countedGroups(group)) {
      Histogram part = countedNumericHistogram(g, column);
      histogram = histogram == null ? part : histogram.merge(part);
    }
    return histogram;
  }

  private Histogram countedNumericHistogram(int g, int column) {
    int bins = cuts[column].length + 1;
    int cell = numericCellStart[column] + g * bins * BIN_STRIDE;
    int m = (column * groups + g) * MOMENT_STRIDE;
    int special = (column * groups + g) * SPECIAL_STRIDE;
    double shift = moments[m];
    long[] counts = new long[bins];
    double[] sums = new double[bins];
    long finite = 0;
    double shiftedSum = 0;
    for (int b = 0; b < bins; b++) {
      counts[b] = (long) numericCells[cell + b * BIN_STRIDE];
      double binShiftedSum = numericCells[cell + b * BIN_STRIDE + 1];
      long binFinite = finiteCount(counts[b], b, bins, specials, special);
      sums[b] = binFinite == 0 ? 0 : binShiftedSum + binFinite * shift;
      finite += binFinite;
      shiftedSum += binShiftedSum;
    }
    double shiftedMean = finite == 0 ? 0 : shiftedSum / finite;
    double variance = finite == 0 ? 0 : Math.max(0, (moments[m + 1] - shiftedSum * shiftedMean) / finite);
    return Histogram.of(counts, sums, specials[special + NULLS], specials[special + NANS],
        specials[special + NEG_INF], specials[special + POS_INF], finite, shift + shiftedMean, variance,
        moments[m + 2], moments[m + 3]);
  }

  private Histogram categoricalHistogram(int group, int column) {
    int bins = layout.categoricalBins().get(column).size();
    long[] counts = new long[bins];
    for (int g : countedGroups(group)) {
      int cell = categoricalCellStart[column] + g * bins;
      for (int b = 0; b < bins; b++) {
        counts[b] += categoricalCounts[cell + b];
      }
    }
    return Histogram.of(counts, new double[bins], 0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}
