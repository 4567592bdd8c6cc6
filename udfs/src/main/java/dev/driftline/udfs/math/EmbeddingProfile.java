package dev.driftline.udfs.math;

import java.util.List;

/**
 * The sketches of every embedding column in every slice group of a {@link ProfileLayout} (the
 * global group too): what one pass over a day or the reference fills. A row's projections and
 * random features are computed once and added to each of its groups. Each (column, group) sketch
 * merges on its own, so they are the units {@link MergeableState#section} cuts the state into.
 */
public final class EmbeddingProfile implements MergeableState<EmbeddingProfile> {

  private static final long serialVersionUID = 1L;
  private final int groups;
  /** Column c's sketch of group g at {@code c * groups + g}, or a section's run of them. */
  private final EmbeddingSketch[] cells;
  private final int firstUnit;

  public EmbeddingProfile(ProfileLayout slices, List<EmbeddingLayout> columns, int sampleSize, long seed) {
    this.groups = slices.groupCount();
    this.cells = new EmbeddingSketch[columns.size() * groups];
    for (int c = 0; c < columns.size(); c++) {
      for (int g = 0; g < groups; g++) {
        cells[c * groups + g] = new EmbeddingSketch(columns.get(c), sampleSize, seed);
      }
    }
    this.firstUnit = 0;
  }

  private EmbeddingProfile(int groups, EmbeddingSketch[] cells, int firstUnit) {
    this.groups = groups;
    this.cells = cells;
    this.firstUnit = firstUnit;
  }

  /**
   * Adds one row's value of column {@code column} to the sketches of {@code rowGroups} (group
   * numbers, the global group 0 among them); an invalid value is counted as such in each.
   */
  public void add(int column, int[] rowGroups, double[] value) {
    EmbeddingSketch first = cells[column * groups];
    EmbeddingLayout layout = first.layout();
    if (!EmbeddingSketch.valid(value, layout.dim())) {
      for (int g : rowGroups) {
        cells[column * groups + g].addInvalid();
      }
      return;
    }
    double[] projected = new double[layout.projections()];
    layout.projectAll(value, projected);
    double[] features = new double[layout.features()];
    layout.addFeatures(value, features);
    long priority = first.priority(value);
    for (int g : rowGroups) {
      cells[column * groups + g].addValid(value, projected, features, priority);
    }
  }

  /** Column {@code column}'s sketch of group {@code group} (numbered as in the slice layout). */
  public EmbeddingSketch sketch(int column, int group) {
    return cells[column * groups + group - firstUnit];
  }

  @Override
  public EmbeddingProfile merge(EmbeddingProfile other) {
    for (int i = 0; i < cells.length; i++) {
      cells[i].merge(other.cells[i]);
    }
    return this;
  }

  @Override
  public int units() {
    return cells.length;
  }

  @Override
  public EmbeddingProfile section(int from, int to) {
    EmbeddingSketch[] part = new EmbeddingSketch[to - from];
    System.arraycopy(cells, from, part, 0, part.length);
    return new EmbeddingProfile(groups, part, firstUnit + from);
  }

  @Override
  public EmbeddingProfile join(List<EmbeddingProfile> sections) {
    int at = 0;
    for (EmbeddingProfile s : sections) {
      System.arraycopy(s.cells, 0, cells, at, s.cells.length);
      at += s.cells.length;
    }
    if (at != cells.length) {
      throw new IllegalArgumentException("sections cover " + at + " of " + cells.length + " sketches");
    }
    return this;
  }
}
