package dev.driftline.bench;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of a generated prediction log: rows on the profiled day, numeric features,
 * categorical features (one cardinality each) and slice columns (one cardinality each). The same
 * shape always generates the same files, so its {@link #key()} names their cache directory.
 */
public record LogShape(long rows, int numeric, List<Integer> categoricalCardinalities,
    List<Integer> sliceCardinalities, int embeddingDimensions) {

  /** Categorical cardinalities cycle through these: small enums up to ids past the top-50 vocabulary. */
  static final List<Integer> CATEGORICAL_CYCLE = List.of(3, 10, 50, 200, 1000);

  /** A log without an embedding column. */
  public LogShape(long rows, int numeric, List<Integer> categoricalCardinalities, List<Integer> sliceCardinalities) {
    this(rows, numeric, categoricalCardinalities, sliceCardinalities, 0);
  }

  public LogShape {
    if (embeddingDimensions < 0) {
      throw new IllegalArgumentException("embedding dimensions must be >= 0, got " + embeddingDimensions);
    }
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be at least 1, got " + rows);
    }
    if (numeric < 0) {
      throw new IllegalArgumentException("numeric features must be >= 0, got " + numeric);
    }
    categoricalCardinalities = List.copyOf(categoricalCardinalities);
    sliceCardinalities = List.copyOf(sliceCardinalities);
    for (int c : categoricalCardinalities) {
      if (c < 1) {
        throw new IllegalArgumentException("categorical cardinalities must be >= 1, got " + c);
      }
    }
    for (int c : sliceCardinalities) {
      if (c < 1) {
        throw new IllegalArgumentException("slice cardinalities must be >= 1, got " + c);
      }
    }
  }

  /** {@code count} categorical features with cardinalities from {@link #CATEGORICAL_CYCLE}. */
  public static List<Integer> categoricalCycle(int count) {
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> CATEGORICAL_CYCLE.get(i % CATEGORICAL_CYCLE.size()))
        .toList();
  }

  public LogShape withRows(long newRows) {
    return new LogShape(newRows, numeric, categoricalCardinalities, sliceCardinalities, embeddingDimensions);
  }

  public LogShape withNumeric(int newNumeric) {
    return new LogShape(rows, newNumeric, categoricalCardinalities, sliceCardinalities, embeddingDimensions);
  }

  /** The same log with an {@code emb_0} column of {@code dimensions} floats. */
  public LogShape withEmbedding(int dimensions) {
    return new LogShape(rows, numeric, categoricalCardinalities, sliceCardinalities, dimensions);
  }

  /** Rows of the reference day the job's bins come from: the day's volume, at most 1M. */
  public long referenceRows() {
    return Math.min(rows, 1_000_000L);
  }

  /** Cache directory name; bump the version when the generator's formulas change. */
  public String key() {
    return "v1-r" + rows + "-n" + numeric + "-c" + join(categoricalCardinalities) + "-s" + join(sliceCardinalities)
        + (embeddingDimensions == 0 ? "" : "-e" + embeddingDimensions);
  }

  /** Short human description for the report. */
  public String describe() {
    return String.format("%,d rows x %d numeric + %d categorical features (+ prediction)%s, slice columns %s",
        rows, numeric, categoricalCardinalities.size(),
        embeddingDimensions == 0 ? "" : " + a " + embeddingDimensions + "-dimension embedding", sliceCardinalities);
  }

  private static String join(List<Integer> xs) {
    return xs.isEmpty() ? "none" : xs.stream().map(String::valueOf).collect(Collectors.joining("_"));
  }
}
