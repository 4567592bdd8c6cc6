package dev.driftline.jobs.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.decision.Incident;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** How fingerprints chain: equal inputs give equal fingerprints, a changed input changes exactly what is downstream. */
class DayLineageTest {

  static final LocalDate DAY = LocalDate.of(2026, 3, 9);
  static final LocalDate YESTERDAY = DAY.minusDays(1);
  static final CodeVersion CODE = new CodeVersion("0.1.0", "abc123");

  /** What a day's graph is built from; each test changes one thing. */
  record Day(String config, CodeVersion code, String inputVersion, String labelsYesterday, String labelsToday,
      List<String> driftAlerts, String decision) {

    static Day base() {
      return new Day("cfg-1", CODE, "delta version 4", "lab-y", "lab-t", List.of("psi amount warn"), "watch");
    }

    LineageGraph graph() {
      return new DayLineage(DAY, config, code)
          .input("/logs/predictions", inputVersion)
          .reference("ref-1", "2026-03-01..2026-03-07")
          .profile()
          .drift(driftAlerts)
          .quality(List.of())
          .performance(YESTERDAY, "/logs/labels @ delta version 9", labelsYesterday, "perf-ref", List.of("auc warn"))
          .performance(DAY, "/logs/labels @ delta version 9", labelsToday, "perf-ref", List.of())
          .incident("drift-1", Incident.Kind.FEATURE_DRIFT, "feature_drift amount", List.of("drift_metrics/BASELINE/__all__=__all__/amount"),
              List.of("drift-1|opened|warn"))
          .incident("perf-1", Incident.Kind.PERFORMANCE, "performance model_quality",
              List.of("performance_metrics/" + YESTERDAY + "/__all__=__all__/auc"), List.of("perf-1|opened|warn"))
          .decision(decision, "policy-1", List.of(decision + " because perf-1"))
          .trigger("webhook", "fixture/" + DAY, "{\"decision\":\"" + decision + "\"}")
          .graph();
    }
  }

  @Test
  void theSameInputsGiveTheSameFingerprintsForEveryNode() {
    Map<String, String> first = Day.base().graph().fingerprints();
    assertEquals(first, Day.base().graph().fingerprints());
    assertEquals(Set.of("input", "reference", "profile", "drift", "quality", "labels:" + YESTERDAY,
        "performance:" + YESTERDAY, "labels:" + DAY, "performance:" + DAY, "incident:drift-1", "incident:perf-1",
        "decision", "trigger"), first.keySet());
    assertEquals(first.size(), new TreeSet<>(first.values()).size(), "every node has its own fingerprint");
  }

  @Test
  void changedLabelsChangeTheirDaysPerformanceAndWhatDependsOnItOnly() {
    Day base = Day.base();
    Day relabelled = new Day(base.config(), CODE, base.inputVersion(), "lab-y2", base.labelsToday(), base.driftAlerts(),
        base.decision());
    Set<String> changed = changed(base.graph(), relabelled.graph());
    assertEquals(base.graph().downstream("labels:" + YESTERDAY), changed);
    assertEquals(Set.of("labels:" + YESTERDAY, "performance:" + YESTERDAY, "incident:perf-1", "decision", "trigger"),
        changed);
  }

  @Test
  void aChangedInputDayChangesItsProfileFindingsAndTodaysLabelsButNotTheReferenceOrEarlierLabels() {
    Day base = Day.base();
    Day rewritten = new Day(base.config(), CODE, "delta version 5", base.labelsYesterday(), base.labelsToday(),
        base.driftAlerts(), base.decision());
    Set<String> changed = changed(base.graph(), rewritten.graph());
    assertEquals(base.graph().downstream("input"), changed);
    assertTrue(changed.containsAll(List.of("input", "profile", "drift", "quality", "labels:" + DAY,
        "performance:" + DAY, "incident:drift-1", "decision", "trigger")), changed.toString());
    assertFalse(changed.contains("reference"));
    assertFalse(changed.contains("incident:perf-1"), "an incident on yesterday's labelled rows");
    assertFalse(changed.contains("labels:" + YESTERDAY));
    assertFalse(changed.contains("performance:" + YESTERDAY), "yesterday's performance rests on its own rows");
  }

  @Test
  void aChangedConfigChangesTheNodesThatApplyItButNotTheDataOrTheProfile() {
    Day base = Day.base();
    Day retuned = new Day("cfg-2", CODE, base.inputVersion(), base.labelsYesterday(), base.labelsToday(),
        base.driftAlerts(), base.decision());
    Set<String> unchanged = new TreeSet<>(base.graph().fingerprints().keySet());
    unchanged.removeAll(changed(base.graph(), retuned.graph()));
    assertEquals(Set.of("input", "reference", "profile", "labels:" + YESTERDAY, "labels:" + DAY), unchanged);
  }

  @Test
  void newCodeChangesEveryComputedNodeAndNoData() {
    Day base = Day.base();
    Day rebuilt = new Day(base.config(), new CodeVersion("0.1.0", "def456"), base.inputVersion(),
        base.labelsYesterday(), base.labelsToday(), base.driftAlerts(), base.decision());
    Set<String> unchanged = new TreeSet<>(base.graph().fingerprints().keySet());
    unchanged.removeAll(changed(base.graph(), rebuilt.graph()));
    assertEquals(Set.of("input", "reference", "labels:" + YESTERDAY, "labels:" + DAY), unchanged);
  }

  @Test
  void aChangedOutputShowsInItsNodeAndDownstreamOnly() {
    Day base = Day.base();
    Day moreDrift = new Day(base.config(), CODE, base.inputVersion(), base.labelsYesterday(), base.labelsToday(),
        List.of("psi amount warn", "psi age critical"), base.decision());
    assertEquals(base.graph().downstream("drift"), changed(base.graph(), moreDrift.graph()));
    Day retrain = new Day(base.config(), CODE, base.inputVersion(), base.labelsYesterday(), base.labelsToday(),
        base.driftAlerts(), "retrain");
    assertEquals(Set.of("decision", "trigger"), changed(base.graph(), retrain.graph()));
  }

  @Test
  void aNodeOnlyOneGraphHasCountsAsChanged() {
    LineageGraph base = Day.base().graph();
    LineageGraph fewer = LineageGraph.of(base.nodes().stream().filter(n -> !n.id().equals("trigger")).toList());
    assertEquals(Set.of("trigger"), fewer.changedSince(base));
    assertEquals(Set.of("trigger"), base.changedSince(fewer));
    assertEquals(Set.of(), base.changedSince(Day.base().graph()));
  }

  @Test
  void incidentsHangOffTheFindingsOfTheirKindAndTheDaysTheirEvidenceNames() {
    LineageGraph g = Day.base().graph();
    assertEquals(List.of("drift"), g.node("incident:drift-1").orElseThrow().parents());
    assertEquals(List.of("performance:" + YESTERDAY), g.node("incident:perf-1").orElseThrow().parents());
    assertEquals(List.of("input"), g.node("labels:" + DAY).orElseThrow().parents(), "today's labels join today's rows");
    assertEquals(List.of(), g.node("labels:" + YESTERDAY).orElseThrow().parents());
    assertEquals(Set.of("drift", "quality", "performance:" + YESTERDAY, "performance:" + DAY, "incident:drift-1",
        "incident:perf-1"), Set.copyOf(g.node("decision").orElseThrow().parents()));
  }

  @Test
  void theFingerprintIsAShaOverKindParamsAndParentsNotOverTheLabel() {
    LineageNode root = LineageNode.of(LineageNode.Kind.INPUT, "input", "a", Map.of("x", "1"), List.of());
    LineageNode renamed = LineageNode.of(LineageNode.Kind.INPUT, "input", "b", Map.of("x", "1"), List.of());
    assertEquals(root.fingerprint(), renamed.fingerprint());
    assertTrue(root.fingerprint().matches("[0-9a-f]{16}"), root.fingerprint());
    assertNotEquals(root.fingerprint(),
        LineageNode.of(LineageNode.Kind.REFERENCE, "input", "a", Map.of("x", "1"), List.of()).fingerprint());
    assertNotEquals(root.fingerprint(),
        LineageNode.of(LineageNode.Kind.INPUT, "input", "a", Map.of("x", "2"), List.of()).fingerprint());
    // A name and value joined differently must not collide.
    assertNotEquals(LineageNode.of(LineageNode.Kind.INPUT, "i", "", Map.of("ab", "c"), List.of()).fingerprint(),
        LineageNode.of(LineageNode.Kind.INPUT, "i", "", Map.of("a", "bc"), List.of()).fingerprint());
  }

  @Test
  void aGraphReadBackInAnyOrderIsTheSameGraph() {
    LineageGraph g = Day.base().graph();
    List<LineageNode> shuffled = new ArrayList<>(g.nodes());
    Collections.reverse(shuffled);
    LineageGraph again = LineageGraph.of(shuffled);
    assertEquals(g.fingerprints(), again.fingerprints());
    List<String> order = again.nodes().stream().map(LineageNode::id).toList();
    for (LineageNode n : again.nodes()) {
      n.parents().forEach(p -> assertTrue(order.indexOf(p) < order.indexOf(n.id()), p + " before " + n.id()));
    }
    List<LineageNode> orphaned = new ArrayList<>(g.nodes());
    orphaned.removeIf(n -> n.id().equals("profile"));
    assertThrows(IllegalArgumentException.class, () -> LineageGraph.of(orphaned));
  }

  @Test
  void aNodeBeforeItsParentIsRefused() {
    assertThrows(IllegalStateException.class, () -> new DayLineage(DAY, "cfg", CODE).profile());
  }

  /** The ids whose fingerprints differ between two graphs of the same nodes. */
  static Set<String> changed(LineageGraph a, LineageGraph b) {
    assertEquals(a.fingerprints().keySet(), b.fingerprints().keySet());
    return b.changedSince(a);
  }
}
