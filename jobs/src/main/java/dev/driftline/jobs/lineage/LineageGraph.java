package dev.driftline.jobs.lineage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A day's lineage: its nodes in topological order (every parent before its children), with the
 * walks the commands need.
 */
public final class LineageGraph {

  private final Map<String, LineageNode> nodes;

  private LineageGraph(Map<String, LineageNode> nodes) {
    this.nodes = nodes;
  }

  /**
   * The graph of these nodes in any order (rows read back from the table), sorted topologically
   * with ties broken by id so the same nodes always print the same. A parent missing from the
   * nodes is an error: the graph would not say where its child came from.
   */
  public static LineageGraph of(Collection<LineageNode> unordered) {
    Map<String, LineageNode> byId = new TreeMap<>();
    unordered.forEach(n -> byId.put(n.id(), n));
    for (LineageNode n : byId.values()) {
      for (String p : n.parents()) {
        if (!byId.containsKey(p)) {
          throw new IllegalArgumentException("lineage node " + n.id() + " names a missing parent " + p);
        }
      }
    }
    Map<String, LineageNode> sorted = new LinkedHashMap<>();
    while (sorted.size() < byId.size()) {
      int before = sorted.size();
      for (LineageNode n : byId.values()) {
        if (!sorted.containsKey(n.id()) && sorted.keySet().containsAll(n.parents())) {
          sorted.put(n.id(), n);
        }
      }
      if (sorted.size() == before) {
        throw new IllegalArgumentException("lineage nodes form a cycle: " + byId.keySet().stream()
            .filter(id -> !sorted.containsKey(id)).toList());
      }
    }
    return new LineageGraph(sorted);
  }

  public List<LineageNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public Optional<LineageNode> node(String id) {
    return Optional.ofNullable(nodes.get(id));
  }

  public List<LineageNode> ofKind(LineageNode.Kind kind) {
    return nodes.values().stream().filter(n -> n.kind() == kind).toList();
  }

  public List<LineageNode> parents(LineageNode node) {
    return node.parents().stream().map(nodes::get).toList();
  }

  /** The nodes no other node was computed from: where the tree of {@code lineage} starts. */
  public List<LineageNode> sinks() {
    Set<String> parents = new LinkedHashSet<>();
    nodes.values().forEach(n -> parents.addAll(n.parents()));
    return nodes.values().stream().filter(n -> !parents.contains(n.id())).toList();
  }

  /** The node and everything it was computed from, in topological order. */
  public List<LineageNode> upstream(String id) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(id));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      if (seen.add(next)) {
        todo.addAll(nodes.get(next).parents());
      }
    }
    return nodes.values().stream().filter(n -> seen.contains(n.id())).toList();
  }

  /** The ids of the node and everything computed from it. */
  public Set<String> downstream(String id) {
    Set<String> out = new LinkedHashSet<>(List.of(id));
    for (LineageNode n : nodes.values()) {
      if (n.parents().stream().anyMatch(out::contains)) {
        out.add(n.id());
      }
    }
    return out;
  }

  /**
   * The ids of the nodes whose fingerprints differ from {@code before}'s, and of those only one
   * of the two graphs has: what a change of inputs, config or code reached.
   */
  public Set<String> changedSince(LineageGraph before) {
    Set<String> out = new TreeSet<>();
    Map<String, String> old = before.fingerprints();
    fingerprints().forEach((id, fp) -> {
      if (!fp.equals(old.get(id))) {
        out.add(id);
      }
    });
    old.keySet().stream().filter(id -> !nodes.containsKey(id)).forEach(out::add);
    return out;
  }

  /** Each node's fingerprint by id. */
  public Map<String, String> fingerprints() {
    Map<String, String> out = new TreeMap<>();
    nodes.values().forEach(n -> out.put(n.id(), n.fingerprint()));
    return out;
  }
}
