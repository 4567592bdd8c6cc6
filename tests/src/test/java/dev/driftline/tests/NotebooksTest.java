package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.jobs.cli.SqlCommand;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.udfs.DriftFunctions;
import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Every cell of every notebook in {@code notebooks-export/} runs against the tables of the demo's
 * full run, with the widgets set to values that exercise them, and every query returns rows: a
 * renamed column or a query that silently finds nothing fails the build, not an analyst's
 * morning.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksTest extends SparkTestBase {

  private static final Path NOTEBOOKS = Path.of(System.getProperty("driftline.repo", ".."), "notebooks-export");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(\\w+)}");

  /** Queries the demo leaves empty by design, as "notebook: cell title", with why. */
  private static final Map<String, String> ALLOWED_EMPTY = Map.of(
      "data_quality_and_runs.sql: Failed and skipped runs, with their errors", "every run of the demo succeeds");

  private List<String> views;
  private Map<String, String> widgetValues;

  @BeforeAll
  void registerDemoTables() {
    runBefore();
    views = new Warehouse(spark(), DemoWarehouse.warehouse().toString(), null).register();
    // Read once: each query would otherwise list the Delta log and files again (minutes, not seconds).
    views.forEach(spark().catalog()::cacheTable);
    DriftFunctions.register(spark());
    widgetValues = chooseWidgetValues();
  }

  @AfterAll
  void dropViews() {
    views.forEach(view -> {
      spark().catalog().uncacheTable(view);
      spark().catalog().dropTempView(view);
    });
  }

  @TestFactory
  Stream<DynamicTest> everyCellRunsAndEveryQueryReturnsRows() throws IOException {
    List<Path> files = notebookFiles();
    Assertions.assertTrue(files.size() >= 6, "expected the notebook set in " + NOTEBOOKS + ", found " + files);
    return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      Notebook notebook = Notebook.parse(file.getFileName().toString(), Files.readString(file));
      Assertions.assertTrue(notebook.cells().stream().anyMatch(c -> !c.markdown() && !c.statements().isEmpty()),
          notebook.name() + " has no query");
      Assertions.assertTrue(notebook.cells().get(0).markdown(), notebook.name() + " must open with a markdown cell saying what it answers");
      Assertions.assertEquals(List.of(), failures(notebook, widgetValues, ALLOWED_EMPTY.keySet()));
    }));
  }

  @Test
  void everyAllowedEmptyQueryNamesACell() throws IOException {
    List<String> cells = new ArrayList<>();
    for (Path file : notebookFiles()) {
      Notebook notebook = Notebook.parse(file.getFileName().toString(), Files.readString(file));
      notebook.cells().forEach(c -> cells.add(notebook.name() + ": " + c.title()));
    }
    ALLOWED_EMPTY.keySet().forEach(key -> Assertions.assertTrue(cells.contains(key), "no cell " + key));
  }

  @Test
  void theReadmeListsEveryNotebook() throws IOException {
    String readme = Files.readString(NOTEBOOKS.resolveSibling("README.md"));
    for (Path file : notebookFiles()) {
      Assertions.assertTrue(readme.contains("notebooks-export/" + file.getFileName()), "README.md does not link " + file.getFileName());
    }
  }

  @Test
  void aQueryOnAMissingColumnIsReportedWithItsCell() {
    Notebook notebook = Notebook.parse("broken.sql", """
        -- Databricks notebook source
        -- MAGIC %md ## Alerts
        -- COMMAND ----------
        CREATE WIDGET TEXT model DEFAULT 'card-fraud';
        -- COMMAND ----------
        SELECT psi_renamed FROM drift_metrics WHERE model = '${model}'
        """);
    List<String> failures = failures(notebook, Map.of(), List.of());
    Assertions.assertEquals(1, failures.size(), failures.toString());
    Assertions.assertTrue(failures.get(0).startsWith("broken.sql cell 3 (line 6, 'Alerts'): "), failures.get(0));
    Assertions.assertTrue(failures.get(0).contains("psi_renamed"), failures.get(0));
  }

  @Test
  void anEmptyResultAndAnUnknownWidgetAreReported() {
    Notebook notebook = Notebook.parse("quiet.sql", """
        -- Databricks notebook source
        SELECT * FROM incidents WHERE incident_id = 'no such incident'
        -- COMMAND ----------
        SELECT * FROM incidents WHERE ds = DATE'${day}'
        """);
    List<String> failures = failures(notebook, Map.of("day", "2026-10-20"), List.of());
    Assertions.assertEquals(2, failures.size(), failures.toString());
    Assertions.assertTrue(failures.get(0).endsWith("returned no rows"), failures.get(0));
    Assertions.assertTrue(failures.get(1).endsWith("unknown widget ${day}"), failures.get(1));
  }

  @Test
  void aMalformedNotebookIsRejectedWithItsLine() {
    String header = Notebook.HEADER + "\n";
    String separator = Notebook.SEPARATOR + "\n";
    Map<String, String> cases = Map.of(
        "SELECT 1\n", ":1: malformed notebook: the first line must be",
        header + "SELECT 1\n" + separator + "-- MAGIC %python\n-- MAGIC print(1)\n", ":4: malformed notebook: cell 2 is neither SQL nor markdown",
        header + "-- MAGIC %md ## A\nSELECT 1\n", ":2: malformed notebook: cell 1 mixes",
        header + "SELECT 1\n-- COMMAND ---\nSELECT 2\n", ":3: malformed notebook: a cell separator",
        header + "SELECT 1\n" + separator + "\n" + separator + "SELECT 2\n", ":4: malformed notebook: cell 2 is empty",
        header + "-- only a comment\n", ":2: malformed notebook: cell 1 has no statement",
        header + "CREATE WIDGET DROPDOWN d DEFAULT 'a' CHOICES SELECT 'a'\n", ":2: malformed notebook: cell 1: only CREATE WIDGET TEXT");
    cases.forEach((text, message) -> {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Notebook.parse("bad.sql", text));
      Assertions.assertTrue(e.getMessage().startsWith("bad.sql" + message), e.getMessage());
    });
  }

  /**
   * Runs every statement of the notebook's SQL cells with its widgets replaced: the chosen values
   * for the widgets the notebook declares, their defaults otherwise. Returns one line per cell that
   * failed, or whose query returned no rows unless it is allowed to be empty.
   */
  static List<String> failures(Notebook notebook, Map<String, String> chosen, java.util.Collection<String> allowedEmpty) {
    Map<String, String> values = new HashMap<>(notebook.widgets());
    values.replaceAll((name, value) -> chosen.getOrDefault(name, value));
    List<String> failures = new ArrayList<>();
    for (Notebook.Cell cell : notebook.cells()) {
      String where = cell.describe(notebook.name());
      for (String statement : cell.statements()) {
        try {
          List<Row> rows = SparkSession.active().sql(substitute(statement, values)).collectAsList();
          if (Notebook.isQuery(statement) && rows.isEmpty() && !allowedEmpty.contains(notebook.name() + ": " + cell.title())) {
            failures.add(where + ": returned no rows");
          }
        } catch (UnknownWidget e) {
          failures.add(where + ": " + e.getMessage());
        } catch (Exception e) {
          failures.add(where + ": " + SqlCommand.problem(e));
        }
      }
    }
    return failures;
  }

  private static String substitute(String statement, Map<String, String> values) {
    Matcher m = REFERENCE.matcher(statement);
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new UnknownWidget(m.group(1));
      }
      m.appendReplacement(sql, Matcher.quoteReplacement(value));
    }
    return m.appendTail(sql).toString();
  }

  /**
   * Widget values that make the notebooks' queries find something in the demo: the defaults
   * name the demo's model and an incident-less id, so the day and the incident come from the
   * tables.
   */
  private Map<String, String> chooseWidgetValues() {
    Row day = spark().sql("""
        SELECT ds FROM incidents WHERE status = 'opened' AND kind = 'data_quality' AND severity = 'critical'
        ORDER BY ds LIMIT 1""").first();
    Row incident = spark().sql("""
        SELECT incident_id FROM incidents
        WHERE kind = 'feature_drift' AND status = 'opened'
          AND exists(evidence, e -> e LIKE 'data_quality/%') AND exists(evidence, e -> e LIKE 'drift_metrics/%')
        ORDER BY ds, incident_id LIMIT 1""").first();
    return Map.of("ds", day.getDate(0).toString(), "incident_id", incident.getString(0));
  }

  /** A {@code ${name}} without a widget: Databricks would fail the cell too. */
  private static final class UnknownWidget extends RuntimeException {
    UnknownWidget(String name) {
      super("unknown widget ${" + name + "}");
    }
  }

  private static List<Path> notebookFiles() throws IOException {
    try (Stream<Path> files = Files.list(NOTEBOOKS)) {
      return files.filter(f -> f.toString().endsWith(".sql")).sorted().toList();
    }
  }
}
