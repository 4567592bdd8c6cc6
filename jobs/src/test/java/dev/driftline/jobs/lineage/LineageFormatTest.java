package dev.driftline.jobs.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.decision.Incident;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each format prints every node and edge, and text from data cannot break out of a label. */
class LineageFormatTest {

  /** A slice value as hostile as data gets: quotes, line breaks, brackets, escapes, markup, entity starts. */
  static final String HOSTILE = "country=\"U\\S\"]; n0 --> n1\n[x]{y} <b>#quot; `z` & 'w'\r\nend";

  private static LineageGraph graph() {
    return new DayLineage(DayLineageTest.DAY, "cfg", DayLineageTest.CODE)
        .input("/logs/predictions", "delta version 4")
        .reference("ref-1", "2026-03-01..2026-03-07")
        .profile()
        .drift(List.of("a"))
        .quality(List.of())
        .incident("i1", Incident.Kind.FEATURE_DRIFT, HOSTILE, List.of(), List.of("i1"))
        .decision("none", "policy", List.of("none"))
        .graph();
  }

  @Test
  void dotQuotesEveryLabelAndKeepsTheTextIntact() {
    LineageGraph g = graph();
    List<String> lines = LineageFormat.DOT.render(g).lines().toList();
    assertEquals(List.of("digraph lineage {", "  rankdir=LR;", "  node [shape=box];"), lines.subList(0, 3));
    assertEquals("}", lines.get(lines.size() - 1));
    String label = hostileLabel(g, lines.subList(3, lines.size() - 1),
        Pattern.compile("  n\\d+ \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"\\];"), Pattern.compile("  n\\d+ -> n\\d+;"));
    assertEquals(expectedText(g), unescapeDot(label));
  }

  @Test
  void mermaidWritesSyntaxCharactersAsEntityCodes() {
    LineageGraph g = graph();
    List<String> lines = LineageFormat.MERMAID.render(g).lines().toList();
    assertEquals("graph LR", lines.get(0));
    String label = hostileLabel(g, lines.subList(1, lines.size()),
        Pattern.compile("  n\\d+\\[\"([^\"`<>]*(?:<br/>[^\"`<>]*)*)\"\\]"), Pattern.compile("  n\\d+ --> n\\d+"));
    assertFalse(label.replaceAll("#\\d+;", "").contains("#"), "every # starts an entity code: " + label);
    assertEquals(expectedText(g), unescapeMermaid(label));
  }

  /**
   * Checks that every line of a diagram's body is a node or an edge statement, one per node and
   * one per parent, and returns the hostile incident's label as written.
   */
  private static String hostileLabel(LineageGraph g, List<String> body, Pattern node, Pattern edge) {
    long nodes = 0;
    long edges = 0;
    String label = null;
    for (String line : body) {
      Matcher m = node.matcher(line);
      if (m.matches()) {
        nodes++;
        label = m.group(1).startsWith("incident:i1") ? m.group(1) : label;
      } else {
        assertTrue(edge.matcher(line).matches(), "neither a node nor an edge: " + line);
        edges++;
      }
    }
    assertEquals(g.nodes().size(), nodes);
    assertEquals(g.nodes().stream().mapToLong(n -> n.parents().size()).sum(), edges);
    return label;
  }

  /** The incident node's text as a diagram shows it: id, fingerprint and label on three lines. */
  private static String expectedText(LineageGraph g) {
    LineageNode incident = g.node("incident:i1").orElseThrow();
    return incident.id() + "\n" + incident.fingerprint() + "\n" + HOSTILE.replace("\r\n", "\n");
  }

  @Test
  void textIsATreeFromTheDecisionBackToTheDataWithEachNodeExpandedOnce() {
    LineageGraph g = graph();
    List<String> lines = LineageFormat.TEXT.render(g).lines().toList();
    assertTrue(lines.get(0).startsWith("decision  " + g.node("decision").orElseThrow().fingerprint()), lines.get(0));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("      input  ")),
        "input three levels below the decision: decision, drift, profile, input");
    assertTrue(lines.stream().anyMatch(l -> l.contains(HOSTILE.replace("\r\n", "\\n").replace("\n", "\\n"))),
        "line breaks in labels are shown, not printed");
    long referenceLines = lines.stream().filter(l -> l.strip().startsWith("reference  ")).count();
    long expanded = lines.stream().filter(l -> l.strip().startsWith("drift  ") && !l.endsWith("(see above)")).count();
    assertEquals(1, expanded, "drift is expanded once");
    assertTrue(referenceLines >= 2 && lines.stream().anyMatch(l -> l.strip().startsWith("reference  ")
        && l.endsWith("(see above)")), "the reference is named again without being expanded");
    // Every node and nothing else: one line per (node, parent path) at most, each node at least once.
    g.nodes().forEach(n -> assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith(n.id() + "  ")), n.id()));
  }

  @Test
  void anExplanationNamesTheDataConfigAndCodeBehindANode() {
    LineageGraph g = DayLineageTest.Day.base().graph();
    String drift = LineageExplanation.of(g, g.node("incident:drift-1").orElseThrow());
    assertTrue(drift.contains("input_version /logs/predictions @ delta version 4  (input)"), drift);
    assertTrue(drift.contains("reference_id ref-1  (reference)"), drift);
    assertTrue(drift.contains("config_fingerprint cfg-1"), drift);
    assertTrue(drift.contains("code_version 0.1.0+abc123"), drift);
    assertFalse(drift.contains("label_fingerprint"), "a drift incident rests on no labels: " + drift);

    String decision = LineageExplanation.of(g, g.node("decision").orElseThrow());
    assertTrue(decision.contains("label_fingerprint lab-y  (labels:" + DayLineageTest.YESTERDAY + ")"), decision);
    assertTrue(decision.contains("label_fingerprint lab-t  (labels:" + DayLineageTest.DAY + ")"), decision);
    assertFalse(decision.contains("trigger"), "the trigger comes after the decision: " + decision);
  }

  private static String unescapeDot(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char next = text.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String unescapeMermaid(String text) {
    Matcher m = Pattern.compile("#(\\d+);").matcher(text.replace("<br/>", "\n"));
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1)))));
    }
    return m.appendTail(out).toString();
  }
}
