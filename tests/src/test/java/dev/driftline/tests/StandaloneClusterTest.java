package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Driftline on a real cluster: a Spark standalone master and two one-core workers, each a JVM of its
 * own started from the build's Spark jars, run a backfill submitted with spark-submit, and every
 * table it writes equals the tables of the same backfill in local mode.
 *
 * <p>The cluster's Spark home holds Spark's jars only: Driftline and Delta come from the shaded jar
 * alone, as they would on a cluster that has never seen Driftline. The shaded jar is built by the
 * jobs module's package phase, so the test runs in {@code mvn verify} and skips where that jar is
 * missing (a test run outside the reactor, or before packaging).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterTest extends SparkTestBase {

  private static final String HOST = "127.0.0.1";
  private static final int WORKERS = 2;
  private static final LocalDate FROM = Fixtures.FIRST_RUN_DAY;
  private static final LocalDate TO = FROM.plusDays(2);
  /** The master and workers only hand out resources and start executors. */
  private static final List<String> DAEMON_OPTIONS = List.of("-Xmx256m");

  @TempDir
  static Path dir;

  private Path sparkHome;
  private final List<JvmProcess> daemons = new ArrayList<>();
  private JvmProcess driver;
  private int masterUiPort;
  private final List<Path> workDirs = new ArrayList<>();
  private Path localWarehouse;
  private Path clusterWarehouse;

  @BeforeAll
  void backfillLocallyAndOnTheCluster() throws IOException, InterruptedException {
    Path jar = shadedJar();
    runBefore();
    Path log = Fixtures.smallDemoLog(spark());
    clusterWarehouse = dir.resolve("warehouse");
    Path config = exampleConfig(log, log.resolveSibling("labels"), clusterWarehouse);

    // The same config file for both runs, so that the config and lineage fingerprints match too:
    // local mode first, its warehouse then moved aside (Delta tables hold relative paths only).
    Cli.ok("backfill", "-c", config, "--from", FROM, "--to", TO);
    localWarehouse = Files.move(clusterWarehouse, dir.resolve("local-warehouse"));

    sparkHome = sparkHome(dir.resolve("spark-home"));
    String classPath = sparkHome.resolve("jars") + "/*";
    // Without a Scala version a worker looks for one in a source tree's build folders and fails.
    String scalaVersion = scala.util.Properties.versionNumberString().replaceAll("^(\\d+\\.\\d+).*", "$1");
    Map<String, String> env = Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", scalaVersion,
        "SPARK_LOCAL_IP", HOST);
    String master = startCluster(classPath, env);

    List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--deploy-mode", "client", "--class", "dev.driftline.jobs.Main"));
    // The local run's settings, so that the two runs differ only in where their tasks run.
    Map<String, String> conf = new LinkedHashMap<>(SparkTestBase.TEST_SETTINGS);
    conf.put("spark.executor.memory", "512m");
    conf.put("spark.executor.extraJavaOptions", String.join(" ", JvmProcess.javaOpens()) + " "
        + String.join(" ", JvmProcess.QUICK_START) + " -XX:+UseSerialGC");
    // Start only once both executors are up, so that both take part.
    conf.put("spark.cores.max", String.valueOf(WORKERS));
    conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
    conf.forEach((key, value) -> submit.addAll(List.of("--conf", key + "=" + value)));
    submit.addAll(List.of(jar.toString(), "backfill", "-c", config.toString(), "--from", FROM.toString(),
        "--to", TO.toString()));
    driver = JvmProcess.start(dir.resolve("driver.log"), env, List.of(), classPath, submit);
    int exit = driver.waitFor(900);
    assertEquals(0, exit, () -> "spark-submit backfill failed:\n" + driver.output() + logs());
  }

  @AfterAll
  void stopTheCluster() {
    if (driver != null) {
      driver.stop(10);
    }
    // Workers first: their shutdown hooks end the executors they started.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).stop(15);
    }
    if (sparkHome != null) {
      Fixtures.deleteRecursively(sparkHome); // the links, not the jars they point to
    }
  }

  @Test
  void eachWorkerRanTasksOfTheApplicationInAnExecutorJvmOfItsOwn() throws IOException, InterruptedException {
    Set<String> apps = new TreeSet<>();
    for (Path work : workDirs) {
      List<Path> appDirs = children(work);
      assertEquals(1, appDirs.size(), () -> "one application on the worker of " + work + ": " + appDirs);
      apps.add(appDirs.get(0).getFileName().toString());
      List<Path> executors = children(appDirs.get(0));
      assertFalse(executors.isEmpty(), "an executor of the application on " + work);
      long tasks = 0;
      for (Path executor : executors) {
        tasks += Files.readAllLines(executor.resolve("stderr"), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("Running task")).count();
      }
      Assertions.assertTrue(tasks > 0, "the executors on " + work + " ran tasks: " + executors);
    }
    assertEquals(1, apps.size(), "both workers ran the same application: " + apps);

    JsonNode state = masterState();
    List<String> finished = new ArrayList<>();
    state.get("completedapps").forEach(a -> finished.add(a.get("id").asText() + " " + a.get("state").asText()));
    assertEquals(List.of(apps.iterator().next() + " FINISHED"), finished, "the master's completed applications");
  }

  @Test
  void everyTableTheClusterWroteEqualsTheLocalRunsButForRunIdsAndTimes() {
    Set<String> tables = deltaTables(clusterWarehouse);
    assertEquals(deltaTables(localWarehouse), tables, "tables written");
    List<String> expected = Stream.of(Table.REFERENCE_PROFILES, Table.FEATURE_PROFILES, Table.DRIFT_METRICS,
        Table.DATA_QUALITY, Table.PERFORMANCE_METRICS, Table.INCIDENTS, Table.RETRAIN_DECISIONS, Table.LINEAGE,
        Table.RUNS).map(Table::tableName).toList();
    Assertions.assertTrue(tables.containsAll(expected), "the backfill writes every table: " + tables);
    for (String table : tables) {
      List<String> local = Outputs.runContents(delta(localWarehouse, table));
      List<String> cluster = Outputs.runContents(delta(clusterWarehouse, table));
      assertFalse(local.isEmpty(), table + " has rows");
      Outputs.assertSameContents(local, cluster, table);
    }
  }

  /** The jobs module's shaded jar of this build; skips the class when there is none to submit. */
  private static Path shadedJar() throws IOException {
    Path target = Path.of(System.getProperty("driftline.repo", ".."), "jobs", "target");
    List<Path> jars = Files.isDirectory(target) ? children(target).stream()
        .filter(p -> p.getFileName().toString().matches("driftline-jobs-.*-shaded\\.jar")).toList() : List.of();
    Assumptions.assumeTrue(jars.size() == 1, () -> "skipped: needs the one shaded jar in " + target.toAbsolutePath()
        + " (found " + jars + "), which the jobs module's package phase builds before this module's tests in "
        + "mvn verify; run mvn -pl jobs,tests verify");
    Path jar = jars.get(0);
    long newestClass;
    try (Stream<Path> classes = Files.walk(target.resolve("classes"))) {
      newestClass = classes.filter(p -> p.toString().endsWith(".class")).mapToLong(StandaloneClusterTest::modified)
          .max().orElse(0);
    }
    Assumptions.assumeTrue(modified(jar) >= newestClass,
        () -> "skipped: " + jar + " is older than the compiled classes; package the jobs module again");
    return jar.toAbsolutePath();
  }

  /** The demo's shipped config, reading the given log and labels and writing to {@code warehouse}. */
  private static Path exampleConfig(Path log, Path labels, Path warehouse) throws IOException {
    String yaml;
    try (InputStream in = NightlyJob.class.getResourceAsStream("/examples/card-fraud.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    yaml = replace(yaml, "demo-out/card-fraud/predictions", log.toAbsolutePath().toString());
    yaml = replace(yaml, "demo-out/card-fraud/labels", labels.toAbsolutePath().toString());
    yaml = replace(yaml, "demo-out/warehouse", warehouse.toAbsolutePath().toString());
    return JobConfig.write(dir.resolve("card-fraud.yaml"), yaml);
  }

  private static String replace(String text, String from, String to) {
    Assertions.assertTrue(text.contains(from), "the example config names " + from);
    return text.replace(from, to);
  }

  /**
   * A Spark home as the standalone launcher expects one: a {@code RELEASE} file and {@code jars/},
   * here links to the test class path's jars less Driftline's and Delta's, which the submitted jar brings.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      String name = path.getFileName().toString();
      if (name.endsWith(".jar") && !name.startsWith("driftline-") && !name.startsWith("delta-")
          && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), path);
      }
    }
    Files.writeString(home.resolve("RELEASE"), "Spark " + SparkSession.active().version()
        + " from the Maven jars of Driftline's test class path\n");
    return home;
  }

  /** Starts the master and the workers and waits until every worker has registered; returns the master's URL. */
  private String startCluster(String classPath, Map<String, String> env) throws IOException, InterruptedException {
    int masterPort = freePort();
    masterUiPort = freePort();
    daemons.add(JvmProcess.start(dir.resolve("master.log"), env, DAEMON_OPTIONS, classPath, List.of(
        "org.apache.spark.deploy.master.Master", "--host", HOST, "--port", String.valueOf(masterPort),
        "--webui-port", String.valueOf(masterUiPort))));
    String master = "spark://" + HOST + ":" + masterPort;
    for (int i = 1; i <= WORKERS; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      workDirs.add(work);
      daemons.add(JvmProcess.start(dir.resolve("worker-" + i + ".log"), env, DAEMON_OPTIONS, classPath, List.of(
          "org.apache.spark.deploy.worker.Worker", master, "--cores", "1", "--memory", "1g", "--host", HOST,
          "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString())));
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (true) {
      for (JvmProcess daemon : daemons) {
        Assertions.assertTrue(daemon.isAlive(), () -> "a cluster process exited:" + logs());
      }
      JsonNode state = masterStateOrNull();
      if (state != null && state.path("aliveworkers").asInt() == WORKERS) {
        return master;
      }
      Assertions.assertTrue(System.nanoTime() < deadline, () -> "the workers did not register within 120 s: " + state + logs());
      Thread.sleep(200);
    }
  }

  /** The master's state from its web UI's JSON view: workers, applications. */
  private JsonNode masterState() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort + "/json/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response::body);
    return new ObjectMapper().readTree(response.body());
  }

  private JsonNode masterStateOrNull() throws InterruptedException {
    try {
      return masterState();
    } catch (IOException e) {
      return null; // not listening yet
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }

  /** Every cluster process's output so far, for a failure message. */
  private String logs() {
    return daemons.stream().map(p -> "\n--- " + p.output()).collect(Collectors.joining());
  }

  private static Set<String> deltaTables(Path warehouse) {
    try {
      return children(warehouse).stream().filter(p -> Files.isDirectory(p.resolve("_delta_log")))
          .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> delta(Path warehouse, String table) {
    return SparkSession.active().read().format("delta").load(warehouse.resolve(table).toString());
  }

  private static List<Path> children(Path folder) throws IOException {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.sorted().toList();
    }
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
