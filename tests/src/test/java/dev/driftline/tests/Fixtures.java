package dev.driftline.tests;

import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** Inputs shared by the test classes, written once per JVM and only ever read. */
final class Fixtures {

  /**
   * A small demo log: 18 days of 2,000 rows from 2026-10-01. Large enough that the global slice
   * and the big countries pass drift.min_rows (200); 10-17 is the first day of the BR amount drift.
   */
  static final DemoSpec SMALL = new DemoSpec(LocalDate.of(2026, 10, 1), 18, 2_000, 42L);

  /** The first day after the small log's reference window (10-01..10-14). */
  static final LocalDate FIRST_RUN_DAY = LocalDate.of(2026, 10, 15);

  private static Path root;
  private static Path smallLog;

  private Fixtures() {}

  /** The small demo log as a Delta table partitioned by ds. */
  static synchronized Path smallDemoLog(SparkSession spark) {
    if (smallLog == null) {
      Path dir = root().resolve("small-demo");
      DemoLog.write(spark, SMALL, dir.resolve("predictions").toString(), dir.resolve("labels").toString());
      smallLog = dir.resolve("predictions");
    }
    return smallLog;
  }

  /** A JVM-wide scratch folder for shared inputs, removed when the JVM exits. */
  private static synchronized Path root() {
    if (root == null) {
      try {
        root = Files.createTempDirectory("driftline-e2e-inputs");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Path created = root;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(created)));
    }
    return root;
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
