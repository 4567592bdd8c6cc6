-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: one incident, investigated
-- MAGIC
-- MAGIC Everything about one incident: its days, the rows behind it in `drift_metrics`,
-- MAGIC `data_quality` and `performance_metrics`, which bins moved (the reference's histogram next
-- MAGIC to the day's), which slices explain it, and its column over the weeks around it. Paste an
-- MAGIC `incident_id` from the drift overview notebook (or `incidents`) into the widget.
-- MAGIC
-- MAGIC The queries read `incidents_published`, `drift_metrics_published`,
-- MAGIC `data_quality_published`, `performance_metrics_published`, `feature_profiles_published` and
-- MAGIC `reference_profiles`: the `_published` views show only rows of runs that finished (README,
-- MAGIC Published views). `driftline sql` creates them, and so does a run with `output.database`
-- MAGIC set (then run `USE <database>` first); elsewhere create them with the SQL the README gives.
-- MAGIC Bins, attribution and trend concern drift and data-quality incidents; a performance
-- MAGIC incident's days are in the performance notebook.

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT incident_id DEFAULT '';

-- COMMAND ----------

-- MAGIC %md ## The incident and its evidence, as two views the cells below read
-- MAGIC `incident`: its column (or metric) and its latest slice, the day it opened, its last
-- MAGIC alerting day and its latest day. `incident_evidence`: each day's evidence keys.

-- COMMAND ----------

CREATE OR REPLACE TEMP VIEW incident AS
SELECT column_name, max_by(slice_key, ds) AS slice_key, max_by(slice_value, ds) AS slice_value,
       min(first_ds) AS opened, max(last_ds) AS last_alert, max(ds) AS latest
FROM incidents_published
WHERE model = '${model}' AND incident_id = '${incident_id}'
GROUP BY column_name;

CREATE OR REPLACE TEMP VIEW incident_evidence AS
SELECT DISTINCT i.ds, e AS evidence
FROM incidents_published i LATERAL VIEW explode(i.evidence) ev AS e
WHERE i.model = '${model}' AND i.incident_id = '${incident_id}';

-- COMMAND ----------

-- MAGIC %md ## The incident day by day
-- MAGIC `status` is opened on its first day, ongoing while it alerts, resolved on the first quiet
-- MAGIC day; `top_bins` are the bins that moved most in its slice that day.

-- COMMAND ----------

SELECT ds, status, severity, kind, column_name, slice_key, slice_value, first_ds, last_ds,
       alert_count, size(affected_slices) AS slices, concat_ws('; ', top_bins) AS top_bins, summary
FROM incidents_published
WHERE model = '${model}' AND incident_id = '${incident_id}'
ORDER BY ds;

-- COMMAND ----------

-- MAGIC %md ## The rows behind it, in every table
-- MAGIC `evidence` names each row: `drift_metrics/<comparison>/<slice>/<column>` and
-- MAGIC `data_quality/<slice>/<column>` on the incident's day, `performance_metrics/<day of the
-- MAGIC predictions>/<slice>/<metric>` (labels arrive late, so that day can be earlier).
-- MAGIC `value` is the measure that set the severity, `compared_with` the reference's value
-- MAGIC (for drift, the PSI that noise alone gives).

-- COMMAND ----------

SELECT e.ds, 'drift_metrics' AS source, d.ds AS data_of, concat(d.slice_key, '=', d.slice_value) AS slice,
       d.column_name AS subject, d.comparison AS detail, d.severity_metric AS measure,
       round(CASE d.severity_metric WHEN 'psi' THEN d.psi WHEN 'js_distance' THEN d.js_distance ELSE d.psi END, 4) AS value,
       round(d.expected_psi, 4) AS compared_with, d.chi2_p_adjusted AS p_adjusted, d.severity, d.severity_reason AS reason
FROM incident_evidence e
JOIN drift_metrics_published d ON d.model = '${model}' AND d.ds = e.ds
 AND e.evidence = concat('drift_metrics/', d.comparison, '/', d.slice_key, '=', d.slice_value, '/', d.column_name)
UNION ALL
SELECT e.ds, 'data_quality', q.ds, concat(q.slice_key, '=', q.slice_value), q.column_name, q.check, q.severity_metric,
       round(CASE q.severity_metric WHEN 'null_rate' THEN q.null_rate WHEN 'nan_rate' THEN q.nan_rate
                  WHEN 'infinity_rate' THEN q.infinity_rate WHEN 'out_of_range_rate' THEN q.out_of_range_rate
                  WHEN 'unseen_category_rate' THEN q.unseen_category_rate ELSE q.volume_ratio END, 4),
       round(CASE q.severity_metric WHEN 'null_rate' THEN q.ref_null_rate WHEN 'volume_ratio' THEN 1.0 END, 4),
       q.p_adjusted, q.severity, q.severity_reason
FROM incident_evidence e
JOIN data_quality_published q ON q.model = '${model}' AND q.ds = e.ds
 AND e.evidence = concat('data_quality/', q.slice_key, '=', q.slice_value, '/', q.column_name)
UNION ALL
SELECT e.ds, 'performance_metrics', p.ds, concat(p.slice_key, '=', p.slice_value), p.metric, p.metric_kind, p.metric,
       round(p.value, 4), round(p.ref_value, 4), p.p_adjusted, p.severity, p.severity_reason
FROM incident_evidence e
JOIN performance_metrics_published p ON p.model = '${model}'
 AND e.evidence = concat('performance_metrics/', p.ds, '/', p.slice_key, '=', p.slice_value, '/',
                         CASE WHEN p.metric_kind = 'estimated' THEN 'estimated/' ELSE '' END, p.metric)
ORDER BY ds, source, slice, subject;

-- COMMAND ----------

-- MAGIC %md ## Which bins moved: the reference's histogram next to the day's
-- MAGIC Shares of each bin of the incident's column on its slice, from the stored histograms
-- MAGIC (`reference_profiles`, `feature_profiles`), on the day it opened and on its last alerting
-- MAGIC day. Numeric bins hold non-null values; categorical ones also `__OTHER__` (values outside
-- MAGIC the reference's vocabulary) and `__NULL__`.

-- COMMAND ----------

SELECT f.ds, b.bin, b.label,
       round(r.counts[b.bin] / aggregate(r.counts, 0L, (total, c) -> total + c), 4) AS reference_share,
       round(f.counts[b.bin] / aggregate(f.counts, 0L, (total, c) -> total + c), 4) AS day_share,
       r.counts[b.bin] AS reference_rows, f.counts[b.bin] AS day_rows
FROM incident i
JOIN feature_profiles_published f ON f.model = '${model}' AND f.column_name = i.column_name
 AND f.slice_key = i.slice_key AND f.slice_value = i.slice_value AND f.ds IN (i.opened, i.last_alert)
JOIN reference_profiles r ON r.model = f.model AND r.reference_id = f.reference_id
 AND r.slice_key = f.slice_key AND r.slice_value = f.slice_value AND r.column_name = f.column_name
LATERAL VIEW posexplode(r.bin_labels) b AS bin, label
ORDER BY f.ds, b.bin;

-- COMMAND ----------

-- MAGIC %md ## The bins that contributed most to each alerting comparison's PSI

-- COMMAND ----------

SELECT d.ds, d.comparison, d.slice_key, d.slice_value, t.label,
       round(t.ref_share, 4) AS ref_share, round(t.cur_share, 4) AS day_share, round(t.psi_contribution, 4) AS psi_part
FROM incident_evidence e
JOIN drift_metrics_published d ON d.model = '${model}' AND d.ds = e.ds
 AND e.evidence = concat('drift_metrics/', d.comparison, '/', d.slice_key, '=', d.slice_value, '/', d.column_name)
LATERAL VIEW explode(d.top_bins) tb AS t
ORDER BY d.ds, d.comparison, d.slice_key, d.slice_value, t.psi_contribution DESC;

-- COMMAND ----------

-- MAGIC %md ## Attribution: how much of the global change each slice explains
-- MAGIC Shares over the slices of the dimension that explains the incident; `mix` is the part a
-- MAGIC change of slice mix explains (drift only).

-- COMMAND ----------

SELECT i.ds, a.slice, round(a.share, 3) AS share
FROM incidents_published i LATERAL VIEW explode(i.attribution) att AS a
WHERE i.model = '${model}' AND i.incident_id = '${incident_id}'
ORDER BY i.ds, a.share DESC;

-- COMMAND ----------

-- MAGIC %md ## The column in every slice on the incident's last alerting day
-- MAGIC Where the change is and where it is not: each slice's PSI against the reference, next to its
-- MAGIC noise floor.

-- COMMAND ----------

SELECT d.slice_key, d.slice_value, d.n_cur AS day_rows, round(d.psi, 4) AS psi,
       round(d.expected_psi, 4) AS noise_floor, d.severity
FROM drift_metrics_published d
JOIN incident i ON d.column_name = i.column_name AND d.ds = i.last_alert
WHERE d.model = '${model}' AND d.comparison = 'BASELINE'
ORDER BY d.psi DESC;

-- COMMAND ----------

-- MAGIC %md ## Trend: the column on the incident's slice over the last four weeks
-- MAGIC PSI against the reference and its noise floor, the day's data quality, and the incident's
-- MAGIC status that day, up to the incident's latest day.

-- COMMAND ----------

SELECT d.ds, round(d.psi, 4) AS psi, round(d.expected_psi, 4) AS noise_floor, d.severity AS drift_severity,
       round(q.null_rate, 4) AS null_rate, round(coalesce(q.out_of_range_rate, q.unseen_category_rate), 4) AS outside_reference,
       q.severity AS quality_severity, s.status AS incident_status
FROM incident i
JOIN drift_metrics_published d ON d.model = '${model}' AND d.comparison = 'BASELINE' AND d.column_name = i.column_name
 AND d.slice_key = i.slice_key AND d.slice_value = i.slice_value AND d.ds BETWEEN date_sub(i.latest, 27) AND i.latest
LEFT JOIN data_quality_published q ON q.model = d.model AND q.ds = d.ds AND q.check = 'values'
 AND q.slice_key = d.slice_key AND q.slice_value = d.slice_value AND q.column_name = d.column_name
LEFT JOIN incidents_published s ON s.model = d.model AND s.ds = d.ds AND s.incident_id = '${incident_id}'
ORDER BY d.ds;
