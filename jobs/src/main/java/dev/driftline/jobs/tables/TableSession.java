package dev.driftline.jobs.tables;

import org.apache.spark.sql.SparkSession;

/**
 * The session the warehouse reads and writes its tables in: a copy of the caller's (same
 * context, settings and credentials) without Spark's code generation. A run issues a few hundred
 * small queries on its own tables, each with plans of its own (Delta's snapshot and file listing,
 * the published views, the writes); on a one-day run of the small demo Spark compiled about 240
 * classes, 7.5 s of compiling in a 36 s run, for queries over a few thousand rows that interpreted
 * code runs as fast. The input log's scans stay in the caller's session, with code generation.
 */
final class TableSession {

  private TableSession() {}

  static SparkSession of(SparkSession caller) {
    // cloneSession is Spark's own (private[sql], public to Java) copy of a session's state,
    // runtime settings included, which newSession() leaves out; Spark is pinned at 3.5.
    SparkSession tables = caller.cloneSession();
    tables.conf().set("spark.sql.codegen.wholeStage", "false");
    // Interpreted projections, predicates and orderings; Spark's (internal) setting for it.
    tables.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    return tables;
  }
}
