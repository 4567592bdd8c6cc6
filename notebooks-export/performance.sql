-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: model performance
-- MAGIC
-- MAGIC How good the model is, per slice and day of its predictions, from the labels arrived so far:
-- MAGIC each value with its 95% interval and its change against the reference, how complete the
-- MAGIC labels are, where the quality estimated from the scores before the labels stands next to
-- MAGIC what the labels then said, and the performance incidents. Labels arrive late, so a day's
-- MAGIC rows are rewritten until `label_window_end`.
-- MAGIC
-- MAGIC The queries read `performance_metrics_published` and `incidents_published`: the
-- MAGIC `_published` views show only rows of runs that finished (README, Published views).
-- MAGIC `driftline sql` creates them, and so does a run with `output.database` set (then run `USE
-- MAGIC <database>` first); elsewhere create them with the SQL the README gives.
-- MAGIC `metric` is any quality metric of the model (`auc`, `log_loss`, `brier`, `ece`, `accuracy`,
-- MAGIC ...; regression: `mae`, `rmse`, ...).

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT ds DEFAULT '2026-10-26';
CREATE WIDGET TEXT metric DEFAULT 'auc';

-- COMMAND ----------

-- MAGIC %md ## The metric on the whole population over four weeks, with its 95% interval
-- MAGIC `delta` is the change against the reference window, with its own interval; a day only
-- MAGIC alerts when the degradation is beyond the noise floors and significant after the day's
-- MAGIC adjustment across slices and metrics.

-- COMMAND ----------

SELECT ds, round(value, 4) AS value, concat('[', round(ci_lower, 4), ', ', round(ci_upper, 4), ']') AS ci95,
       round(ref_value, 4) AS reference, round(delta, 4) AS delta,
       concat('[', round(delta_ci_lower, 4), ', ', round(delta_ci_upper, 4), ']') AS delta_ci95,
       labelled, scored, round(label_coverage, 3) AS coverage, labels_as_of, severity
FROM performance_metrics_published
WHERE model = '${model}' AND metric_kind = 'quality' AND metric = '${metric}' AND slice_key = '__all__'
  AND ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY ds;

-- COMMAND ----------

-- MAGIC %md ## Every slice on the day: value, interval, change against the reference

-- COMMAND ----------

SELECT slice_key, slice_value, round(value, 4) AS value,
       concat('[', round(ci_lower, 4), ', ', round(ci_upper, 4), ']') AS ci95, ci_method,
       round(ref_value, 4) AS reference, round(delta, 4) AS delta, round(delta_standard_error, 4) AS delta_se,
       round(p_adjusted, 4) AS p_adjusted, labelled, round(label_coverage, 3) AS coverage, severity, note
FROM performance_metrics_published
WHERE model = '${model}' AND ds = DATE'${ds}' AND metric_kind = 'quality' AND metric = '${metric}'
ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, delta;

-- COMMAND ----------

-- MAGIC %md ## Slices worse than the reference, and how sure we are (last four weeks)

-- COMMAND ----------

SELECT ds, slice_key, slice_value, metric, round(value, 3) AS value,
       concat('[', round(ci_lower, 3), ', ', round(ci_upper, 3), ']') AS ci95,
       round(delta, 3) AS delta, round(delta_standard_error, 3) AS se, labelled,
       round(label_coverage, 2) AS coverage, severity, severity_reason
FROM performance_metrics_published
WHERE model = '${model}' AND metric_kind = 'quality' AND severity IN ('warn', 'critical')
  AND ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY ds, metric, delta;

-- COMMAND ----------

-- MAGIC %md ## Label coverage of the last two weeks
-- MAGIC Coverage grows as late labels arrive; a day's row is final once `labels_as_of` reaches
-- MAGIC `label_window_end`. `invalid_labels` and `duplicate_labels` are labels left out.

-- COMMAND ----------

SELECT ds, scored, labelled, round(label_coverage, 3) AS coverage, invalid_labels, duplicate_labels,
       labels_as_of, label_window_end, labels_as_of >= label_window_end AS final
FROM performance_metrics_published
WHERE model = '${model}' AND slice_key = '__all__' AND metric_kind = 'quality' AND metric = '${metric}'
  AND ds BETWEEN date_sub(DATE'${ds}', 13) AND DATE'${ds}'
ORDER BY ds DESC;

-- COMMAND ----------

-- MAGIC %md ## Estimated before the labels, next to what the labels say
-- MAGIC For probability models: the metric expected from the day's calibrated scores, with the
-- MAGIC interval the realized value should fall in, and the realized value once labels cover enough
-- MAGIC of the day. `estimate_status` says whether the slice's estimates hold against its labels.

-- COMMAND ----------

SELECT ds, slice_key, slice_value, round(label_coverage, 2) AS coverage, round(value, 4) AS estimated,
       concat('[', round(ci_lower, 4), ', ', round(ci_upper, 4), ']') AS ci95,
       round(realized_value, 4) AS realized, round(estimate_error, 4) AS error, estimate_status, severity
FROM performance_metrics_published
WHERE model = '${model}' AND metric_kind = 'estimated' AND metric = '${metric}'
  AND ds BETWEEN date_sub(DATE'${ds}', 13) AND DATE'${ds}'
ORDER BY ds, slice_key, slice_value;

-- COMMAND ----------

-- MAGIC %md ## Performance incidents and the rows behind them
-- MAGIC Incidents name the day of the predictions: a run judges earlier days again as their labels
-- MAGIC arrive, and raises what the new labels show.

-- COMMAND ----------

SELECT i.ds AS raised_on, i.incident_id, i.status, i.column_name AS incident, p.ds AS predictions_of,
       p.slice_key, p.slice_value, p.metric_kind, p.metric, round(p.value, 4) AS value,
       round(p.ref_value, 4) AS reference, p.severity
FROM (SELECT *, explode(evidence) AS e FROM incidents_published) i
JOIN performance_metrics_published p ON p.model = i.model
 AND i.e = concat('performance_metrics/', p.ds, '/', p.slice_key, '=', p.slice_value, '/',
                CASE WHEN p.metric_kind = 'estimated' THEN 'estimated/' ELSE '' END, p.metric)
WHERE i.model = '${model}' AND i.kind = 'performance' AND i.status = 'opened'
  AND i.ds BETWEEN date_sub(DATE'${ds}', 27) AND DATE'${ds}'
ORDER BY raised_on, predictions_of, p.slice_key, p.slice_value, p.metric;

-- COMMAND ----------

-- MAGIC %md ## Latency per slice over the last week (from the predictions, no labels needed)

-- COMMAND ----------

SELECT ds, slice_key, slice_value,
       max(CASE metric WHEN 'latency_p50' THEN value END) AS p50,
       max(CASE metric WHEN 'latency_p95' THEN value END) AS p95,
       max(CASE metric WHEN 'latency_p99' THEN value END) AS p99,
       max(CASE metric WHEN 'latency_max' THEN value END) AS max,
       max_by(severity, CASE severity WHEN 'critical' THEN 2 WHEN 'warn' THEN 1 ELSE 0 END) AS severity
FROM performance_metrics_published
WHERE model = '${model}' AND metric_kind = 'latency' AND ds BETWEEN date_sub(DATE'${ds}', 6) AND DATE'${ds}'
GROUP BY ds, slice_key, slice_value
ORDER BY ds, slice_key, slice_value;
