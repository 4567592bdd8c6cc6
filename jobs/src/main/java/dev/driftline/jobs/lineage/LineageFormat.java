package dev.driftline.jobs.lineage;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A lineage graph as text: an indented tree from each final node back to the data it rests on,
 * a Graphviz digraph, or a Mermaid flowchart. Node text comes from data (slice values, column
 * names), so each format escapes it: nothing in a label can end it or start a statement.
 */
public enum LineageFormat {

  TEXT {
    @Override
    public String render(LineageGraph graph) {
      StringBuilder out = new StringBuilder();
      Set<String> printed = new HashSet<>();
      graph.sinks().forEach(sink -> tree(graph, sink, 0, printed, out));
      return out.toString();
    }
  },

  DOT {
    @Override
    public String render(LineageGraph graph) {
      return diagram(graph, "digraph lineage {\n  rankdir=LR;\n  node [shape=box];\n", "  %s [label=\"%s\"];\n",
          "  %s -> %s;\n", LineageFormat::dot) + "}\n";
    }
  },

  MERMAID {
    @Override
    public String render(LineageGraph graph) {
      return diagram(graph, "graph LR\n", "  %s[\"%s\"]\n", "  %s --> %s\n", LineageFormat::mermaid);
    }
  };

  public abstract String render(LineageGraph graph);

  /**
   * The node and, indented below it, what it was computed from; a node already printed is
   * named again but not expanded.
   */
  static void tree(LineageGraph graph, LineageNode node, int depth, Set<String> printed, StringBuilder out) {
    boolean again = !printed.add(node.id());
    out.append("  ".repeat(depth)).append(line(node)).append(again ? "  (see above)" : "").append('\n');
    if (!again) {
      graph.parents(node).forEach(p -> tree(graph, p, depth + 1, printed, out));
    }
  }

  /** One node on one line: id, fingerprint and what it stands for. */
  static String line(LineageNode node) {
    return node.id() + "  " + node.fingerprint() + "  " + oneLine(node.label());
  }

  static String oneLine(String text) {
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  /**
   * A node statement per node (id, fingerprint and label, escaped) and an edge statement per
   * parent. Nodes are named n0, n1, ... in graph order: ids from data never reach the syntax.
   */
  private static String diagram(LineageGraph graph, String header, String nodeFormat, String edgeFormat,
      UnaryOperator<String> escape) {
    Map<String, String> ids = new HashMap<>();
    List<LineageNode> nodes = graph.nodes();
    StringBuilder out = new StringBuilder(header);
    for (int i = 0; i < nodes.size(); i++) {
      LineageNode n = nodes.get(i);
      ids.put(n.id(), "n" + i);
      out.append(String.format(nodeFormat, "n" + i, escape.apply(n.id() + "\n" + n.fingerprint() + "\n" + n.label())));
    }
    nodes.forEach(n -> n.parents().forEach(p -> out.append(String.format(edgeFormat, ids.get(p), ids.get(n.id())))));
    return out.toString();
  }

  /** Text inside a DOT double-quoted label: backslashes and quotes escaped, line breaks as \n. */
  static String dot(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r\n", "\\n").replace("\n", "\\n")
        .replace("\r", "\\n");
  }

  /**
   * Text inside a Mermaid quoted label: the characters Mermaid or its HTML would read as syntax
   * as numeric entity codes ({@code #} first, as it starts them), line breaks as {@code <br/>}.
   */
  static String mermaid(String text) {
    return text.replace("#", "#35;").replace("&", "#38;").replace("\"", "#34;").replace("<", "#60;")
        .replace(">", "#62;").replace("`", "#96;").replace("\r\n", "<br/>").replace("\n", "<br/>")
        .replace("\r", "<br/>");
  }
}
