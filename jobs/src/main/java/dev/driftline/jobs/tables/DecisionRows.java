package dev.driftline.jobs.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.RetrainDecision;
import dev.driftline.jobs.decision.RetrainDecision.Reason;
import dev.driftline.jobs.trigger.TriggerOutcome;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Retraining decisions to rows of {@code retrain_decisions}, and to the JSON a trigger sends. */
public final class DecisionRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DecisionRows() {}

  /**
   * A decided day, as written and sent.
   *
   * @param incidents the incidents behind the decision's evidence, by id
   * @param trigger what the trigger did, null when the decision is not retrain
   */
  public record Decided(String model, LocalDate ds, RetrainDecision decision, LocalDate lastRetrain,
      Map<String, Incident> incidents, String policyFingerprint, String triggerKind, String idempotencyKey,
      TriggerOutcome trigger) {}

  public static Row of(Decided d, String runId, Instant decidedAt) {
    RetrainDecision r = d.decision();
    TriggerOutcome t = d.trigger();
    return RowBuilder.of(Table.RETRAIN_DECISIONS)
        .set("model", d.model()).set("ds", d.ds()).set("run_id", runId)
        .set("decision", r.decision().key())
        .set("reasons", r.reasons().stream().map(x -> RowFactory.create(x.rule(), x.incidentId(), x.sentence())).toList())
        .set("blocked_by", r.blockedBy())
        .set("policy_fingerprint", d.policyFingerprint())
        .set("evidence", r.evidence().stream().map(id -> evidence(id, d.incidents().get(id))).toList())
        .set("labelled_rows_since_last_retrain", r.labelledRowsSinceLastRetrain())
        .set("last_retrain", d.lastRetrain()).set("cooldown_until", r.cooldownUntil())
        .set("trigger_kind", d.triggerKind())
        .set("trigger_status", t == null ? null : t.status().key())
        .set("trigger_http_status", t == null ? null : t.httpStatus())
        .set("trigger_run_id", t == null ? null : t.runId())
        .set("trigger_message", t == null ? null : t.message())
        .set("idempotency_key", d.idempotencyKey())
        .set("trigger_payload", t == null ? null : payload(d))
        .set("decided_at", decidedAt)
        .build();
  }

  /** The decision as the JSON object a trigger sends: what a retrain pipeline needs to know and to audit. */
  public static String payload(Decided d) {
    RetrainDecision r = d.decision();
    ObjectNode o = JSON.createObjectNode();
    o.put("model", d.model()).put("ds", d.ds().toString()).put("decision", r.decision().key());
    ArrayNode reasons = o.putArray("reasons");
    for (Reason x : r.reasons()) {
      reasons.addObject().put("rule", x.rule()).put("incident_id", x.incidentId()).put("sentence", x.sentence());
    }
    ArrayNode evidence = o.putArray("evidence");
    for (String id : r.evidence()) {
      Incident i = d.incidents().get(id);
      ObjectNode e = evidence.addObject().put("incident_id", id);
      if (i != null) {
        e.put("kind", i.kind().key()).put("column_name", i.subject())
            .put("slice", i.slice().key() + "=" + i.slice().value()).put("severity", i.severity().key())
            .put("summary", i.summary());
      }
    }
    o.put("labelled_rows_since_last_retrain", r.labelledRowsSinceLastRetrain());
    o.put("last_retrain", d.lastRetrain() == null ? null : d.lastRetrain().toString());
    o.put("policy_fingerprint", d.policyFingerprint()).put("idempotency_key", d.idempotencyKey());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The trigger outcome a stored row recorded, null when it has none. */
  public static TriggerOutcome storedTrigger(Row r) {
    String status = r.getAs("trigger_status");
    if (status == null) {
      return null;
    }
    return new TriggerOutcome(TriggerOutcome.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)),
        r.getAs("trigger_http_status"), r.getAs("trigger_run_id"), r.getAs("trigger_message"));
  }

  /** A stored row with a new trigger outcome in place of its old one. */
  public static Row withTrigger(Row stored, TriggerOutcome t) {
    RowBuilder b = RowBuilder.of(Table.RETRAIN_DECISIONS);
    for (String field : stored.schema().fieldNames()) {
      b.set(field, stored.getAs(field));
    }
    return b.set("trigger_status", t.status().key()).set("trigger_http_status", t.httpStatus())
        .set("trigger_run_id", t.runId()).set("trigger_message", t.message()).build();
  }

  private static Row evidence(String id, Incident i) {
    return i == null ? RowFactory.create(id, null, null, null, null, null)
        : RowFactory.create(id, i.kind().key(), i.subject(), i.slice().key() + "=" + i.slice().value(),
            i.severity().key(), i.summary());
  }
}
