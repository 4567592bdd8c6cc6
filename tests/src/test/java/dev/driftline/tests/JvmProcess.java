package dev.driftline.tests;

import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program in a JVM of its own, on the test's class path and with the JDK opens Spark needs:
 * what a crash, a concurrent run or a cluster process has to be, since killing or racing the
 * test's own JVM proves nothing. Output goes to a log file that a failing assertion can quote.
 */
final class JvmProcess {

  /** The same list as Surefire's argLine and the launcher's. */
  private static final List<String> OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io",
      "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "sun.nio.ch",
      "sun.nio.cs", "sun.security.action", "sun.util.calendar");

  /**
   * As in the test JVMs (the root pom.xml's argLine, tests/pom.xml's driftline.jvm): the client
   * compiler only, since a process that lives for a minute spends much of it compiling with C2 (C1
   * alone more than halved the CPU time of a cluster's daemons, driver and executors together); and
   * no bytecode verification of the build's own jars, which took about 6 s of CPU in each one-day
   * run's JVM loading Spark's and Delta's classes (median of 3: 37.5 s of CPU with it, 31.1 s
   * without).
   */
  static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UnlockDiagnosticVMOptions",
      "-XX:-BytecodeVerificationRemote");

  /**
   * Spark's expressions interpreted in the process's Spark session too, as in the test JVMs
   * ({@link SparkTestBase#TEST_SETTINGS}); a {@code spark.*} system property reaches its SparkConf.
   */
  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";

  private final Process process;
  private final Path log;

  private JvmProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The {@code --add-opens} flags Spark needs on Java 17, one per element: for an executor's JVM options. */
  static List<String> javaOpens() {
    return OPENS.stream().map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();
  }

  /** {@code driftline <args>} in a new JVM, as the launcher runs it. */
  static JvmProcess driftline(Path log, Map<String, String> env, Object... args) {
    List<String> argv = new ArrayList<>(List.of("dev.driftline.jobs.Main"));
    for (Object a : args) {
      argv.add(String.valueOf(a));
    }
    return start(log, env, List.of(), argv);
  }

  /** {@code java [jvmOptions] mainClassAndArgs} on the test's class path. */
  static JvmProcess start(Path log, Map<String, String> env, List<String> jvmOptions, List<String> mainClassAndArgs) {
    return start(log, env, jvmOptions, System.getProperty("java.class.path"), mainClassAndArgs);
  }

  /**
   * {@code java [jvmOptions] -cp classPath mainClassAndArgs}: for a program that must not see the
   * test's classes, such as a Spark daemon or spark-submit on a Spark home's {@code jars/*}.
   */
  static JvmProcess start(Path log, Map<String, String> env, List<String> jvmOptions, String classPath,
      List<String> mainClassAndArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOpens());
    command.addAll(List.of("-Xmx1g", "-XX:+UseParallelGC", "-Dspark.ui.enabled=false"));
    command.addAll(QUICK_START);
    command.add("-D" + FACTORY_MODE + "=" + SparkTestBase.TEST_SETTINGS.get(FACTORY_MODE));
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      command.add("-Dlog4j2.configurationFile=" + log4j);
    }
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath));
    command.addAll(mainClassAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    try {
      return new JvmProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the process printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the exit code; a process still running after {@code seconds} is killed and fails the test. */
  int waitFor(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("still running after " + seconds + " s, killed; its output:\n" + output());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ends the process and every process it started (a Spark worker's executors): a SIGTERM so its
   * shutdown hooks run, a {@code kill -9} after {@code seconds}, then the same for any child left.
   * Does nothing to a process that has already exited.
   */
  void stop(long seconds) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** {@code kill -9}: no shutdown hook, no finally block runs. */
  void kill9() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
