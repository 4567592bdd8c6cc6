package dev.driftline.udfs.math;

import java.util.List;

/**
 * Two states filled by the same pass, one mergeable state: its units are the first's, then the
 * second's, so sections of it cut both (a section may hold units of one only) and every unit still
 * merges with nothing but the same unit.
 */
public final class PairState<A extends MergeableState<A>, B extends MergeableState<B>>
    implements MergeableState<PairState<A, B>> {

  private static final long serialVersionUID = 1L;
  private A first;
  private B second;

  public PairState(A first, B second) {
    this.first = first;
    this.second = second;
  }

  public A first() {
    return first;
  }

  public B second() {
    return second;
  }

  @Override
  public PairState<A, B> merge(PairState<A, B> other) {
    first = first.merge(other.first);
    second = second.merge(other.second);
    return this;
  }

  @Override
  public int units() {
    return first.units() + second.units();
  }

  @Override
  public PairState<A, B> section(int from, int to) {
    int split = first.units();
    return new PairState<>(first.section(Math.min(from, split), Math.min(to, split)),
        second.section(Math.max(from - split, 0), Math.max(to - split, 0)));
  }

  /** Each part joins the sections' parts that hold units of it. */
  @Override
  public PairState<A, B> join(List<PairState<A, B>> sections) {
    List<A> firsts = sections.stream().map(PairState::first).filter(s -> s.units() > 0).toList();
    List<B> seconds = sections.stream().map(PairState::second).filter(s -> s.units() > 0).toList();
    first = firsts.isEmpty() ? first : first.join(firsts);
    second = seconds.isEmpty() ? second : second.join(seconds);
    return this;
  }
}
