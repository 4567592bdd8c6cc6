-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: data quality and run lineage
-- MAGIC
-- MAGIC Missing values, values outside the reference, volume changes, and what each nightly run
-- MAGIC read and wrote. Replace `${model}` and `${ds}` by literals outside Databricks.

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
FROM data_quality
WHERE model = '${model}' AND ds = DATE'${ds}' AND severity IN ('warn', 'critical', 'info')
ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, check, slice_key, slice_value, column_name;

-- COMMAND ----------

-- MAGIC %md ## Daily volume per slice against the reference

-- COMMAND ----------

SELECT ds, slice_key, slice_value, rows, round(expected_rows) AS expected_rows,
       round(volume_ratio, 2) AS volume_vs_reference, severity
FROM data_quality
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

-- MAGIC %md ## Days without a successful run in the last two weeks

-- COMMAND ----------

SELECT d.ds
FROM (SELECT explode(sequence(date_sub(DATE'${ds}', 13), DATE'${ds}')) AS ds) d
LEFT ANTI JOIN (SELECT DISTINCT ds FROM runs WHERE model = '${model}' AND status = 'succeeded') r ON d.ds = r.ds
ORDER BY d.ds;
