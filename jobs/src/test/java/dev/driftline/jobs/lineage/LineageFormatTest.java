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
    String dot = LineageFormat.DOT.render(g);
    List<String> lines = dot.lines().toList();
    assertEquals("digraph lineage {", lines.get(0));
    assertEquals("}", lines.get(lines.size() - 1));
    Pattern node = Pattern.compile("  n\\d+ \\[label=\"((?:[^\"\\\\\\n]|\\\\.)*)\"\\];");
    Pattern edge = Pattern.compile("  n\\d+ -> n\\d+;");
    long nodes = 0;
    long edges = 0;
    String hostileLabel = null;
    for (String line : lines.subList(3, lines.size() - 1)) {
      Matcher m = node.matcher(line);
      if (m.matches()) {
        nodes++;
        if (m.group(1).startsWith("incident:i1")) {
          hostileLabel = m.group(1);
        }
      } else {
        assertTrue(edge.matcher(line).matches(), "neither a node nor an edge: " + line);
        edges++;
      }
    }
    assertEquals(g.nodes().size(), nodes);
    assertEquals(g.nodes().stream().mapToLong(n -> n.parents().size()).sum(), edges);
    LineageNode incident = g.node("incident:i1").orElseThrow();
    assertEquals(incident.id() + "\n" + incident.fingerprint() + "\n" + HOSTILE.replace("\r\n", "\n"),
        unescapeDot(hostileLabel));
  }

  @Test
  void mermaidWritesSyntaxCharactersAsEntityCodes() {
    LineageGraph g = graph();
    String mermaid = LineageFormat.MERMAID.render(g);
    List<String> lines = mermaid.lines().toList();
    assertEquals("graph LR", lines.get(0));
    Pattern node = Pattern.compile("  n\\d+\\[\"([^\"`<>]*(?:<br/>[^\"`<>]*)*)\"\\]");
    Pattern edge = Pattern.compile("  n\\d+ --> n\\d+");
    String hostileLabel = null;
    int nodes = 0;
    for (String line : lines.subList(1, lines.size())) {
      Matcher m = node.matcher(line);
      if (m.matches()) {
        nodes++;
        if (m.group(1).startsWith("incident:i1")) {
          hostileLabel = m.group(1);
        }
      } else {
        assertTrue(edge.matcher(line).matches(), "neither a node nor an edge: " + line);
      }
    }
    assertEquals(g.nodes().size(), nodes);
    assertFalse(hostileLabel.replaceAll("#\\d+;", "").contains("#"), "every # starts an entity code: " + hostileLabel);
    LineageNode incident = g.node("incident:i1").orElseThrow();
    assertEquals(incident.id() + "\n" + incident.fingerprint() + "\n" + HOSTILE.replace("\r\n", "\n"),
        unescapeMermaid(hostileLabel));
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
