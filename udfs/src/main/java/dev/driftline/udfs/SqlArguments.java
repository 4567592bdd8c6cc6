package dev.driftline.udfs;

import java.util.function.DoubleSupplier;
import scala.collection.Seq;

/**
 * Turns SQL arguments into the arrays the math core takes, and the core's answers and errors
 * into SQL ones. Every error names the SQL function, because Spark reports it buried in a chain
 * of wrapping exceptions and the function is what the user wrote.
 */
final class SqlArguments {

  private SqlArguments() {}

  /**
   * Counts from an {@code array<bigint>} (narrower integer arrays too, since Java UDFs receive
   * their arguments uncast). A NULL element is an error rather than 0: it means the histogram is
   * broken, not that its bin is empty.
   */
  static long[] counts(String function, String argument, Seq<?> values) {
    long[] counts = new long[values.length()];
    for (int i = 0; i < counts.length; i++) {
      Object value = values.apply(i);
      if (value == null) {
        throw error(function, argument + " has a NULL at position " + (i + 1) + "; counts must not be NULL");
      }
      if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
        throw error(function, argument + " must be array<bigint>, but has an element of type "
            + value.getClass().getSimpleName() + "; cast it to array<bigint>");
      }
      counts[i] = ((Number) value).longValue();
    }
    return counts;
  }

  /** Doubles from a numeric array; a NULL element is an error. */
  static double[] doubles(String function, String argument, Seq<?> values) {
    double[] doubles = new double[values.length()];
    for (int i = 0; i < doubles.length; i++) {
      doubles[i] = number(function, argument + " element " + (i + 1), values.apply(i));
    }
    return doubles;
  }

  /** A non-NULL number of any SQL numeric type (a literal such as 0.5 arrives as a decimal). */
  static double number(String function, String argument, Object value) {
    if (value == null) {
      throw error(function, argument + " must not be NULL");
    }
    if (!(value instanceof Number number)) {
      throw error(function, argument + " must be a number, got " + value.getClass().getSimpleName());
    }
    return number.doubleValue();
  }

  /**
   * Runs a metric of the core for SQL: NaN, which the core returns when either histogram is
   * empty, becomes NULL, and the core's argument errors get the function's name.
   */
  static Double evaluate(String function, DoubleSupplier metric) {
    double value;
    try {
      value = metric.getAsDouble();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(function + ": " + e.getMessage(), e);
    }
    return Double.isNaN(value) ? null : value;
  }

  static IllegalArgumentException error(String function, String message) {
    return new IllegalArgumentException(function + ": " + message);
  }
}
