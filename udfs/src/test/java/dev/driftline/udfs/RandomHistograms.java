package dev.driftline.udfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/** Seeded random histogram pairs of many shapes, to feed the SQL functions and the core alike. */
final class RandomHistograms {

  private RandomHistograms() {}

  /** A reference and a current histogram on the same bins, a point per bin and a pseudo-count. */
  record Pair(long[] ref, long[] cur, double[] points, double smoothing) {
    int bins() {
      return ref.length;
    }

    @Override
    public String toString() {
      return "ref=" + Arrays.toString(ref) + " cur=" + Arrays.toString(cur)
          + " points=" + Arrays.toString(points) + " a=" + smoothing;
    }
  }

  /**
   * Pairs with 1 to 12 bins: small and large counts, empty bins, identical pairs, disjoint
   * supports (where unsmoothed PSI and KL are infinite), and an empty current side.
   */
  static List<Pair> pairs(Random random, int count) {
    List<Pair> pairs = new ArrayList<>();
    double[] smoothings = {0, 0.5, 1e-3, 2};
    for (int i = 0; i < count; i++) {
      int bins = 1 + random.nextInt(12);
      long[] ref = counts(random, bins, i % 4);
      long[] cur = switch (i % 8) {
        case 3 -> ref.clone();
        case 5 -> new long[bins];
        case 6 -> disjointFrom(ref, random);
        default -> counts(random, bins, (i / 4) % 4);
      };
      double[] points = random.doubles(bins, -100, 100).toArray();
      pairs.add(new Pair(ref, cur, points, smoothings[i % smoothings.length]));
    }
    return pairs;
  }

  private static long[] counts(Random random, int bins, int shape) {
    return LongStream.range(0, bins).map(i -> switch (shape) {
      case 0 -> random.nextInt(6);
      case 1 -> random.nextInt(1_000_000);
      case 2 -> random.nextBoolean() ? 0 : random.nextInt(100);
      default -> 1 + random.nextInt(20);
    }).toArray();
  }

  /** Counts only in the bins where {@code ref} has none (all zero when ref fills every bin). */
  private static long[] disjointFrom(long[] ref, Random random) {
    return Arrays.stream(ref).map(r -> r == 0 ? 1 + random.nextInt(50) : 0).toArray();
  }
}
