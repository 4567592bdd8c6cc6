package dev.driftline.bench;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.driftline.udfs.math.CategoricalBins;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Bin assignment as plain Spark SQL expressions (CASE WHEN trees that stay inside whole-stage
 * code generation), for the paths that aggregate with built-in functions. Slots follow
 * {@link BinCounts}: a numeric null goes to the slot after the last bin.
 */
final class SqlBins {

  /** Below this many values a linear chain of equality tests beats another tree level. */
  private static final int LINEAR_LEAF = 4;

  private SqlBins() {}

  /** The bin of a numeric value: a balanced tree of comparisons with the cut points. */
  static Column numericBin(Column value, NumericBins bins) {
    double[] cuts = bins.cuts();
    return when(value.isNull(), lit(bins.size())).otherwise(cutTree(value, cuts, 0, cuts.length));
  }

  /** Bins lo..hi, knowing cuts[lo-1] <= value < cuts[hi]. */
  private static Column cutTree(Column value, double[] cuts, int lo, int hi) {
    if (lo == hi) {
      return lit(lo);
    }
    int mid = (lo + hi) >>> 1;
    return when(value.lt(lit(cuts[mid])), cutTree(value, cuts, lo, mid)).otherwise(cutTree(value, cuts, mid + 1, hi));
  }

  static Column categoricalBin(Column value, CategoricalBins bins) {
    return indexIn(value, bins.categories(), bins.otherBin(), bins.nullBin());
  }

  /** A slice value's group number in the layout (global group excluded). */
  static Column sliceGroup(Column value, ProfileLayout layout, int dimension) {
    List<String> vocabulary = layout.sliceVocabularies().get(dimension);
    int first = layout.firstGroupOf(dimension);
    return indexIn(value, vocabulary, vocabulary.size(), vocabulary.size() + 1).plus(first);
  }

  /** A slice value as its group's value: itself when in the vocabulary, else OTHER or NULL. */
  static Column sliceValue(Column value, List<String> vocabulary) {
    return when(value.isNull(), lit(ProfileLayout.NULL_SLICE))
        .when(value.isin(vocabulary.toArray()), value)
        .otherwise(lit(ProfileLayout.OTHER_SLICE));
  }

  /** The same mapping on the driver, for paths that group by the raw value. */
  static String sliceValue(String value, java.util.Set<String> vocabulary) {
    return value == null ? ProfileLayout.NULL_SLICE : vocabulary.contains(value) ? value : ProfileLayout.OTHER_SLICE;
  }

  /**
   * Position of a string in {@code values}, {@code missing} when absent and {@code ifNull} for
   * null: a tree of comparisons in Spark's (UTF-8 byte) string order with short linear leaves.
   */
  static Column indexIn(Column value, List<String> values, int missing, int ifNull) {
    List<Map.Entry<String, Integer>> sorted = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      sorted.add(Map.entry(values.get(i), i));
    }
    sorted.sort(Comparator.comparing(e -> UTF8String.fromString(e.getKey())));
    return when(value.isNull(), lit(ifNull)).otherwise(valueTree(value, sorted, 0, sorted.size(), missing));
  }

  private static Column valueTree(Column value, List<Map.Entry<String, Integer>> sorted, int lo, int hi, int missing) {
    if (hi - lo <= LINEAR_LEAF) {
      Column chain = lit(missing);
      for (int i = hi - 1; i >= lo; i--) {
        chain = when(value.equalTo(lit(sorted.get(i).getKey())), lit(sorted.get(i).getValue())).otherwise(chain);
      }
      return chain;
    }
    int mid = (lo + hi) >>> 1;
    return when(value.lt(lit(sorted.get(mid).getKey())), valueTree(value, sorted, lo, mid, missing))
        .otherwise(valueTree(value, sorted, mid, hi, missing));
  }
}
