package dev.driftline.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium on a local file, each call with a fresh profile and nothing that reaches the
 * network. Tests call {@link #assumeInstalled} first: without the browser they skip with a message.
 */
final class Chromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 90;

  private Chromium() {}

  static void assumeInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(BINARY),
        "chromium is not installed (" + BINARY + ", Debian package chromium): the browser test is skipped");
  }

  /** The page's DOM after loading, as Chromium serialises it. */
  static String dumpDom(Path page) {
    return run(page, "--dump-dom");
  }

  /** A PNG of the page's top in a 1280 x {@code height} window. */
  static Path screenshot(Path page, Path png, int height) {
    run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280," + height, "--hide-scrollbars");
    return png;
  }

  private static String run(Path page, String... args) {
    Path profile = null;
    try {
      profile = Files.createTempDirectory("driftline-chromium-");
      Path stdout = profile.resolve("stdout.txt");
      List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--user-data-dir=" + profile.resolve("profile")));
      command.addAll(List.of(args));
      command.add(page.toAbsolutePath().toUri().toString());
      Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s on " + page);
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (profile != null) {
        DemoWarehouse.deleteTree(profile);
      }
    }
  }
}
