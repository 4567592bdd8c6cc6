package dev.driftline.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@code driftline demo} at its default size per build, shared by every test that reads what a
 * full run writes (detection, report, notebooks): the demo is the slowest fixture, and its tables
 * are only read. The test JVMs of one build share it through the folder the build names
 * ({@code driftline.demo.dir}): the first to need it runs the demo under a file lock, the others
 * wait and read what it printed. Callers must already have a SparkSession (extend {@code SparkTestBase}).
 */
final class DemoWarehouse {

  private static Path dir;
  private static Cli.Result result;

  private DemoWarehouse() {}

  /** The demo's directory (its {@code warehouse/} and config), running the demo the first time. */
  static synchronized Path dir() {
    if (dir == null) {
      try {
        Path shared = sharedFolder();
        Path demo = shared.resolve("demo");
        try (FileChannel channel = FileChannel.open(shared.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
          Path exit = shared.resolve("exit-code");
          if (Files.exists(exit)) {
            result = new Cli.Result(Integer.parseInt(Files.readString(exit).strip()),
                Files.readString(shared.resolve("stdout"), StandardCharsets.UTF_8),
                Files.readString(shared.resolve("stderr"), StandardCharsets.UTF_8));
          } else {
            result = Cli.run("demo", "--dir", demo);
            Files.writeString(shared.resolve("stdout"), result.out(), StandardCharsets.UTF_8);
            Files.writeString(shared.resolve("stderr"), result.err(), StandardCharsets.UTF_8);
            Files.writeString(exit, String.valueOf(result.exitCode()));
          }
        }
        dir = demo;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return dir;
  }

  /** The build's folder for the demo, or a temporary one for this JVM when run outside the build. */
  private static Path sharedFolder() throws IOException {
    String named = System.getProperty("driftline.demo.dir");
    if (named != null && !named.isBlank()) {
      return Files.createDirectories(Path.of(named));
    }
    Path created = Files.createTempDirectory("driftline-demo-");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(created)));
    return created;
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
