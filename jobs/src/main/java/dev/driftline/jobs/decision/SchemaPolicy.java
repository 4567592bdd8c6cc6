package dev.driftline.jobs.decision;

/**
 * A monitored column that is gone or changed type since the reference is critical: the model is
 * fed something else (the run goes on with the column as nulls, or cast back to its kind, so its
 * damage shows in the other checks too). Any other schema change is info: worth a look, never an
 * alert.
 */
public final class SchemaPolicy implements Policy<SchemaFinding> {

  @Override
  public Assessment assess(SchemaFinding f) {
    String what = switch (f.change()) {
      case MISSING -> "column " + f.column() + " (" + f.refType() + " in the reference) is missing from the input";
      case RETYPED -> "column " + f.column() + " is " + f.dayType() + " in the input, " + f.refType() + " in the reference";
      case ADDED -> "column " + f.column() + " (" + f.dayType() + ") was added to the input since the reference";
    };
    boolean critical = f.monitored() && f.change() != SchemaFinding.Change.ADDED;
    return new Assessment(critical ? Severity.CRITICAL : Severity.INFO, "schema", null,
        what + (f.monitored() ? "; it is monitored" : "; it is not monitored"));
  }
}
