package dev.driftline.udfs.math;

import java.io.Serializable;

/**
 * The histograms of every column in every slice group of a {@link ProfileLayout}, filled one row
 * at a time and merged across partitions. A row's value is binned once and then counted in the
 * global group and in its group of each slice dimension, which is what makes one pass enough for
 * all slices.
 */
public final class ProfileAccumulator implements Serializable {

  private static final long serialVersionUID = 1L;

  private final ProfileLayout layout;
  /** [group][column]: numeric columns first, then categorical ones. */
  private final Histogram[][] histograms;
  private final long[] groupRows;
  private final int[] firstGroups;
  private final int[] groupsOfRow;
  /** Cut points per numeric column, read on every value (the bins' accessor copies them). */
  private final double[][] cuts;

  public ProfileAccumulator(ProfileLayout layout) {
    this.layout = layout;
    int groups = layout.groupCount();
    this.histograms = new Histogram[groups][layout.columnCount()];
    for (int g = 0; g < groups; g++) {
      int c = 0;
      for (NumericBins bins : layout.numericBins()) {
        histograms[g][c++] = new Histogram(bins.size());
      }
      for (CategoricalBins bins : layout.categoricalBins()) {
        histograms[g][c++] = new Histogram(bins.size());
      }
    }
    this.groupRows = new long[groups];
    this.firstGroups = new int[layout.sliceKeys().size()];
    for (int d = 0; d < firstGroups.length; d++) {
      firstGroups[d] = layout.firstGroupOf(d);
    }
    this.groupsOfRow = new int[firstGroups.length + 1];
    this.cuts = layout.numericBins().stream().map(NumericBins::cuts).toArray(double[][]::new);
  }

  /**
   * Starts a row: {@code sliceValueIndex[d]} is the row's index in dimension d's vocabulary, or
   * the vocabulary size for OTHER, or size + 1 for NULL. Follow with {@link #numeric} and
   * {@link #categorical} calls for the row's columns.
   */
  public void startRow(int[] sliceValueIndex) {
    groupsOfRow[0] = 0;
    for (int d = 0; d < sliceValueIndex.length; d++) {
      groupsOfRow[d + 1] = firstGroups[d] + sliceValueIndex[d];
    }
    for (int group : groupsOfRow) {
      groupRows[group]++;
    }
  }

  /** Counts the current row's value of numeric column {@code column} (null when {@code isNull}). */
  public void numeric(int column, boolean isNull, double value) {
    if (isNull) {
      for (int group : groupsOfRow) {
        histograms[group][column].addNull();
      }
      return;
    }
    int bin = Double.isNaN(value) ? -1 : binOf(column, value);
    for (int group : groupsOfRow) {
      histograms[group][column].addNumeric(bin, value);
    }
  }

  /** Longest cut list binned by counting; past it a binary search makes fewer comparisons. */
  private static final int COUNTED_CUTS = 32;

  /**
   * The same bin as {@link NumericBins#binOf}: the number of cut points at or below the value.
   * For the usual dozen cuts, counting them all compiles to branch-free compares, where the
   * binary search mispredicts about one branch in two on random values, which made it one of the
   * largest costs in profiles of the scan.
   */
  private int binOf(int column, double value) {
    double[] c = cuts[column];
    if (c.length > COUNTED_CUTS) {
      return layout.numericBins().get(column).binOf(value);
    }
    int bin = 0;
    for (double cut : c) {
      bin += cut <= value ? 1 : 0;
    }
    return bin;
  }

  /** Counts the current row in bin {@code bin} of categorical column {@code column}. */
  public void categorical(int column, int bin) {
    int c = layout.numericBins().size() + column;
    for (int group : groupsOfRow) {
      histograms[group][c].addToBin(bin);
    }
  }

  public ProfileAccumulator merge(ProfileAccumulator other) {
    if (!other.layout.equals(layout)) {
      throw new IllegalArgumentException("cannot merge profiles built on different layouts");
    }
    for (int g = 0; g < histograms.length; g++) {
      groupRows[g] += other.groupRows[g];
      for (int c = 0; c < histograms[g].length; c++) {
        histograms[g][c].merge(other.histograms[g][c]);
      }
    }
    return this;
  }

  public ProfileLayout layout() {
    return layout;
  }

  /** Rows counted in a group. */
  public long rows(int group) {
    return groupRows[group];
  }

  /** The histogram of column {@code column} (numeric first, then categorical) in a group. */
  public Histogram histogram(int group, int column) {
    return histograms[group][column];
  }
}
