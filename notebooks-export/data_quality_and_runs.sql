-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: data quality and run lineage
-- MAGIC
-- MAGIC Missing values, values outside the reference, volume changes, input columns whose type
-- MAGIC changed, and what each nightly run read and wrote, how long it took and whether it failed.
-- MAGIC
-- MAGIC The queries read `data_quality_published` and `runs`: the `_published` views show only rows
-- MAGIC of runs that finished (README, Published views). `driftline sql` creates them, and so does
-- MAGIC a run with `output.database` set (then run `USE <database>` first); elsewhere create them
-- MAGIC with the SQL the README gives.
-- MAGIC Outside Databricks, replace `${model}` and `${ds}` by literals.

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT ds DEFAULT '2026-10-26';

-- COMMAND ----------

-- MAGIC %md ## Columns whose quality moved away from the reference

-- COMMAND ----------

SELECT check, slice_key, slice_value, column_name, rows, severity,
       round(null_rate, 4) AS null_rate, round(ref_null_rate, 4) AS ref_null_rate,
       round(out_of_range_rate, 4) AS out_of_range, round(unseen_category_rate, 4) AS unseen_categories,
       round(volume_ratio, 2) AS volume_vs_reference, ref_type, input_type, severity_reason
FROM data_quality_published
WHERE model = '${model}' AND ds = DATE'${ds}' AND severity IN ('warn', 'critical', 'info')
ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, check, slice_key, slice_value, column_name;

-- COMMAND ----------

-- MAGIC %md ## Daily volume per slice against the reference

-- COMMAND ----------

SELECT ds, slice_key, slice_value, rows, round(expected_rows) AS expected_rows,
       round(volume_ratio, 2) AS volume_vs_reference, severity
FROM data_quality_published
WHERE model = '${model}' AND check = 'volume' AND ds BETWEEN date_sub(DATE'${ds}', 13) AND DATE'${ds}'
ORDER BY slice_key, slice_value, ds;

-- COMMAND ----------

-- MAGIC %md ## Recent runs: outcome, inputs read, time per step

-- COMMAND ----------

SELECT ds, command, status, error, reference_id, input_versions, output_versions,
       rows_read, rows_written, step_millis, finished_at
FROM runs
WHERE model = '${model}'
ORDER BY finished_at DESC
LIMIT 20;

-- COMMAND ----------

-- MAGIC %md ## A column's rates over the last two weeks, whole population
-- MAGIC The rise over the reference's rate is what `quality.thresholds` judge; a rise alerts only when
-- MAGIC its two-proportion test is significant after the day's adjustment (`p_adjusted`).

-- COMMAND ----------

SELECT ds, column_name, rows, round(null_rate, 4) AS null_rate, round(ref_null_rate, 4) AS ref_null_rate,
       round(coalesce(out_of_range_rate, unseen_category_rate), 4) AS outside_reference,
       round(p_adjusted, 4) AS p_adjusted, severity
FROM data_quality_published
WHERE model = '${model}' AND check = 'values' AND slice_key = '__all__'
  AND ds BETWEEN date_sub(DATE'${ds}', 13) AND DATE'${ds}'
ORDER BY column_name, ds;

-- COMMAND ----------

-- MAGIC %md ## Failed and skipped runs, with their errors
-- MAGIC A failed run leaves the tables as they were; the next run of the day replaces this row's day.

-- COMMAND ----------

SELECT ds, command, status, error, run_id, finished_at
FROM runs
WHERE model = '${model}' AND status <> 'succeeded'
ORDER BY finished_at DESC;

-- COMMAND ----------

-- MAGIC %md ## Label findings of each run: labels that could not be used
-- MAGIC Duplicates, orphans (no prediction), late labels (after the window) and labels without a
-- MAGIC request id are counted, not rejected.

-- COMMAND ----------

SELECT ds, command, f.key AS finding, f.value AS labels
FROM runs LATERAL VIEW explode(findings) f AS key, value
WHERE model = '${model}' AND ds BETWEEN date_sub(DATE'${ds}', 13) AND DATE'${ds}'
ORDER BY ds, finding;

-- COMMAND ----------

-- MAGIC %md ## Each day of the last two weeks: did a run succeed?
-- MAGIC `no run` marks a day nothing processed (a missed schedule); a failed attempt followed by a
-- MAGIC successful rerun shows both.

-- COMMAND ----------

SELECT d.ds, coalesce(max_by(r.status, r.finished_at), 'no run') AS last_status,
       count_if(r.status = 'succeeded') AS succeeded, count_if(r.status = 'failed') AS failed,
       max_by(r.error, r.finished_at) AS last_error
FROM (SELECT explode(sequence(date_sub(DATE'${ds}', 13), DATE'${ds}')) AS ds) d
LEFT JOIN runs r ON r.model = '${model}' AND r.ds = d.ds
GROUP BY d.ds
ORDER BY d.ds;
