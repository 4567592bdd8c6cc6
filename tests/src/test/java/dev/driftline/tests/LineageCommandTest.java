package dev.driftline.tests;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.lineage.LineageNode;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code driftline lineage} and {@code explain} on the demo's tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LineageCommandTest extends SparkTestBase {

  @TempDir
  static Path dir;

  private Path config;
  private Path warehouse;
  /** The first day with an opened incident, and that incident. */
  private LocalDate day;
  private String incident;
  private LineageGraph graph;

  @BeforeAll
  void readTheDemo() throws IOException {
    runBefore();
    warehouse = DemoWarehouse.warehouse();
    try (InputStream in = NightlyJob.class.getResourceAsStream("/examples/card-fraud.yaml")) {
      config = dir.resolve("card-fraud.yaml");
      Files.write(config, in.readAllBytes());
    }
    Row opened = Outputs.read(warehouse, Table.INCIDENTS).where(col("status").equalTo("opened"))
        .orderBy("ds", "incident_id").first();
    day = opened.getDate(opened.fieldIndex("ds")).toLocalDate();
    incident = opened.getAs("incident_id");
    graph = LineageRows.read(new Warehouse(spark(), warehouse.toString(), null), "card-fraud", day).orElseThrow();
  }

  @Test
  void theStoredGraphHoldsEveryIncidentOfTheDayAndRecordsTheRunsConfigAndCode() {
    Set<String> incidents = Outputs.day(warehouse, Table.INCIDENTS, day).select("incident_id").collectAsList().stream()
        .map(r -> "incident:" + r.getString(0)).collect(Collectors.toSet());
    assertEquals(incidents, graph.ofKind(LineageNode.Kind.INCIDENT).stream().map(LineageNode::id)
        .collect(Collectors.toSet()));
    Row run = Outputs.day(warehouse, Table.RUNS, day).first();
    LineageNode decision = graph.node("decision").orElseThrow();
    assertEquals(run.getAs("config_fingerprint"), decision.param(LineageNode.Param.CONFIG));
    Assertions.assertTrue(decision.param(LineageNode.Param.CODE_VERSION).matches(
        NightlyJob.VERSION.replace(".", "\\.") + "\\+([0-9a-f]{40}|unknown)"), decision.param(LineageNode.Param.CODE_VERSION));
    assertEquals(run.getAs("reference_id"), graph.node("reference").orElseThrow().param(LineageNode.Param.REFERENCE));
  }

  @Test
  void lineagePrintsTheDayInEachFormat() {
    String text = Cli.ok("lineage", "-c", config, "--warehouse", warehouse, "--date", day).out();
    assertEquals(graph.sinks().stream().map(n -> n.id() + "  " + n.fingerprint() + "  " + n.label()).toList(),
        text.lines().filter(l -> !l.startsWith(" ")).toList(), "a tree from each node nothing was computed from");
    Assertions.assertTrue(text.contains("incident:" + incident + "  " + graph.node("incident:" + incident).orElseThrow().fingerprint()),
        text);

    String dot = Cli.ok("lineage", "-c", config, "--warehouse", warehouse, "--date", day, "--format", "dot").out();
    Assertions.assertTrue(dot.startsWith("digraph lineage {"), dot);
    long edges = graph.nodes().stream().mapToLong(n -> n.parents().size()).sum();
    assertEquals(edges, dot.lines().filter(l -> l.contains(" -> ")).count());

    String mermaid = Cli.ok("lineage", "-c", config, "--warehouse", warehouse, "--date", day, "--format", "mermaid").out();
    Assertions.assertTrue(mermaid.startsWith("graph LR\n"), mermaid);
    assertEquals(edges, mermaid.lines().filter(l -> l.contains(" --> ")).count());
  }

  @Test
  void explainNamesEveryInputBehindAnIncidentAndTheDecision() {
    String out = Cli.ok("explain", "-c", config, "--warehouse", warehouse, "--date", day, "--incident", incident).out();
    Assertions.assertTrue(out.startsWith("incident:" + incident + "  "), out);
    LineageNode input = graph.node("input").orElseThrow();
    Assertions.assertTrue(out.contains("input_version " + input.param(LineageNode.Param.INPUT_VERSION) + "  (input)"), out);
    Assertions.assertTrue(out.contains("reference_id " + graph.node("reference").orElseThrow().param(LineageNode.Param.REFERENCE)),
        out);
    Assertions.assertTrue(out.contains("config_fingerprint "), out);
    Assertions.assertTrue(out.contains("code_version "), out);

    String decision = Cli.ok("explain", "-c", config, "--warehouse", warehouse, "--date", day, "--decision").out();
    Assertions.assertTrue(decision.startsWith("decision  " + graph.node("decision").orElseThrow().fingerprint()), decision);
    Assertions.assertTrue(decision.contains("incident:" + incident), decision);
  }

  @Test
  void anUnknownDayIncidentOrFormatIsOneLineAndExitTwo() {
    Cli.Result noDay = Cli.run("lineage", "-c", config, "--warehouse", warehouse, "--date", "1999-01-01");
    assertEquals(2, noDay.exitCode(), noDay.toString());
    Assertions.assertTrue(noDay.errorLine().contains("no lineage of card-fraud on 1999-01-01"), noDay.errorLine());

    Cli.Result noIncident = Cli.run("explain", "-c", config, "--warehouse", warehouse, "--date", day, "--incident", "nope");
    assertEquals(2, noIncident.exitCode(), noIncident.toString());
    Assertions.assertTrue(noIncident.errorLine().contains("no incident nope on " + day), noIncident.errorLine());
    Assertions.assertTrue(noIncident.errorLine().contains(incident), "names the day's incidents: " + noIncident.errorLine());

    Cli.Result badFormat = Cli.run("lineage", "-c", config, "--warehouse", warehouse, "--date", day, "--format", "svg");
    assertEquals(2, badFormat.exitCode(), badFormat.toString());
    Assertions.assertTrue(badFormat.errorLine().contains("--format: 'svg'"), badFormat.errorLine());
  }
}
