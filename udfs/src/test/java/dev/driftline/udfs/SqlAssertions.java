package dev.driftline.udfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** Checks on what the SQL functions return and on the errors a failing query carries. */
final class SqlAssertions {

  private SqlAssertions() {}

  /**
   * Runs {@code query}, expects it to fail, and returns the message of the exception in the
   * failure's cause chain that comes from {@code function}: Spark wraps a function's exception
   * in its own (task failure, UDF failure), and the function's message must survive that.
   */
  static String errorOf(SparkSession spark, String function, String query) {
    Throwable thrown = assertThrows(Exception.class, () -> spark.sql(query).collectAsList(), query);
    List<String> chain = new ArrayList<>();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException && t.getMessage() != null
          && t.getMessage().startsWith(function + ": ")) {
        return t.getMessage();
      }
      chain.add(t.getClass().getSimpleName() + ": " + t.getMessage());
    }
    return fail("no error from " + function + " in the cause chain of " + query + ": " + chain);
  }

  /**
   * What a SQL DOUBLE result must be for a value of the math core: NULL where the core says NaN
   * (nothing to compare), the very same double otherwise, since the SQL layer only forwards.
   */
  static void assertSqlValue(double core, Object sql, String what) {
    if (Double.isNaN(core)) {
      assertEquals(null, sql, what);
    } else {
      assertEquals(Double.valueOf(core), sql, what);
    }
  }
}
