package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * What one pass over predictions joined with their labels collects for each day and each slice
 * group of a {@link ProfileLayout} (its slice vocabularies; its bins are unused): scored rows,
 * the labelled sample, rows whose label or prediction is invalid for the model's output, labels
 * beyond the first for one prediction, and latency; and when asked, the scores of the rows without
 * a valid label, so the day's performance can be estimated before its labels arrive. A row is counted in the global group and in
 * its group of each slice dimension, so one pass fills every slice.
 */
public final class PerformanceAccumulator implements MergeableState<PerformanceAccumulator> {

  private static final long serialVersionUID = 1L;

  private final ProfileLayout layout;
  private final int days;
  private final MetricFamily validity;
  private final boolean keepScores;
  /** [day][group]. */
  private final GroupState[][] groups;
  private final int[] groupsOfRow;

  /** Per slice group and day. */
  public static final class GroupState implements Serializable {
    private static final long serialVersionUID = 1L;
    long scored;
    long invalid;
    long duplicateLabels;
    final LabelledSample sample = new LabelledSample();
    /** Valid predictions without a valid label (their label is not read), when scores are kept. */
    final LabelledSample unlabelled = new LabelledSample();
    final LatencySketch latency = new LatencySketch();

    public long scored() {
      return scored;
    }

    /** Labelled rows left out because the label or prediction is not valid for the output kind. */
    public long invalid() {
      return invalid;
    }

    /** Extra labels for the group's predictions (all but the latest per prediction). */
    public long duplicateLabels() {
      return duplicateLabels;
    }

    public LabelledSample sample() {
      return sample;
    }

    public LatencySketch latency() {
      return latency;
    }

    /** Every valid prediction, labelled or not, when the accumulator keeps scores (labels not to be read). */
    public LabelledSample scores() {
      return new LabelledSample().merge(sample).merge(unlabelled);
    }

    void merge(GroupState other) {
      scored += other.scored;
      invalid += other.invalid;
      duplicateLabels += other.duplicateLabels;
      sample.merge(other.sample);
      unlabelled.merge(other.unlabelled);
      latency.merge(other.latency);
    }
  }

  /** {@code validity} decides which (prediction, label) pairs enter the sample. */
  public PerformanceAccumulator(ProfileLayout layout, int days, MetricFamily validity) {
    this(layout, days, validity, false);
  }

  /** With {@code keepScores}, also the valid predictions without a valid label ({@link GroupState#scores}). */
  public PerformanceAccumulator(ProfileLayout layout, int days, MetricFamily validity, boolean keepScores) {
    this(layout, validity, keepScores, emptyGroups(days, layout.groupCount()));
  }

  private PerformanceAccumulator(ProfileLayout layout, MetricFamily validity, boolean keepScores,
      GroupState[][] groups) {
    this.layout = layout;
    this.days = groups.length;
    this.validity = validity;
    this.keepScores = keepScores;
    this.groups = groups;
    this.groupsOfRow = new int[layout.sliceKeys().size() + 1];
  }

  private static GroupState[][] emptyGroups(int days, int count) {
    GroupState[][] groups = new GroupState[days][count];
    for (GroupState[] day : groups) {
      Arrays.setAll(day, g -> new GroupState());
    }
    return groups;
  }

  /**
   * Counts one scored row of day {@code day}. {@code sliceValueIndex} is as in
   * {@link ProfileAccumulator#add}; {@code labelCount} is how many labels the prediction had
   * (0 when unlabelled, the label then being ignored).
   */
  public void add(int day, int[] sliceValueIndex, double prediction, double label, long labelCount, long key,
      double latency) {
    groupsOfRow[0] = 0;
    for (int d = 0; d < sliceValueIndex.length; d++) {
      groupsOfRow[d + 1] = layout.firstGroupOf(d) + sliceValueIndex[d];
    }
    boolean valid = labelCount > 0 && validity.accepts(prediction, label);
    boolean keepScore = keepScores && !valid && validity.accepts(prediction, 0);
    for (int group : groupsOfRow) {
      GroupState s = groups[day][group];
      s.scored++;
      s.latency.add(latency);
      if (labelCount > 0) {
        s.duplicateLabels += labelCount - 1;
        if (valid) {
          s.sample.add(prediction, label, key);
        } else {
          s.invalid++;
        }
      }
      if (keepScore) {
        s.unlabelled.add(prediction, Double.NaN, key);
      }
    }
  }

  @Override
  public PerformanceAccumulator merge(PerformanceAccumulator other) {
    if (!other.layout.equals(layout) || other.days != days || other.keepScores != keepScores) {
      throw new IllegalArgumentException("cannot merge performance accumulators of different layouts or days");
    }
    for (int d = 0; d < days; d++) {
      for (int g = 0; g < groups[d].length; g++) {
        groups[d][g].merge(other.groups[d][g]);
      }
    }
    return this;
  }

  /** A performance scan's units are its days. */
  @Override
  public int units() {
    return days;
  }

  /** Days {@code [from, to)}, sharing their groups with this accumulator. */
  @Override
  public PerformanceAccumulator section(int from, int to) {
    if (from < 0 || to < from || to > days) {
      throw new IndexOutOfBoundsException("days [" + from + ", " + to + ") of " + days);
    }
    return new PerformanceAccumulator(layout, validity, keepScores, Arrays.copyOfRange(groups, from, to));
  }

  @Override
  public PerformanceAccumulator join(List<PerformanceAccumulator> sections) {
    int from = 0;
    for (PerformanceAccumulator section : sections) {
      if (!section.layout.equals(layout) || section.keepScores != keepScores || from + section.days > days) {
        throw new IllegalArgumentException("sections do not cover the accumulator's days in order");
      }
      System.arraycopy(section.groups, 0, groups, from, section.days);
      from += section.days;
    }
    if (from != days) {
      throw new IllegalArgumentException("sections cover " + from + " of " + days + " days");
    }
    return this;
  }

  public ProfileLayout layout() {
    return layout;
  }

  public int days() {
    return days;
  }

  public GroupState group(int day, int group) {
    return groups[day][group];
  }
}
