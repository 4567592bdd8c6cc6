package dev.driftline.udfs.math;

import java.io.Serializable;

/**
 * A state filled from part of the rows that can absorb another part's state, so one pass over
 * partitions, merged in a fixed order, gives the same result as one pass over all rows. States
 * travel from the executors to the driver, hence serializable.
 *
 * @param <S> the state's own type
 */
public interface MergeableState<S extends MergeableState<S>> extends Serializable {

  /** Adds {@code other}'s rows to this state and returns the merged state. */
  S merge(S other);
}
