package dev.driftline.jobs.decision;

import dev.driftline.jobs.config.JobSpec.PValueAdjustment;
import dev.driftline.udfs.math.MultipleTesting;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;

/**
 * A day's tests of one kind, judged at once: their p-values adjusted together, so that the many
 * slices and columns tested each night do not make alerts by chance.
 */
public final class TestFamily {

  private TestFamily() {}

  /**
   * The findings with their adjusted p-values: Benjamini-Hochberg over those whose p-value is a
   * number (NaN marks a finding that was not tested and stays out of the family), or each p-value
   * alone with {@link PValueAdjustment#NONE}. Order is kept.
   */
  public static <F> List<F> adjusted(List<F> family, ToDoubleFunction<F> pValue,
      BiFunction<F, Double, F> withAdjusted, PValueAdjustment adjustment) {
    double[] p = family.stream().mapToDouble(pValue).toArray();
    double[] adjusted = adjustment == PValueAdjustment.NONE ? p : MultipleTesting.benjaminiHochberg(p);
    List<F> out = new ArrayList<>(family.size());
    for (int i = 0; i < p.length; i++) {
      out.add(withAdjusted.apply(family.get(i), adjusted[i]));
    }
    return out;
  }
}
