package dev.driftline.jobs.cli;

import dev.driftline.jobs.config.ConfigException;
import dev.driftline.jobs.lineage.LineageExplanation;
import dev.driftline.jobs.lineage.LineageGraph;
import dev.driftline.jobs.lineage.LineageNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Print every input behind one incident or the day's retraining decision: the nodes it was computed"
        + " from with their fingerprints, the input versions, the reference, the config fingerprint and code version.")
public final class ExplainCommand implements Callable<Integer> {

  @Mixin
  LineageDayOption day;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--incident", paramLabel = "ID", description = "an incident of the day (incidents.incident_id)")
    String incident;

    @Option(names = "--decision", description = "the day's retraining decision")
    boolean decision;
  }

  @Override
  public Integer call() {
    LineageGraph graph = day.read("driftline explain");
    String id = target.decision ? "decision" : "incident:" + target.incident;
    LineageNode node = graph.node(id).orElseThrow(() -> new ConfigException(target.decision
        ? "--decision: the lineage of " + day.date + " has no decision"
        : "--incident: no incident " + target.incident + " on " + day.date + " (" + incidents(graph) + ")"));
    System.out.print(LineageExplanation.of(graph, node));
    return 0;
  }

  private static String incidents(LineageGraph graph) {
    List<String> ids = graph.ofKind(LineageNode.Kind.INCIDENT).stream()
        .map(n -> n.id().substring("incident:".length())).toList();
    return ids.isEmpty() ? "none that day" : "the day's: " + String.join(", ", ids);
  }
}
