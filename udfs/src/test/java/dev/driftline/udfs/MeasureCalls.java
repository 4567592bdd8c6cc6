package dev.driftline.udfs;

import dev.driftline.udfs.RandomHistograms.Pair;
import dev.driftline.udfs.math.BinnedPair;
import dev.driftline.udfs.math.DriftMeasure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** The SQL calls each registered drift measure takes, and the core value each must return. */
final class MeasureCalls {

  private MeasureCalls() {}

  /** The measures that have SQL functions. */
  static List<DriftMeasure> inSql() {
    return Arrays.stream(DriftMeasure.values()).filter(m -> m.sqlName().isPresent()).toList();
  }

  /** Argument names of the scalar function, with {@code a} last for the smoothed variant. */
  static List<String> scalarArguments(DriftMeasure m, boolean smoothed) {
    List<String> arguments = new ArrayList<>(m.input() == DriftMeasure.Input.POINTS
        ? List.of("points", "ref", "cur") : List.of("ref", "cur"));
    if (smoothed) {
      arguments.add("a");
    }
    return arguments;
  }

  /** The first argument of the aggregate, or null when it takes the two counts only. */
  static String aggregateKey(DriftMeasure m) {
    return switch (m.input()) {
      case COUNTS -> null;
      case ORDERED_COUNTS -> "bin_index";
      case POINTS -> "point";
    };
  }

  static String aggregateName(DriftMeasure m) {
    return m.sqlName().orElseThrow() + "_agg";
  }

  /**
   * What the core says the function returns on a pair: bins at the pair's points for measures on
   * points, in array order otherwise.
   */
  static double core(DriftMeasure m, Pair p, double smoothing) {
    double[] points = m.input() == DriftMeasure.Input.POINTS ? p.points()
        : IntStream.range(0, p.bins()).asDoubleStream().toArray();
    return m.of(new BinnedPair(p.ref(), p.cur(), points, Double.NaN, smoothing));
  }
}
