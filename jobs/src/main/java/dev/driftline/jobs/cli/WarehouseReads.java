package dev.driftline.jobs.cli;

import dev.driftline.jobs.JobFailure;
import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.tables.Warehouse;
import java.util.function.Supplier;

/**
 * The reads of the commands that only read the warehouse (report, sql, lineage, explain): a
 * failure that a table whose Delta log cannot be read caused names the table and commit in one
 * line, as a run's does, instead of Delta's parse error with the commit's raw JSON.
 */
final class WarehouseReads {

  private WarehouseReads() {}

  static <T> T of(Warehouse warehouse, Supplier<T> read) {
    try {
      return read.get();
    } catch (Exception e) { // Spark throws SparkException, a checked exception, undeclared
      throw failure(warehouse, e, () -> e instanceof RuntimeException r ? r : new JobFailure(NightlyJob.oneLine(e), e));
    }
  }

  /** What to throw for a failed read: a corrupt table log by its table and commit, anything else as {@code otherwise} says. */
  static RuntimeException failure(Warehouse warehouse, Exception e, Supplier<RuntimeException> otherwise) {
    return warehouse.corruptLog(e).<RuntimeException>map(line -> new JobFailure(line, e)).orElseGet(otherwise);
  }
}
