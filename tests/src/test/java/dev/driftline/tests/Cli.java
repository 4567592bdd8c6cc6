package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Runs the CLI in-process as a user would, capturing what it prints. */
final class Cli {

  private Cli() {}

  /** Exit code and everything printed on stdout and stderr. */
  record Result(int exitCode, String out, String err) {

    /** The one line a failing command prints: asserts there is exactly one and returns it. */
    String errorLine() {
      String line = err.strip();
      assertFalse(line.isEmpty(), "nothing on stderr");
      assertFalse(line.contains("\n"), "the error must be one line, got:\n" + err);
      return line;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /**
   * {@code driftline <args>}. Picocli and the commands print to System.out/err, and Dataset.show
   * to Scala's Console, which keeps its own reference to the stream it started with: all are
   * swapped for the duration of the call.
   */
  static Result run(Object... args) {
    String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Scala's Console takes System.out as its default when first used: make that the real one.
    scala.Console.out();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exitCode;
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
         PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      exitCode = scala.Console.withOut(capturedOut,
          () -> scala.Console.withErr(capturedErr, () -> Main.execute(argv)));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    Result result = new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    originalOut.println("driftline " + String.join(" ", argv) + " -> exit " + exitCode
        + (exitCode == 0 ? "" : ": " + result.err().strip()));
    return result;
  }

  /** Runs a command that must succeed. */
  static Result ok(Object... args) {
    Result r = run(args);
    assertEquals(0, r.exitCode(), () -> "expected success: " + r);
    return r;
  }
}
