package dev.driftline.jobs.tables;

import dev.driftline.jobs.RunRecord;
import java.util.HashMap;
import org.apache.spark.sql.Row;

/** A {@link RunRecord} as a row of the {@code runs} table. */
public final class RunRows {

  private RunRows() {}

  public static Row of(String model, RunRecord r, String configFingerprint, String driftlineVersion,
      String sparkVersion) {
    return RowBuilder.of(Table.RUNS)
        .set("model", model).set("ds", r.ds()).set("run_id", r.runId())
        .set("command", r.command()).set("status", r.status()).set("error", r.error())
        .set("config_fingerprint", configFingerprint).set("reference_id", r.referenceId())
        .set("input_versions", r.inputs()).set("output_versions", r.outputs())
        .set("rows_read", r.rowsRead()).set("rows_written", r.rowsWritten())
        .set("step_millis", new HashMap<>(r.stepMillis()))
        .set("started_at", r.startedAt()).set("finished_at", r.finishedAt())
        .set("driftline_version", driftlineVersion).set("spark_version", sparkVersion)
        .set("findings", r.findings()).set("process", RunProcess.current())
        .build();
  }
}
