package dev.driftline.udfs.math;

import java.io.Serializable;
import java.util.List;

/**
 * A state filled from part of the rows that can absorb another part's state, so one pass over
 * partitions, merged in a fixed order, gives the same result as one pass over all rows. States
 * travel between executors and to the driver, hence serializable.
 *
 * <p>A state is made of units (a profile's columns, a performance scan's days) that merge
 * independently: merging two states merges each unit with the same unit of the other and reads
 * nothing else. So the partition states can be cut into sections of consecutive units, each
 * section merged in partition order on its own, and the merged sections put back together, and
 * every unit sees exactly the operations, in exactly the order, of merging the whole states.
 *
 * @param <S> the state's own type
 */
public interface MergeableState<S extends MergeableState<S>> extends Serializable {

  /** Adds {@code other}'s rows to this state and returns the merged state. */
  S merge(S other);

  /** How many units the state has (may be 0). */
  int units();

  /**
   * Units {@code [from, to)} of this state as a state of their own, which merges with the same
   * section of another state as those units of the whole states merge. It may share data with
   * this state, which is not used afterwards.
   */
  S section(int from, int to);

  /**
   * Replaces this state's units by those of {@code sections}, which cover them in unit order
   * ({@link #section} of states like this one), and returns this state.
   */
  S join(List<S> sections);
}
