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
    slice(dimension, 0, valueIndex);
  }

  public void numeric(int column, double value) {
    numeric(column, 0, value);
  }

  public void numericNull(int column) {
    numericNull(column, 0);
  }

  /** Sets the current row's bin of categorical column {@code column}. */
  public void categorical(int column, int bin) {
    categorical(column, 0, bin);
  }

  /** Ends the current row; true when the batch is full. */
  public boolean endRow() {
    return endRows(1);
  }

  /*
   * The same setters for the row {@code at} rows after the current one, so that a column of many
   * rows is set at a time (from a column batch); {@code at} must be below {@link #room()}.
   */

  public void slice(int dimension, int at, int valueIndex) {
    sliceValues[dimension][size + at] = valueIndex;
  }

  public void numeric(int column, int at, double value) {
    numeric[column][size + at] = value;
    numericNull[column][size + at] = false;
  }

  public void numericNull(int column, int at) {
    numeric[column][size + at] = 0;
    numericNull[column][size + at] = true;
  }

  public void categorical(int column, int at, int bin) {
    categoricalBins[column][size + at] = bin;
  }

  /** Ends the current row and the {@code rows - 1} after it; true when the batch is full. */
  public boolean endRows(int rows) {
    size += rows;
    return size == CAPACITY;
  }

  /** Rows the batch takes before it is full. */
  public int room() {
    return CAPACITY - size;
  }

  public int size() {
    return size;
  }
}
