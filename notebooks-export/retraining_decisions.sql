-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: retraining decisions
-- MAGIC
-- MAGIC What the job decided each day (`none`, `watch`, `retrain`, `blocked`), the rules and gates
-- MAGIC behind each decision in words, the incidents it rests on, what blocked a retrain, and what
-- MAGIC each trigger did when it was sent.
-- MAGIC
-- MAGIC The queries read `retrain_decisions_published` and `incidents_published`: the `_published`
-- MAGIC views show only rows of runs that finished (README, Published views). `driftline sql`
-- MAGIC creates them, and so does a run with `output.database` set (then run `USE <database>`
-- MAGIC first); elsewhere create them with the SQL the README gives.

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT ds DEFAULT '2026-10-30';

-- COMMAND ----------

-- MAGIC %md ## Decisions of the last four weeks
-- MAGIC `rules` are the reasons that hold, `gates` what held a retrain back (too few new labels, the
-- MAGIC cooldown after the last retrain).

-- COMMAND ----------

SELECT ds, decision,
       array_distinct(transform(filter(reasons, r -> r.rule NOT IN ('labels', 'cooldown')), r -> r.rule)) AS rules,
       array_distinct(transform(filter(reasons, r -> r.rule IN ('labels', 'cooldown')), r -> r.rule)) AS gates,
       size(blocked_by) AS blocking_incidents, labelled_rows_since_last_retrain, last_retrain, cooldown_until,
       trigger_kind, trigger_status
FROM retrain_decisions_published
WHERE model = '${model}' AND ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY ds;

-- COMMAND ----------

-- MAGIC %md ## Why: every reason and gate, in words

-- COMMAND ----------

SELECT d.ds, d.decision, r.rule, r.incident_id, r.sentence
FROM retrain_decisions_published d LATERAL VIEW explode(d.reasons) rs AS r
WHERE d.model = '${model}' AND d.ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY d.ds, r.rule;

-- COMMAND ----------

-- MAGIC %md ## Gates that held a retrain back

-- COMMAND ----------

SELECT d.ds, d.decision, r.rule AS gate, r.sentence, d.labelled_rows_since_last_retrain, d.cooldown_until
FROM retrain_decisions_published d LATERAL VIEW explode(d.reasons) rs AS r
WHERE d.model = '${model}' AND r.rule IN ('labels', 'cooldown')
  AND d.ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY d.ds;

-- COMMAND ----------

-- MAGIC %md ## Blocked: the open critical data-quality incidents that stop a retrain
-- MAGIC Retraining on broken data makes the model worse: a person looks first.

-- COMMAND ----------

SELECT d.ds, b AS blocked_by
FROM retrain_decisions_published d LATERAL VIEW explode(d.blocked_by) bl AS b
WHERE d.model = '${model}' AND d.decision = 'blocked' AND d.ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY d.ds;

-- COMMAND ----------

-- MAGIC %md ## The incidents behind the decisions, and where each is now
-- MAGIC `status_now` is the incident's latest status up to the day of the widget.

-- COMMAND ----------

WITH latest AS (
  SELECT incident_id, max_by(status, ds) AS status_now, max(last_ds) AS last_alert
  FROM incidents_published
  WHERE model = '${model}' AND ds <= DATE'${ds}'
  GROUP BY incident_id
)
SELECT d.ds, d.decision, d.e.incident_id, d.e.kind, d.e.column_name, d.e.slice, d.e.severity, d.e.summary,
       l.status_now, l.last_alert
FROM (SELECT *, explode(evidence) AS e FROM retrain_decisions_published) d
LEFT JOIN latest l ON l.incident_id = d.e.incident_id
WHERE d.model = '${model}' AND d.decision <> 'none' AND d.ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY d.ds, d.e.severity, d.e.incident_id;

-- COMMAND ----------

-- MAGIC %md ## What each trigger did
-- MAGIC One row per `retrain` decision: `sent`, `already_sent` (a rerun, or the receiver had it),
-- MAGIC `failed` (the next run sends it again), `suppressed` (a backfill's earlier days, or
-- MAGIC `--dry-run`), `not_configured`. Receivers deduplicate on `idempotency_key`.

-- COMMAND ----------

SELECT ds, trigger_kind, trigger_status, trigger_http_status, trigger_run_id, trigger_message,
       idempotency_key, decided_at
FROM retrain_decisions_published
WHERE model = '${model}' AND decision = 'retrain' AND ds <= DATE'${ds}'
ORDER BY ds DESC;

-- COMMAND ----------

-- MAGIC %md ## The latest retrain decision as an orchestrator's sensor reads it
-- MAGIC With `trigger.kind: table` a sensor polls this query for its day (`ds = DATE'{{ ds }}'`).

-- COMMAND ----------

SELECT model, ds, idempotency_key, trigger_payload
FROM retrain_decisions_published
WHERE model = '${model}' AND decision = 'retrain' AND ds <= DATE'${ds}'
ORDER BY ds DESC
LIMIT 1;
