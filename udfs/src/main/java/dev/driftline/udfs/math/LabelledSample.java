package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The labelled rows of one slice and day: prediction, label and the row's key (a hash of its
 * request id, which seeds its bootstrap weights). Rank metrics such as AUC need every row, so the
 * rows are kept (20 bytes each) rather than summarised. Merging concatenates;
 * {@link #canonical()} sorts by prediction, then key, then label, which is both the order AUC
 * walks and an order independent of how the rows were partitioned, so every sum over the sample
 * is bit-identical however it was built.
 */
public final class LabelledSample implements Serializable {

  private static final long serialVersionUID = 1L;

  private double[] predictions;
  private double[] labels;
  private long[] keys;
  private int size;
  private boolean sorted = true;

  public LabelledSample() {
    this(16);
  }

  private LabelledSample(int capacity) {
    predictions = new double[capacity];
    labels = new double[capacity];
    keys = new long[capacity];
  }

  /** A sample of the given rows (arrays of equal length). */
  public static LabelledSample of(double[] predictions, double[] labels, long[] keys) {
    if (predictions.length != labels.length || labels.length != keys.length) {
      throw new IllegalArgumentException("predictions, labels and keys differ in length: "
          + predictions.length + ", " + labels.length + ", " + keys.length);
    }
    LabelledSample s = new LabelledSample(Math.max(1, predictions.length));
    for (int i = 0; i < predictions.length; i++) {
      s.add(predictions[i], labels[i], keys[i]);
    }
    return s;
  }

  public void add(double prediction, double label, long key) {
    if (size == predictions.length) {
      grow(size + 1);
    }
    predictions[size] = prediction;
    labels[size] = label;
    keys[size] = key;
    size++;
    sorted = false;
  }

  public LabelledSample merge(LabelledSample other) {
    if (other.size == 0) {
      return this;
    }
    grow(size + other.size);
    System.arraycopy(other.predictions, 0, predictions, size, other.size);
    System.arraycopy(other.labels, 0, labels, size, other.size);
    System.arraycopy(other.keys, 0, keys, size, other.size);
    size += other.size;
    sorted = false;
    return this;
  }

  /** Sorts the rows into the canonical order (prediction, key, label) and returns this. */
  public LabelledSample canonical() {
    if (sorted) {
      return this;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int c = Double.compare(predictions[a], predictions[b]);
      if (c == 0) {
        c = Long.compare(keys[a], keys[b]);
      }
      return c != 0 ? c : Double.compare(labels[a], labels[b]);
    });
    double[] p = new double[size];
    double[] l = new double[size];
    long[] k = new long[size];
    for (int i = 0; i < size; i++) {
      p[i] = predictions[order[i]];
      l[i] = labels[order[i]];
      k[i] = keys[order[i]];
    }
    predictions = p;
    labels = l;
    keys = k;
    sorted = true;
    return this;
  }

  public int size() {
    return size;
  }

  public double prediction(int i) {
    return predictions[i];
  }

  public double label(int i) {
    return labels[i];
  }

  public long key(int i) {
    return keys[i];
  }

  private void grow(int needed) {
    if (needed <= predictions.length) {
      return;
    }
    int capacity = Math.max(needed, predictions.length * 2);
    predictions = Arrays.copyOf(predictions, capacity);
    labels = Arrays.copyOf(labels, capacity);
    keys = Arrays.copyOf(keys, capacity);
  }
}
