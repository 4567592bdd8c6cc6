package dev.driftline.jobs.retrain;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.Incident;
import dev.driftline.jobs.decision.RetrainContext;
import dev.driftline.jobs.decision.RetrainDecision;
import dev.driftline.jobs.decision.RetrainPolicy;
import dev.driftline.jobs.decision.RetrainSettings;
import dev.driftline.jobs.profile.Fingerprint;
import dev.driftline.jobs.tables.DecisionRows;
import dev.driftline.jobs.tables.DecisionRows.Decided;
import dev.driftline.jobs.tables.IncidentRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.jobs.tables.Warehouse;
import dev.driftline.jobs.trigger.Trigger;
import dev.driftline.jobs.trigger.TriggerOutcome;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import dev.driftline.jobs.trigger.TriggerRequest;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Decides each day of a range from the stored tables ({@code incidents}, {@code
 * performance_metrics}, {@code retrain_events}, {@code retrain_decisions}) and delivers the
 * range's last decision: what {@code run} and {@code backfill} do once their tables are written,
 * and what {@code decide} replays without reading the log.
 *
 * <p>Only the last day of a range triggers: a backfill replays history and must not start a
 * retrain for each past day (their retrain rows say {@code suppressed}). A day whose trigger was
 * sent is never sent again (its row keeps the first delivery); the latest earlier retrain whose
 * trigger failed, within the cooldown, is sent again first.
 */
public final class DecisionStep {

  private static final Logger LOG = LogManager.getLogger(DecisionStep.class);

  private final JobSpec spec;
  private final Warehouse warehouse;
  private final Trigger trigger;
  private final String triggerKind;
  private final RetrainPolicy policy;

  /** @param triggerKind the configured trigger's kind, {@code none} when there is none */
  public DecisionStep(JobSpec spec, Warehouse warehouse, Trigger trigger, String triggerKind) {
    this.spec = spec;
    this.warehouse = warehouse;
    this.trigger = trigger;
    this.triggerKind = triggerKind;
    this.policy = new RetrainPolicy(spec.retraining());
  }

  /**
   * What a range decided: each day's decision, and the stored row of an earlier day whose failed
   * trigger was sent again, with its new outcome (null when none was).
   */
  public record Outcome(List<Decided> days, Row resent, TriggerOutcome resentOutcome) {

    /** The rows to write: every decided day's, and the re-sent day's with its new outcome. */
    public List<Row> rows(String runId, java.time.Instant decidedAt) {
      List<Row> rows = new ArrayList<>(days.stream().map(d -> DecisionRows.of(d, runId, decidedAt)).toList());
      if (resent != null) {
        rows.add(DecisionRows.withTrigger(resent, resentOutcome));
      }
      return rows;
    }

    /** The days whose rows {@link #rows} replaces. */
    public List<LocalDate> daysWritten() {
      List<LocalDate> out = new ArrayList<>(days.stream().map(Decided::ds).toList());
      if (resent != null) {
        out.add(resent.<Date>getAs("ds").toLocalDate());
      }
      return out;
    }
  }

  /**
   * The decisions of every day in {@code days}, after sending again the failed trigger of an
   * earlier day.
   *
   * @param deliver false for a dry run: retrain rows say suppressed and nothing is sent
   */
  public Outcome decide(DateRange days, boolean deliver) {
    RetrainSettings s = spec.retraining();
    int window = Math.max(s.predictionDrift().ofDays(), s.featureDrift().ofDays());
    NavigableMap<LocalDate, List<Incident>> incidents = incidents(days.start().minusDays(window - 1L), days.end());
    List<LocalDate> retrains = retrainEvents();
    Map<LocalDate, Row> stored = new HashMap<>();
    List<Row> before = new ArrayList<>();
    warehouse.read(Table.RETRAIN_DECISIONS).ifPresent(t -> t.where(col("model").equalTo(lit(spec.model()))
        .and(col("decision").equalTo("retrain"))).collectAsList().forEach(r -> {
          LocalDate ds = r.<Date>getAs("ds").toLocalDate();
          if (days.contains(ds)) {
            stored.put(ds, r);
          } else if (ds.isBefore(days.start())) {
            before.add(r);
          }
        }));
    NavigableMap<LocalDate, Long> labelled = labelledPerDay();
    Map<String, Long> evidenceLabels = evidenceLabels(days);

    List<Decided> out = new ArrayList<>();
    Row failed = failedBefore(before, days.start(), deliver);
    TriggerOutcome resent = failed == null ? null : send(failed.<Date>getAs("ds").toLocalDate(),
        failed.getAs("idempotency_key"), failed.getAs("trigger_payload"));
    LocalDate lastTrigger = before.stream().map(r -> r.<Date>getAs("ds").toLocalDate()).max(LocalDate::compareTo)
        .orElse(null);
    Set<String> monitored = spec.columns().stream().map(c -> c.name()).collect(Collectors.toSet());
    for (LocalDate ds = days.start(); !ds.isAfter(days.end()); ds = ds.plusDays(1)) {
      LocalDate day = ds;
      LocalDate lastRetrain = retrains.stream().filter(r -> !r.isAfter(day)).max(LocalDate::compareTo).orElse(null);
      LocalDate since = lastRetrain != null ? lastRetrain : spec.reference().forRunDate(day).end();
      long labelledSince = labelled.subMap(since, false, day, true).values().stream().mapToLong(Long::longValue).sum();
      RetrainContext context = new RetrainContext(day, incidents.headMap(day, true), sliceLabels(incidents.get(day),
          evidenceLabels), monitored, labelledSince, lastRetrain, lastTrigger);
      RetrainDecision decision = policy.decide(context);
      Map<String, Incident> behind = new LinkedHashMap<>();
      incidents.getOrDefault(day, List.of()).forEach(i -> behind.put(i.id(), i));
      boolean retrain = decision.decision() == RetrainDecision.Decision.RETRAIN;
      String key = retrain ? idempotencyKey(day) : null;
      Decided decided = new Decided(spec.model(), day, decision, lastRetrain, behind, policy.fingerprint(),
          triggerKind, key, null);
      if (retrain) {
        lastTrigger = day;
        boolean last = day.equals(days.end());
        decided = withTrigger(decided, stored.get(day), !deliver ? "dry run: nothing sent"
            : last ? null : "backfill: only the last day of a run triggers");
      }
      out.add(decided);
    }
    return new Outcome(out, failed, resent);
  }

  /**
   * The decided day with its trigger outcome: the stored one when the day was already delivered,
   * suppressed (with the reason) when it may not be sent, otherwise what sending it gives.
   */
  private Decided withTrigger(Decided d, Row stored, String suppressed) {
    TriggerOutcome before = stored == null ? null : DecisionRows.storedTrigger(stored);
    TriggerOutcome outcome;
    if (before != null && (before.status() == Status.SENT || before.status() == Status.ALREADY_SENT)) {
      outcome = before;
    } else if (suppressed != null) {
      outcome = new TriggerOutcome(Status.SUPPRESSED, null, null, suppressed);
    } else {
      outcome = send(d.ds(), d.idempotencyKey(), DecisionRows.payload(d));
    }
    return new Decided(d.model(), d.ds(), d.decision(), d.lastRetrain(), d.incidents(), d.policyFingerprint(),
        d.triggerKind(), d.idempotencyKey(), outcome);
  }

  /**
   * The stored row of the latest earlier retrain when its trigger failed and it is within the
   * cooldown (a later retrain supersedes it), null otherwise or on a dry run.
   */
  private Row failedBefore(List<Row> before, LocalDate start, boolean deliver) {
    LocalDate earliest = start.minusDays(Math.max(1, spec.retraining().cooldownDays()));
    return !deliver ? null : before.stream().max((a, b) -> a.<Date>getAs("ds").compareTo(b.getAs("ds")))
        .filter(r -> "failed".equals(r.getAs("trigger_status")))
        .filter(r -> !r.<Date>getAs("ds").toLocalDate().isBefore(earliest))
        .orElse(null);
  }

  private TriggerOutcome send(LocalDate ds, String key, String payload) {
    TriggerOutcome outcome = trigger.send(new TriggerRequest(spec.model(), ds, "retrain", key, payload));
    LOG.info("retrain trigger for {} ({}): {}{}", ds, triggerKind, outcome.status().key(),
        outcome.message() == null ? "" : ": " + outcome.message());
    return outcome;
  }

  /** The same for every rerun of the model's day, 40 characters of [0-9a-f] after a prefix. */
  String idempotencyKey(LocalDate ds) {
    return "driftline-" + new Fingerprint().add("retrain/1").add(spec.model()).add(ds).id();
  }

  private NavigableMap<LocalDate, List<Incident>> incidents(LocalDate from, LocalDate to) {
    NavigableMap<LocalDate, List<Incident>> out = new TreeMap<>();
    warehouse.read(Table.INCIDENTS).ifPresent(t -> out.putAll(IncidentRows.readRange(t, spec.model(), from, to)));
    return out;
  }

  private List<LocalDate> retrainEvents() {
    return warehouse.read(Table.RETRAIN_EVENTS).map(t -> t.where(col("model").equalTo(lit(spec.model())))
        .select("ds").collectAsList().stream().map(r -> r.<Date>getAs(0).toLocalDate()).toList()).orElse(List.of());
  }

  /** Labelled predictions of each day on the whole day (the most any quality metric counted). */
  private NavigableMap<LocalDate, Long> labelledPerDay() {
    NavigableMap<LocalDate, Long> out = new TreeMap<>();
    quality().ifPresent(q -> q.where(col("slice_key").equalTo("__all__")).groupBy("ds").agg(max("labelled"))
        .collectAsList().forEach(r -> out.put(r.<Date>getAs(0).toLocalDate(), r.isNullAt(1) ? 0 : r.getLong(1))));
    return out;
  }

  /** Labelled predictions behind each performance evidence key of the range's incidents. */
  private Map<String, Long> evidenceLabels(DateRange days) {
    Map<String, Long> out = new HashMap<>();
    int labelWindow = spec.performance().labels() == null ? 0 : spec.performance().labels().windowDays();
    quality().ifPresent(q -> q.where(col("ds").between(lit(Date.valueOf(days.start().minusDays(labelWindow))),
            lit(Date.valueOf(days.end()))))
        .select("ds", "slice_key", "slice_value", "metric", "labelled").collectAsList().forEach(r -> out.put(
            "performance_metrics/" + r.<Date>getAs(0).toLocalDate() + "/" + r.getString(1) + "=" + r.getString(2)
                + "/" + r.getString(3), r.isNullAt(4) ? 0 : r.getLong(4))));
    return out;
  }

  private Optional<Dataset<Row>> quality() {
    return warehouse.read(Table.PERFORMANCE_METRICS)
        .map(t -> t.where(col("model").equalTo(lit(spec.model())).and(col("metric_kind").equalTo("quality"))));
  }

  /** For each slice of the day's performance incidents, the most labelled predictions among its evidence rows. */
  private static Map<String, Long> sliceLabels(List<Incident> day, Map<String, Long> evidenceLabels) {
    Map<String, Long> out = new HashMap<>();
    if (day == null) {
      return out;
    }
    for (Incident i : day) {
      if (i.kind() != Incident.Kind.PERFORMANCE) {
        continue;
      }
      for (String key : i.evidence()) {
        Long n = evidenceLabels.get(key);
        if (n != null) {
          // performance_metrics/<day>/<key=value>/<metric>: the slice may itself hold a slash.
          int from = key.indexOf('/', key.indexOf('/') + 1) + 1;
          out.merge(key.substring(from, key.lastIndexOf('/')), n, Math::max);
        }
      }
    }
    return out;
  }
}
