package dev.driftline.jobs.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.Incident.Kind;
import dev.driftline.jobs.decision.Incident.Status;
import dev.driftline.jobs.decision.Severity;
import dev.driftline.udfs.math.DriftAttribution.Share;
import dev.driftline.udfs.math.ProfileLayout.Slice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Incidents to and from the rows of {@code incidents}. */
public final class IncidentRows {

  private IncidentRows() {}

  public static Row of(String model, LocalDate ds, String runId, Incident i) {
    return RowBuilder.of(Table.INCIDENTS)
        .set("model", model).set("ds", ds).set("run_id", runId)
        .set("incident_id", i.id()).set("status", i.status().key()).set("kind", i.kind().key())
        .set("column_name", i.subject()).set("slice_key", i.slice().key()).set("slice_value", i.slice().value())
        .set("severity", i.severity().key()).set("first_ds", i.firstDs()).set("last_ds", i.lastDs())
        .set("affected_slices", i.affectedSlices()).set("alert_count", i.alertCount())
        .set("attribution", i.attribution().stream().map(a -> RowFactory.create(a.slice(), a.share())).toList())
        .set("top_bins", i.topBins()).set("summary", i.summary()).set("evidence", i.evidence())
        .build();
  }

  /** The model's incidents of one day, as stored. */
  public static List<Incident> read(Dataset<Row> table, String model, LocalDate ds) {
    return table.where(col("model").equalTo(lit(model)).and(col("ds").equalTo(lit(java.sql.Date.valueOf(ds)))))
        .collectAsList().stream().map(IncidentRows::incident).toList();
  }

  /** The model's incidents of each day from {@code from} to {@code to}, as stored; days without any are absent. */
  public static NavigableMap<LocalDate, List<Incident>> readRange(Dataset<Row> table, String model, LocalDate from,
      LocalDate to) {
    NavigableMap<LocalDate, List<Incident>> out = new TreeMap<>();
    table.where(col("model").equalTo(lit(model))
            .and(col("ds").between(lit(java.sql.Date.valueOf(from)), lit(java.sql.Date.valueOf(to)))))
        .orderBy("ds", "incident_id").collectAsList()
        .forEach(r -> out.computeIfAbsent(r.<java.sql.Date>getAs("ds").toLocalDate(), d -> new ArrayList<>())
            .add(incident(r)));
    return out;
  }

  private static Incident incident(Row r) {
    List<Share> attribution = r.<Row>getList(r.fieldIndex("attribution")).stream()
        .map(a -> new Share(a.getString(0), a.getDouble(1))).toList();
    return new Incident(r.getAs("incident_id"), Status.valueOf(upper(r.getAs("status"))),
        Kind.valueOf(upper(r.getAs("kind"))), r.getAs("column_name"),
        new Slice(r.getAs("slice_key"), r.getAs("slice_value")), Severity.fromKey(r.getAs("severity")),
        r.<java.sql.Date>getAs("first_ds").toLocalDate(), r.<java.sql.Date>getAs("last_ds").toLocalDate(),
        r.getList(r.fieldIndex("affected_slices")), r.<Integer>getAs("alert_count"), attribution,
        r.getList(r.fieldIndex("top_bins")), r.getAs("summary"), r.getList(r.fieldIndex("evidence")));
  }

  private static String upper(String key) {
    return key.toUpperCase(Locale.ROOT);
  }
}
