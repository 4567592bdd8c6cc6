-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Driftline: any metric, recomputed in SQL
-- MAGIC
-- MAGIC The stored histograms are on the reference's bins, so the `dl_*` functions (register them
-- MAGIC with `dev.driftline.udfs.DriftFunctions.register(spark)`, or use `./driftline sql`) compute
-- MAGIC any metric, with any smoothing, for any pair of days or slices, without rescanning the log.
-- MAGIC
-- MAGIC The queries read `feature_profiles_published` and `reference_profiles`: the `_published`
-- MAGIC views show only rows of runs that finished (README, Published views). `driftline sql`
-- MAGIC creates them, and so does a run with `output.database` set (then run `USE <database>`
-- MAGIC first); elsewhere create them with the SQL the README gives.

-- COMMAND ----------

CREATE WIDGET TEXT model DEFAULT 'card-fraud';
CREATE WIDGET TEXT ds DEFAULT '2026-10-26';

-- COMMAND ----------

-- MAGIC %md ## Every metric of every column against the reference, global slice

-- COMMAND ----------

SELECT f.column_name,
       round(dl_psi(r.counts, f.counts), 4) AS psi,
       round(dl_psi_smoothed(r.counts, f.counts, 0.0), 4) AS psi_textbook,
       round(dl_js_distance(r.counts, f.counts), 4) AS js_distance,
       round(dl_hellinger(r.counts, f.counts), 4) AS hellinger,
       round(dl_ks_stat(r.counts, f.counts), 4) AS ks,
       dl_chi2_pvalue(r.counts, f.counts) AS chi2_p
FROM feature_profiles_published f
JOIN reference_profiles r
  ON f.model = r.model AND f.reference_id = r.reference_id
 AND f.slice_key = r.slice_key AND f.slice_value = r.slice_value AND f.column_name = r.column_name
WHERE f.model = '${model}' AND f.ds = DATE'${ds}' AND f.slice_key = '__all__'
ORDER BY psi DESC;

-- COMMAND ----------

-- MAGIC %md ## Week over week: this day against the same weekday a week earlier

-- COMMAND ----------

SELECT a.slice_key, a.slice_value, a.column_name, round(dl_psi(b.counts, a.counts), 4) AS psi_week_over_week
FROM feature_profiles_published a
JOIN feature_profiles_published b
  ON a.model = b.model AND a.reference_id = b.reference_id AND b.ds = date_sub(a.ds, 7)
 AND a.slice_key = b.slice_key AND a.slice_value = b.slice_value AND a.column_name = b.column_name
WHERE a.model = '${model}' AND a.ds = DATE'${ds}'
ORDER BY psi_week_over_week DESC
LIMIT 30;

-- COMMAND ----------

-- MAGIC %md ## Wasserstein distance on the reference bin means (numeric columns)

-- COMMAND ----------

SELECT f.column_name, round(dl_wasserstein(r.bin_points, r.counts, f.counts), 4) AS wasserstein
FROM feature_profiles_published f
JOIN reference_profiles r
  ON f.model = r.model AND f.reference_id = r.reference_id
 AND f.slice_key = r.slice_key AND f.slice_value = r.slice_value AND f.column_name = r.column_name
WHERE f.model = '${model}' AND f.ds = DATE'${ds}' AND f.slice_key = '__all__' AND f.column_kind = 'numeric';
