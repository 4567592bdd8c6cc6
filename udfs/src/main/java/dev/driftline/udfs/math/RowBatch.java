package dev.driftline.udfs.math;

/**
 * Up to {@link #CAPACITY} rows of a {@link ProfileLayout}, stored column by column, so that
 * {@link ProfileAccumulator#add(RowBatch)} can count one column of many rows at a time. Fill a
 * row with the setters, then call {@link #endRow()}; when it says the batch is full, add the batch
 * to an accumulator, which empties it.
 */
public final class RowBatch {

  /** Small enough for a batch's values to stay in the CPU cache while they are counted. */
  public static final int CAPACITY = 256;

  final int[][] sliceValues;
  final double[][] numeric;
  final boolean[][] numericNull;
  final int[][] categoricalBins;
  int size;

  public RowBatch(ProfileLayout layout) {
    sliceValues = new int[layout.sliceKeys().size()][CAPACITY];
    numeric = new double[layout.numericBins().size()][CAPACITY];
    numericNull = new boolean[layout.numericBins().size()][CAPACITY];
    categoricalBins = new int[layout.categoricalBins().size()][CAPACITY];
  }

  /**
   * Sets the current row's slice in dimension {@code dimension}: its index in the dimension's
   * vocabulary, or the vocabulary size for OTHER, or size + 1 for NULL.
   */
  public void slice(int dimension, int valueIndex) {
    sliceValues[dimension][size] = valueIndex;
  }

  public void numeric(int column, double value) {
    numeric[column][size] = value;
    numericNull[column][size] = false;
  }

  public void numericNull(int column) {
    numeric[column][size] = 0;
    numericNull[column][size] = true;
  }

  /** Sets the current row's bin of categorical column {@code column}. */
  public void categorical(int column, int bin) {
    categoricalBins[column][size] = bin;
  }

  /** Ends the current row; true when the batch is full. */
  public boolean endRow() {
    return ++size == CAPACITY;
  }

  public int size() {
    return size;
  }
}
