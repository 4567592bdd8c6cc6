package dev.driftline.jobs.lineage;

import java.util.HashSet;
import dev.driftline.jobs.lineage.LineageNode.Param;
import java.util.List;
import java.util.Objects;

/**
 * Everything behind one node of a day's graph: the tree of the nodes it was computed from, then
 * each input version, label fingerprint, reference, config fingerprint and code version among them,
 * with the node that records it.
 */
public final class LineageExplanation {

  private LineageExplanation() {}

  public static String of(LineageGraph graph, LineageNode node) {
    StringBuilder out = new StringBuilder();
    LineageFormat.tree(graph, node, 0, new HashSet<>(), out);
    out.append("\nbehind ").append(node.id()).append(":\n");
    List<LineageNode> upstream = graph.upstream(node.id());
    for (String param : List.of(Param.INPUT_VERSION, Param.LABEL_FINGERPRINT, Param.REFERENCE)) {
      upstream.stream().filter(n -> n.param(param) != null)
          .forEach(n -> line(out, param + " " + n.param(param) + "  (" + n.id() + ")"));
    }
    for (String param : List.of(Param.CONFIG, Param.CODE_VERSION)) {
      upstream.stream().map(n -> n.param(param)).filter(Objects::nonNull).distinct()
          .forEach(value -> line(out, param + " " + value));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String text) {
    out.append("  ").append(LineageFormat.oneLine(text)).append('\n');
  }
}
