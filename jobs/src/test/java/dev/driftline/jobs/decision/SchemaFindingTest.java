package dev.driftline.jobs.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.decision.SchemaFinding.Change;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Schema changes since the reference: which columns, what change, and how alarming. */
class SchemaFindingTest {

  private static Map<String, String> schema(String... nameTypes) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < nameTypes.length; i += 2) {
      m.put(nameTypes[i], nameTypes[i + 1]);
    }
    return m;
  }

  @Test
  void missingRetypedAndAddedColumnsInOrder() {
    List<SchemaFinding> changes = SchemaFinding.between(
        schema("id", "bigint", "income", "double", "state", "string", "note", "string"),
        schema("ID", "bigint", "state", "int", "note", "string", "channel", "string"),
        Set.of("income", "state"));
    assertEquals(List.of(
        new SchemaFinding("income", "double", null, true),
        new SchemaFinding("state", "string", "int", true),
        new SchemaFinding("channel", null, "string", false)), changes);
    assertEquals(List.of(Change.MISSING, Change.RETYPED, Change.ADDED),
        changes.stream().map(SchemaFinding::change).toList());
  }

  @Test
  void anUnchangedSchemaHasNoFinding() {
    Map<String, String> s = schema("income", "double", "state", "string");
    assertEquals(List.of(), SchemaFinding.between(s, s, Set.of("income")));
  }

  @Test
  void aMonitoredColumnMissingOrRetypedIsCriticalAnythingElseInfo() {
    SchemaPolicy policy = new SchemaPolicy();
    assertEquals(Severity.CRITICAL, policy.assess(new SchemaFinding("income", "double", null, true)).severity());
    assertEquals(Severity.CRITICAL, policy.assess(new SchemaFinding("income", "double", "string", true)).severity());
    assertEquals(Severity.INFO, policy.assess(new SchemaFinding("channel", null, "string", true)).severity());
    assertEquals(Severity.INFO, policy.assess(new SchemaFinding("note", "string", null, false)).severity());
    assertEquals(Severity.INFO, policy.assess(new SchemaFinding("note", "string", "int", false)).severity());
    assertEquals("column income is string in the input, double in the reference; it is monitored",
        policy.assess(new SchemaFinding("income", "double", "string", true)).reason());
  }
}
