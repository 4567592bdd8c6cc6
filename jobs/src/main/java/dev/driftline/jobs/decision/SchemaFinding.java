package dev.driftline.jobs.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A column of the input whose type differs from the reference's input, or that one side lacks.
 *
 * @param column the input column's name
 * @param refType its type when the reference was built, null when it was not there
 * @param dayType its type in the input today, null when it is gone
 * @param monitored whether the config monitors it (a feature, the prediction, or a slice)
 */
public record SchemaFinding(String column, String refType, String dayType, boolean monitored) {

  /** What happened to the column since the reference. */
  public enum Change {
    MISSING, RETYPED, ADDED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Change change() {
    return dayType == null ? Change.MISSING : refType == null ? Change.ADDED : Change.RETYPED;
  }

  /**
   * Every column whose type differs between the two schemas (name to type, names compared without
   * case as Spark resolves them), in the reference's order, then the added columns in the day's.
   */
  public static List<SchemaFinding> between(Map<String, String> reference, Map<String, String> day,
      Set<String> monitored) {
    Map<String, String> dayByName = byLowerName(day);
    Map<String, String> refByName = byLowerName(reference);
    List<SchemaFinding> out = new ArrayList<>();
    reference.forEach((name, type) -> {
      String now = dayByName.get(name.toLowerCase(Locale.ROOT));
      if (!type.equals(now)) {
        out.add(new SchemaFinding(name, type, now, isMonitored(monitored, name)));
      }
    });
    day.forEach((name, type) -> {
      if (!refByName.containsKey(name.toLowerCase(Locale.ROOT))) {
        out.add(new SchemaFinding(name, null, type, isMonitored(monitored, name)));
      }
    });
    return out;
  }

  private static boolean isMonitored(Set<String> monitored, String name) {
    return monitored.stream().anyMatch(m -> m.equalsIgnoreCase(name));
  }

  private static Map<String, String> byLowerName(Map<String, String> types) {
    Map<String, String> out = new java.util.HashMap<>();
    types.forEach((n, t) -> out.put(n.toLowerCase(Locale.ROOT), t));
    return out;
  }
}
