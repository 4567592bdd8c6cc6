package dev.driftline.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A notebook in Databricks' SQL source format: a header line, cells separated by
 * {@code -- COMMAND ----------}, markdown cells as {@code -- MAGIC %md} lines, every other cell SQL.
 * {@code CREATE WIDGET TEXT} statements declare the widgets that {@code ${name}} refers to.
 * Anything else (another language's magic, a cell mixing magic and SQL, a cell without a
 * statement, a mangled separator) is rejected with its line, so a notebook that would not import
 * or run cannot pass as one with fewer cells.
 */
record Notebook(String name, List<Cell> cells, Map<String, String> widgets) {

  static final String HEADER = "-- Databricks notebook source";
  static final String SEPARATOR = "-- COMMAND ----------";
  private static final String MAGIC = "-- MAGIC";
  private static final Pattern WIDGET =
      Pattern.compile("(?is)CREATE\\s+WIDGET\\s+TEXT\\s+(\\w+)\\s+DEFAULT\\s+'([^']*)'");
  private static final Pattern STATEMENT_END = Pattern.compile(";[ \\t]*(\\R|$)");

  /**
   * A cell: markdown, or SQL statements (widget declarations left out).
   *
   * @param title the heading of the markdown cell before it, to name the cell in messages
   */
  record Cell(int number, int line, boolean markdown, String title, List<String> statements) {

    String describe(String notebook) {
      return notebook + " cell " + number + " (line " + line + ", '" + title + "')";
    }
  }

  static Notebook parse(String name, String text) {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw malformed(name, 1, "the first line must be '" + HEADER + "'");
    }
    List<Cell> cells = new ArrayList<>();
    Map<String, String> widgets = new LinkedHashMap<>();
    String title = "";
    int start = 1;
    for (int i = 1; i <= lines.size(); i++) {
      String line = i < lines.size() ? lines.get(i).strip() : SEPARATOR;
      if (!line.startsWith("-- COMMAND")) {
        continue;
      }
      if (!line.equals(SEPARATOR)) {
        throw malformed(name, i + 1, "a cell separator must read '" + SEPARATOR + "'");
      }
      Cell cell = cell(name, cells.size() + 1, start + 1, lines.subList(start, i), title, widgets);
      if (cell.markdown()) {
        title = cell.title();
      }
      cells.add(cell);
      start = i + 1;
    }
    return new Notebook(name, List.copyOf(cells), widgets);
  }

  private static Cell cell(String notebook, int number, int firstLine, List<String> lines, String title,
      Map<String, String> widgets) {
    List<String> content = lines.stream().filter(l -> !l.isBlank()).toList();
    if (content.isEmpty()) {
      throw malformed(notebook, firstLine, "cell " + number + " is empty");
    }
    long magic = content.stream().filter(l -> l.startsWith(MAGIC)).count();
    if (magic > 0) {
      if (magic < content.size()) {
        throw malformed(notebook, firstLine, "cell " + number + " mixes '-- MAGIC' lines with SQL");
      }
      String markdown = String.join("\n", content.stream().map(l -> l.substring(MAGIC.length()).strip()).toList());
      if (!markdown.startsWith("%md")) {
        throw malformed(notebook, firstLine, "cell " + number + " is neither SQL nor markdown (%md): "
            + markdown.lines().findFirst().orElse(""));
      }
      String heading = markdown.substring(3).strip().lines().findFirst().orElse("").replaceFirst("^#+\\s*", "");
      return new Cell(number, firstLine, true, heading, List.of());
    }
    List<String> statements = new ArrayList<>();
    int declared = 0;
    for (String statement : STATEMENT_END.split(String.join("\n", lines))) {
      String sql = statement.strip();
      if (withoutComments(sql).isEmpty()) {
        continue;
      }
      if (withoutComments(sql).toUpperCase(Locale.ROOT).startsWith("CREATE WIDGET")) {
        Matcher widget = WIDGET.matcher(withoutComments(sql));
        if (!widget.matches()) {
          throw malformed(notebook, firstLine, "cell " + number + ": only CREATE WIDGET TEXT name DEFAULT '...' is supported: " + sql);
        }
        widgets.put(widget.group(1), widget.group(2));
        declared++;
      } else {
        statements.add(sql);
      }
    }
    if (statements.isEmpty() && declared == 0) {
      throw malformed(notebook, firstLine, "cell " + number + " has no statement");
    }
    return new Cell(number, firstLine, false, title, List.copyOf(statements));
  }

  /** True for a statement that returns rows to look at (SELECT or WITH). */
  static boolean isQuery(String statement) {
    String sql = withoutComments(statement).toUpperCase(Locale.ROOT);
    return sql.startsWith("SELECT") || sql.startsWith("WITH");
  }

  private static String withoutComments(String sql) {
    return sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
  }

  private static IllegalArgumentException malformed(String notebook, int line, String message) {
    return new IllegalArgumentException(notebook + ":" + line + ": malformed notebook: " + message);
  }
}
