package dev.driftline.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@code driftline demo} at its default size per test JVM, shared by every test that reads
 * what a full run writes (detection, report, notebooks): the demo is the slowest fixture, and its
 * tables are only read. Callers must already have a SparkSession (extend {@code SparkTestBase}).
 */
final class DemoWarehouse {

  private static Path dir;
  private static Cli.Result result;

  private DemoWarehouse() {}

  /** The demo's directory (its {@code warehouse/} and config), running the demo the first time. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path created = Files.createTempDirectory("driftline-demo-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
        result = Cli.run("demo", "--dir", created);
        dir = created;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  static Path warehouse() {
    return dir().resolve("warehouse");
  }

  /** What the demo printed, and its exit code. */
  static Cli.Result result() {
    dir();
    return result;
  }

  /** Deletes a temporary directory tree, leaving whatever cannot be deleted. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
