package dev.driftline.tests.performance;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Performance alerts by simulation through the real job: a calibrated model (labels drawn as
 * Bernoulli(score)) scored in 30 state slices of 40 to 2,500 labelled predictions a day
 * (log-uniform sizes, about 18,600 a day; up to 20,000, 103,000 a day, the backfill takes minutes),
 * a 14-day reference before the monitored days, every label arrived on its prediction's day. With no change in quality, a 30-day backfill may raise at most one
 * warn or critical row; when the scores shift by +0.6 on the logit scale (outcomes unchanged),
 * calibration is critical on the global slice on the shift's first day.
 */
class PerformanceFalseAlarmEndToEndTest extends SparkTestBase {

  private static final LocalDate FIRST = CalibratedLog.FIRST;
  private static final LocalDate LAST = FIRST.plusDays(29);
  private static final int SLICES = CalibratedLog.SLICES;
  private static final int SMALLEST = CalibratedLog.SMALLEST;
  private static final int LARGEST = CalibratedLog.LARGEST;

  @TempDir
  Path dir;

  @Test
  void aCalibratedModelRaisesAtMostOneAlertInThirtyDays() {
    NightlyJob job = job(LAST, null, null);
    job.run(new DateRange(FIRST, LAST), "backfill", false);
    Dataset<Row> quality = performance(job);
    long tested = quality.where("p_adjusted IS NOT NULL").count();
    long alerts = quality.where("severity IN ('warn', 'critical')").count();
    // The rule before noise floors and the day's adjustment: past a threshold with a 95% interval excluding 0.
    long unadjusted = quality.where("metric IN ('auc', 'ece') AND delta_ci_lower IS NOT NULL"
        + " AND ((metric = 'auc' AND -delta >= 0.02 AND delta_ci_upper < 0)"
        + " OR (metric = 'ece' AND delta >= 0.02 AND delta_ci_lower > 0))").count();
    long small = quality.where("metric = 'ece' AND labelled < 100").count();
    System.out.printf(Locale.ROOT, "no quality change, %d days x %d slices (%d-%d labels a day): %d tests, "
        + "%d warn/critical rows; without the noise floor and the adjustment %d%n", 30, SLICES, SMALLEST, LARGEST,
        tested, alerts, unadjusted);
    quality.where("severity IN ('warn', 'critical')")
        .select("ds", "slice_value", "metric", "severity", "severity_reason").collectAsList()
        .forEach(r -> System.out.println("  false alert: " + r));
    Assertions.assertTrue(small > 0, "slices as small as 40 labels a day are judged");
    Assertions.assertTrue(tested >= 30 * 2 * SLICES, "every slice's auc and ece is tested: " + tested);
    Assertions.assertTrue(alerts <= 1, alerts + " warn/critical rows on a model whose quality never changed");
    Row floor = quality.where("metric = 'ece' AND slice_value = 's00'").orderBy("ds").first();
    Assertions.assertTrue(floor.<Double>getAs("noise_floor") > 0.1, "a 40-label day's ECE floor is large: " + floor);

    // The estimates from the scores: every label has arrived, so the realized value is on the same rows.
    Dataset<Row> estimated = estimated(job);
    long estimatedAlerts = estimated.where("severity IN ('warn', 'critical')").count();
    long sliceDays = estimated.where("metric = 'auc'").count();
    long unreliable = estimated.where("metric = 'auc' AND estimate_status = 'unreliable'").count();
    Dataset<Row> compared = estimated.where("metric IN ('auc', 'accuracy') AND ci_lower IS NOT NULL");
    long inside = compared.where("realized_value BETWEEN ci_lower AND ci_upper").count();
    long total = compared.count();
    System.out.printf(Locale.ROOT, "estimated before labels, same model: %d warn/critical rows, %d of %d slice-days"
        + " flagged unreliable, realized auc and accuracy inside the estimate's 95%% interval on %d of %d (%.1f%%)%n",
        estimatedAlerts, unreliable, sliceDays, inside, total, 100.0 * inside / total);
    Assertions.assertTrue(estimatedAlerts <= 1, estimatedAlerts + " estimated alerts on an unchanged model");
    Assertions.assertTrue(unreliable <= 0.02 * sliceDays, unreliable + " unreliable slice-days of " + sliceDays);
    Assertions.assertTrue(inside >= 0.9 * total, inside + " of " + total + " inside the interval");
  }

  @Test
  void aLogitShiftOfTheScoresIsCriticalOnItsFirstDay() {
    LocalDate shift = FIRST.plusDays(3);
    NightlyJob job = job(shift, shift, shift);
    // The performance step also recomputes the label window's days before the run day.
    job.run(new DateRange(shift, shift), "run", false);
    Dataset<Row> global = performance(job).where("slice_key = '__all__' AND metric = 'ece'");
    Row before = global.where(col("ds").equalTo(java.sql.Date.valueOf(shift.minusDays(1)))).first();
    Row first = global.where(col("ds").equalTo(java.sql.Date.valueOf(shift))).first();
    System.out.printf(Locale.ROOT, "scores shifted by +0.6 logit on %s: global ece %.4f (floor %.5f) vs reference "
        + "%.4f, p adjusted %.3g: %s; the day before: %s%n", shift, first.<Double>getAs("value"),
        first.<Double>getAs("noise_floor"), first.<Double>getAs("ref_value"), first.<Double>getAs("p_adjusted"),
        first.getAs("severity"), before.getAs("severity"));
    assertEquals("critical", first.getAs("severity"), first.<String>getAs("severity_reason"));
    assertEquals("none", before.getAs("severity"), before.<String>getAs("severity_reason"));
    // A broken score with outcomes unchanged: the estimate is refuted on the shift's first labelled day.
    Dataset<Row> estimate = estimated(job).where("slice_key = '__all__' AND metric = 'auc'");
    Row refuted = estimate.where(col("ds").equalTo(java.sql.Date.valueOf(shift))).first();
    Row held = estimate.where(col("ds").equalTo(java.sql.Date.valueOf(shift.minusDays(1)))).first();
    assertEquals("unreliable", refuted.getAs("estimate_status"), refuted.<String>getAs("estimate_reason"));
    assertEquals("reliable", held.getAs("estimate_status"), held.<String>getAs("estimate_reason"));
  }

  private Dataset<Row> estimated(NightlyJob job) {
    return spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("metric_kind = 'estimated' AND ds >= DATE'" + FIRST + "'").cache();
  }

  private Dataset<Row> performance(NightlyJob job) {
    return spark().read().format("delta").load(job.warehouse().path(Table.PERFORMANCE_METRICS))
        .where("metric_kind = 'quality' AND ds >= DATE'" + FIRST + "'").cache();
  }

  /** Writes the log from the reference's first day to {@code last}, scores shifted from {@code shift} to {@code until}. */
  private NightlyJob job(LocalDate last, LocalDate shift, LocalDate until) {
    String shifted = shift == null ? "false" : "ds BETWEEN DATE'" + shift + "' AND DATE'" + until + "'";
    String yaml = CalibratedLog.write(spark(), dir, last, shifted, "false")
        + "output: {warehouse: " + dir.resolve("warehouse") + "}\n";
    return new NightlyJob(spark(), ConfigLoader.parse(yaml, "calibrated.yaml"));
  }
}
