-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: drift overview
-- MAGIC
-- MAGIC What changed on a day and where: the day's incidents (one per cause), the alerting
-- MAGIC comparisons behind them, the bins that moved, each column's PSI over the last month and the
-- MAGIC slices that drift most. Take an `incident_id` from here to the incident notebook.
-- MAGIC
-- MAGIC The queries read `incidents_published` and `drift_metrics_published`: the `_published`
-- MAGIC views show only rows of runs that finished (README, Published views). `driftline sql`
-- MAGIC creates them, and so does a run with `output.database` set (then run `USE <database>`
-- MAGIC first); elsewhere create them with the SQL the README gives.
-- MAGIC Outside Databricks, replace `${model}` and `${ds}` by literals.

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT ds DEFAULT '2026-10-26';

-- COMMAND ----------

-- MAGIC %md ## Incidents of the day
-- MAGIC One row per cause, on the slice that explains it; `affected_slices` lists every alerting
-- MAGIC slice it stands for, `attribution` how much of the global change each slice explains.

-- COMMAND ----------

SELECT incident_id, status, severity, kind, column_name, slice_key, slice_value, first_ds,
       size(affected_slices) AS slices, alert_count, summary
FROM incidents_published
WHERE model = '${model}' AND ds = DATE'${ds}'
ORDER BY CASE status WHEN 'resolved' THEN 1 ELSE 0 END,
         CASE severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END;

-- COMMAND ----------

-- MAGIC %md ## Alert rows of the day, worst first
-- MAGIC `expected_psi` is the PSI that sampling noise alone gives a comparison of this size: a PSI
-- MAGIC close to it is noise, whatever the threshold says. `emerging` rows are below every
-- MAGIC threshold, with a PSI trend projected to reach warn soon.

-- COMMAND ----------

SELECT slice_key, slice_value, column_name, comparison, severity,
       round(psi, 4) AS psi, round(expected_psi, 4) AS noise_floor, round(js_distance, 4) AS js_distance,
       n_ref, n_cur, severity_reason
FROM drift_metrics_published
WHERE model = '${model}' AND ds = DATE'${ds}' AND severity IN ('warn', 'critical', 'emerging')
ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, psi DESC;

-- COMMAND ----------

-- MAGIC %md ## Sudden changes of the last week: days that differ from the day before (CONSECUTIVE alerts)
-- MAGIC A change shows here on the day it happens; a slow drift only against the reference.

-- COMMAND ----------

SELECT ds, slice_key, slice_value, column_name, severity, round(psi, 4) AS psi, compared_to
FROM drift_metrics_published
WHERE model = '${model}' AND comparison = 'CONSECUTIVE' AND severity IN ('warn', 'critical')
  AND ds BETWEEN date_sub(DATE'${ds}', 6) AND DATE'${ds}'
ORDER BY ds DESC, psi DESC;

-- COMMAND ----------

-- MAGIC %md ## Which bins moved (top PSI contributors of each alert)

-- COMMAND ----------

SELECT d.slice_key, d.slice_value, d.column_name, t.label,
       round(t.ref_share, 4) AS ref_share, round(t.cur_share, 4) AS cur_share, round(t.psi_contribution, 4) AS psi_part
FROM drift_metrics_published d LATERAL VIEW explode(d.top_bins) bins AS t
WHERE d.model = '${model}' AND d.ds = DATE'${ds}' AND d.comparison = 'BASELINE' AND d.severity IN ('warn', 'critical')
ORDER BY d.psi DESC, t.psi_contribution DESC;

-- COMMAND ----------

-- MAGIC %md ## PSI trend of each column in the whole population (last 30 days)

-- COMMAND ----------

SELECT ds, column_name, round(psi, 4) AS psi, round(expected_psi, 4) AS noise_floor, severity
FROM drift_metrics_published
WHERE model = '${model}' AND comparison = 'BASELINE' AND slice_key = '__all__'
  AND ds BETWEEN date_sub(DATE'${ds}', 29) AND DATE'${ds}'
ORDER BY column_name, ds;

-- COMMAND ----------

-- MAGIC %md ## Slices whose drift is worst, per column (where to look first)

-- COMMAND ----------

SELECT column_name, slice_key, slice_value, round(max(psi), 4) AS max_psi, count_if(severity = 'critical') AS critical_days
FROM drift_metrics_published
WHERE model = '${model}' AND comparison = 'BASELINE' AND slice_key <> '__all__'
  AND ds BETWEEN date_sub(DATE'${ds}', 6) AND DATE'${ds}'
GROUP BY column_name, slice_key, slice_value
HAVING max(psi) > 0.1
ORDER BY max_psi DESC
LIMIT 50;
