package dev.driftline.jobs.demo;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.unix_micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.udfs.SparkTestBase;
import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.apache.commons.math3.stat.inference.OneWayAnova;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The demo log against its documented contract. Distribution parameters and drift days are
 * written out here as documented rather than read from the generator, and the laws are Commons
 * Math's, so a changed generator cannot agree with itself. The data are deterministic, so every
 * p-value threshold is a fixed pass or fail for this seed.
 */
class DemoLogTest extends SparkTestBase {

  private static final LocalDate START = LocalDate.of(2026, 10, 1);
  private static final DemoSpec SPEC = new DemoSpec(START, 30, 2_000, 42L);
  // Drift days as offsets from START.
  private static final int BR_AMOUNT_DAY = 16;     // 2026-10-17
  private static final int MERCHANT_TOPICS_DAY = 17; // 2026-10-18, one day
  private static final int SMART_TV_DAY = 19;      // 2026-10-20
  private static final int COUNTRY_MIX_DAY = 22;   // 2026-10-23
  private static final int SCORE_SHIFT_DAY = 25;   // 2026-10-26
  private static final int ACCOUNT_AGE_NULLS_DAY = 27; // 2026-10-28, one day
  private static final double SIGNIFICANCE = 1e-3;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  // Generated once and cached: most tests only read them, and Spark jobs, not rows, cost time.
  private static Dataset<Row> predictions;
  private static Dataset<Row> labelled;

  private Dataset<Row> predictions() {
    if (predictions == null) {
      predictions = DemoLog.predictions(spark(), SPEC)
          .withColumn("day", datediff(col("ds"), lit(START))).cache();
    }
    return predictions;
  }

  /** Predictions of labelled requests with their outcome and label delay. */
  private Dataset<Row> labelled() {
    if (labelled == null) {
      labelled = predictions().join(DemoLog.labels(spark(), SPEC), "request_id")
          .withColumn("delay_days", unix_micros(col("label_time"))
              .minus(unix_micros(col("event_time"))).divide(MICROS_PER_DAY)).cache();
    }
    return labelled;
  }

  private static Column before(int day) {
    return col("day").lt(day);
  }

  private static Column from(int day) {
    return col("day").geq(day);
  }

  private static double share(Dataset<Row> rows, Column condition) {
    return (double) rows.where(condition).count() / rows.count();
  }

  private static double mean(Dataset<Row> rows, String column) {
    return rows.agg(avg(col(column))).first().getDouble(0);
  }

  /** Each value's share of {@code category} in {@code rows}. */
  private static Map<String, Double> shares(Dataset<Row> rows, String category) {
    double total = rows.count();
    return rows.groupBy(category).count().collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1) / total));
  }

  private static double[] values(Dataset<Row> rows, Column value) {
    return rows.select(value.cast(DataTypes.DoubleType)).as(Encoders.DOUBLE()).collectAsList()
        .stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Map<String, String> columnTypes(StructType schema) {
    Map<String, String> types = new LinkedHashMap<>();
    for (StructField field : schema.fields()) {
      types.put(field.name(), field.dataType().simpleString());
    }
    return types;
  }

  /** p-value of the chi-square test that every day has the same mix of {@code category}. */
  private static double dayMixPValue(Dataset<Row> rows, String category) {
    List<Row> counts = rows.groupBy("day", category).count().collectAsList();
    List<String> values = counts.stream().map(r -> r.getString(1)).distinct().sorted().toList();
    Map<Integer, long[]> byDay = new TreeMap<>();
    for (Row r : counts) {
      byDay.computeIfAbsent(r.getInt(0), d -> new long[values.size()])
          [values.indexOf(r.getString(1))] = r.getLong(2);
    }
    return new ChiSquareTest().chiSquareTest(byDay.values().toArray(new long[0][]));
  }

  /** p-value of the one-way ANOVA that every day has the same mean {@code value}. */
  private static double dayMeanPValue(Dataset<Row> rows, Column value) {
    Map<Integer, List<Double>> byDay = rows.select(col("day"), value.cast(DataTypes.DoubleType))
        .collectAsList().stream().collect(Collectors.groupingBy(r -> r.getInt(0), TreeMap::new,
            Collectors.mapping(r -> r.getDouble(1), Collectors.toList())));
    return new OneWayAnova().anovaPValue(byDay.values().stream()
        .map(v -> v.stream().mapToDouble(Double::doubleValue).toArray()).toList());
  }

  // The Spark test base declares its own assertTrue(boolean), which hides JUnit's.
  private static void check(boolean condition, String message) {
    Assertions.assertTrue(condition, message);
  }

  private static void assertBetween(String what, double actual, double low, double high) {
    check(actual > low && actual < high, what + " = " + actual + ", expected in (" + low + ", "
        + high + ")");
  }

  private static void assertStationary(String what, double pValue) {
    check(pValue > SIGNIFICANCE, what + " changes from day to day, p = " + pValue);
  }

  private static void assertFits(String what, double pValue) {
    check(pValue > SIGNIFICANCE, what + " does not fit, p = " + pValue);
  }

  /** Same rows in any order; both sets are keyed by their first column, request_id. */
  private static void assertSameRows(Dataset<Row> expected, Dataset<Row> actual) {
    List<Row> expectedRows = sortedByFirstColumn(expected);
    List<Row> actualRows = sortedByFirstColumn(actual);
    assertEquals(expectedRows.size(), actualRows.size());
    for (int i = 0; i < expectedRows.size(); i++) {
      assertEquals(expectedRows.get(i), actualRows.get(i), "row " + i + " by request_id");
    }
  }

  private static List<Row> sortedByFirstColumn(Dataset<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows.collectAsList());
    sorted.sort(Comparator.comparing(r -> r.getString(0)));
    return sorted;
  }

  private static void assertRejected(Executable call, String mentioned) {
    String message = assertThrows(IllegalArgumentException.class, call).getMessage();
    check(message.contains(mentioned), "'" + message + "' does not mention " + mentioned);
  }

  @Test
  void sameSpecGivesTheSameRowsWhateverThePartitioning() {
    assertSameRows(DemoLog.predictions(spark(), SPEC, 1), DemoLog.predictions(spark(), SPEC, 7));
    assertSameRows(DemoLog.predictions(spark(), SPEC), DemoLog.predictions(spark(), SPEC, 30));
    assertSameRows(DemoLog.labels(spark(), SPEC, 1), DemoLog.labels(spark(), SPEC, 4));

    Dataset<Row> otherSeed = DemoLog.predictions(spark(), new DemoSpec(START, 30, 2_000, 43L));
    assertEquals(0, otherSeed.join(predictions(), "request_id").count(),
        "another seed must give other request ids");
    assertNotEquals(mean(predictions(), "amount"), mean(otherSeed, "amount"),
        "another seed must give other amounts");
  }

  @Test
  void aShorterSpecIsAPrefixOfTheLongerOne() {
    assertSameRows(predictions().where(before(18)).drop("day"),
        DemoLog.predictions(spark(), new DemoSpec(START, 18, 2_000, 42L)));
  }

  @Test
  void tablesHaveTheContractSchemas() {
    assertEquals("{request_id=string, ds=date, event_time=timestamp, model_name=string,"
        + " model_version=string, amount=double, account_age_days=double, merchant_risk=double,"
        + " txn_per_day=int, country=string, device=string, channel=string, score=double,"
        + " latency_ms=double, merchant_embedding=array<float>}",
        columnTypes(DemoLog.predictions(spark(), SPEC).schema()).toString());
    assertEquals("{request_id=string, is_fraud=int, label_time=timestamp}",
        columnTypes(DemoLog.labels(spark(), SPEC).schema()).toString());
  }

  @Test
  void everyDayHasItsRowsAndEveryEventFallsOnItsDay() {
    Dataset<Row> rows = predictions();
    List<Row> perDay = rows.groupBy("day").count().orderBy("day").collectAsList();
    assertEquals(30, perDay.size());
    for (int day = 0; day < 30; day++) {
      assertEquals(day, perDay.get(day).getInt(0));
      assertEquals(2_000L, perDay.get(day).getLong(1), "rows on day " + day);
    }
    assertEquals(0, rows.where("unix_micros(event_time) div 86400000000 != unix_date(ds)").count(),
        "event_time outside its ds (UTC)");
    assertEquals(SPEC.totalRows(),
        rows.where("model_name = 'card-fraud' AND model_version = 'v1'").count());
  }

  @Test
  void requestIdsAreUnique() {
    Dataset<Row> rows = predictions();
    assertEquals(SPEC.totalRows(), rows.agg(countDistinct("request_id")).first().getLong(0));
    assertEquals(0, rows.where(col("request_id").isNull()).count());
  }

  @Test
  void featuresFollowTheirDocumentedLaws() {
    Dataset<Row> stationary = predictions().where(before(BR_AMOUNT_DAY));
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();

    assertFits("amount against LogNormal(median 45, log-sd 1)", ks.kolmogorovSmirnovTest(
        new LogNormalDistribution(Math.log(45), 1.0), values(stationary, col("amount"))));

    // Whole days of an Exponential(mean 600); +0.5 centres each day.
    double[] ages = values(stationary.where(col("account_age_days").isNotNull()),
        col("account_age_days").plus(0.5));
    assertFits("account_age_days against Exponential(600)",
        ks.kolmogorovSmirnovTest(new ExponentialDistribution(600), ages));

    // The Kumaraswamy(2, 8) CDF 1 - (1 - x^2)^8 maps merchant_risk onto Uniform(0, 1).
    double[] risks = values(stationary.where("NOT isnan(merchant_risk)"),
        expr("1 - pow(1 - pow(merchant_risk, 2), 8)"));
    assertFits("merchant_risk against Kumaraswamy(2, 8)",
        ks.kolmogorovSmirnovTest(new UniformRealDistribution(0, 1), risks));

    // 1 + Poisson(1.5); 7 and more pooled.
    double[] txns = values(stationary, col("txn_per_day"));
    PoissonDistribution others = new PoissonDistribution(1.5);
    long[] observed = new long[7];
    double[] expected = new double[7];
    for (double txn : txns) {
      check(txn >= 1, "txn_per_day " + txn);
      observed[(int) Math.min(txn - 1, 6)]++;
    }
    for (int k = 0; k < 6; k++) {
      expected[k] = others.probability(k) * txns.length;
    }
    expected[6] = (1 - others.cumulativeProbability(5)) * txns.length;
    assertFits("txn_per_day against 1 + Poisson(1.5)",
        new ChiSquareTest().chiSquareTest(expected, observed));
  }

  @Test
  void valuesStayInRangeWithRareMissingInputs() {
    Dataset<Row> rows = predictions();
    Column spikeDay = col("day").equalTo(ACCOUNT_AGE_NULLS_DAY);
    assertBetween("null account_age_days share", share(rows.where(col("day").notEqual(ACCOUNT_AGE_NULLS_DAY)),
        col("account_age_days").isNull()), 0.0035, 0.0065);
    // One day the feed drops a fifth of them; the next day it is back to normal.
    assertBetween("null account_age_days share on the broken day",
        share(rows.where(spikeDay), col("account_age_days").isNull()), 0.18, 0.23);
    assertBetween("NaN merchant_risk rows", rows.where("isnan(merchant_risk)").count(), 0.5, 30);
    // Spark orders NaN above every number, so NaN merchant_risk is excluded from its range check.
    assertEquals(0, rows.where("score <= 0 OR score >= 1 OR isnan(score) OR amount <= 0"
        + " OR account_age_days < 0 OR latency_ms <= 0 OR NOT isnan(merchant_risk)"
        + " AND (merchant_risk < 0 OR merchant_risk > 1)").count());
    assertEquals(0, rows.where("country NOT IN ('US','GB','DE','FR','IN','BR','MX','CA')"
        + " OR device NOT IN ('ios','android','web','smart_tv')"
        + " OR channel NOT IN ('app','web','pos')").count());
  }

  @Test
  void amountDoublesInBrazilFromOctober17AndNowhereElse() {
    Dataset<Row> rows = predictions();
    Map<String, Double> medianRatios = rows
        .groupBy(col("country")).agg(
            expr("percentile(amount, 0.5) FILTER (WHERE day >= " + BR_AMOUNT_DAY + ")")
                .divide(expr("percentile(amount, 0.5) FILTER (WHERE day < " + BR_AMOUNT_DAY + ")")))
        .collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getDouble(1)));
    assertEquals(8, medianRatios.size());
    for (Map.Entry<String, Double> entry : medianRatios.entrySet()) {
      String country = entry.getKey();
      double ratio = entry.getValue();
      if (country.equals("BR")) {
        assertBetween("BR median amount after/before", ratio, 1.6, 2.5);
      } else {
        assertBetween(country + " median amount after/before", ratio, 0.9, 1.1);
      }
    }
    assertStationary("log amount outside BR",
        dayMeanPValue(rows.where(col("country").notEqual("BR")), log(col("amount"))));
  }

  @Test
  void smartTvAppearsOnOctober20WithAboutEightPercent() {
    Dataset<Row> rows = predictions();
    Column smartTv = col("device").equalTo("smart_tv");
    assertEquals(0, rows.where(smartTv.and(before(SMART_TV_DAY))).count());
    check(rows.where(smartTv.and(col("day").equalTo(SMART_TV_DAY))).count() > 0,
        "no smart_tv on its first day");
    assertBetween("smart_tv share", share(rows.where(from(SMART_TV_DAY)), smartTv), 0.07, 0.09);
  }

  @Test
  void countryMixMovesFromUsToIndiaOnOctober23() {
    Map<String, Double> before = shares(predictions().where(before(COUNTRY_MIX_DAY)), "country");
    Map<String, Double> after = shares(predictions().where(from(COUNTRY_MIX_DAY)), "country");
    assertBetween("IN share before", before.get("IN"), 0.04, 0.06);
    assertBetween("IN share after", after.get("IN"), 0.23, 0.27);
    assertBetween("US share before", before.get("US"), 0.37, 0.43);
    assertBetween("US share after", after.get("US"), 0.17, 0.23);
    for (String other : List.of("GB", "DE", "FR", "BR", "MX", "CA")) {
      assertBetween(other + " share change", after.get(other) - before.get(other), -0.01, 0.01);
    }
  }

  @Test
  void scoresShiftUpOnOctober26() {
    Dataset<Row> rows = predictions();
    double stationary = mean(rows.where(before(BR_AMOUNT_DAY)), "score");
    double beforeShift =
        mean(rows.where(from(BR_AMOUNT_DAY).and(before(SCORE_SHIFT_DAY))), "score");
    double afterShift = mean(rows.where(from(SCORE_SHIFT_DAY)), "score");
    // Before the shift only BR's larger amounts move scores, by a few percent overall.
    assertBetween("mean score before the shift / stationary", beforeShift / stationary, 0.9, 1.1);
    assertBetween("mean score after / before the shift", afterShift / beforeShift, 1.8, 3.0);
    assertStationary("score before any drift",
        dayMeanPValue(rows.where(before(BR_AMOUNT_DAY)), col("score")));
  }

  @Test
  void everythingElseIsStationaryDayToDay() {
    Dataset<Row> rows = predictions();
    assertStationary("channel mix", dayMixPValue(rows, "channel"));
    assertStationary("device mix", dayMixPValue(rows.where(before(SMART_TV_DAY)), "device"));
    assertStationary("country mix", dayMixPValue(rows.where(before(COUNTRY_MIX_DAY)), "country"));
    assertStationary("merchant_risk",
        dayMeanPValue(rows.where("NOT isnan(merchant_risk)"), col("merchant_risk")));
    assertStationary("log latency_ms", dayMeanPValue(rows, log(col("latency_ms"))));
    assertStationary("txn_per_day", dayMeanPValue(rows, col("txn_per_day")));
    assertStationary("account_age_days", dayMeanPValue(
        rows.where(col("account_age_days").isNotNull()), col("account_age_days")));
    // The same tests do see the injected shifts.
    assertBetween("device mix p over all days", dayMixPValue(rows, "device"), -1, 1e-6);
    assertBetween("country mix p over all days", dayMixPValue(rows, "country"), -1, 1e-6);

    // And day by day within plain tolerances: app's share of channels, mean merchant risk.
    for (Row day : rows.groupBy("day").agg(
        avg(expr("CASE WHEN channel = 'app' THEN 1D ELSE 0D END")),
        avg(expr("CASE WHEN isnan(merchant_risk) THEN NULL ELSE merchant_risk END")))
        .collectAsList()) {
      assertBetween("app share on day " + day.getInt(0), day.getDouble(1), 0.45, 0.55);
      assertBetween("mean merchant_risk on day " + day.getInt(0), day.getDouble(2), 0.285, 0.315);
    }
  }

  @Test
  void labelsArriveOncePerLabelledRequestAfterThePrediction() {
    Dataset<Row> labels = DemoLog.labels(spark(), SPEC);
    Dataset<Row> predictions = predictions();
    long labelCount = labels.count();
    assertEquals(labelCount, labels.agg(countDistinct("request_id")).first().getLong(0));
    assertEquals(0, labels.join(predictions,
        labels.col("request_id").equalTo(predictions.col("request_id")), "left_anti").count(),
        "labels for unknown requests");
    assertBetween("label coverage", (double) labelCount / SPEC.totalRows(), 0.94, 0.96);

    Dataset<Row> labelled = labelled();
    assertBetween("shortest label delay in days",
        labelled.agg(expr("min(delay_days)")).first().getDouble(0), 1, 2);
    assertBetween("labels within 10 days", share(labelled, col("delay_days").leq(10)), 0.82, 0.88);
    assertEquals(0, labelled.where("is_fraud NOT IN (0, 1)").count());
    assertBetween("fraud base rate", mean(labelled.where(before(BR_AMOUNT_DAY)), "is_fraud"),
        0.02, 0.05);
  }

  @Test
  void theModelGetsWorseForRealAfterTheDrifts() {
    Dataset<Row> labelled = labelled();
    Dataset<Row> stationary = labelled.where(before(BR_AMOUNT_DAY));
    assertBetween("stationary mean score / fraud rate",
        mean(stationary, "score") / mean(stationary, "is_fraud"), 0.85, 1.15);

    // smart_tv is riskier than the model, which has never seen it, believes.
    Dataset<Row> smartTv = labelled.where(col("device").equalTo("smart_tv"));
    assertBetween("smart_tv fraud rate / mean score",
        mean(smartTv, "is_fraud") / mean(smartTv, "score"), 3, 6);

    // From October 26 scores rise while fraud does not.
    Dataset<Row> shifted = labelled.where(from(SCORE_SHIFT_DAY));
    assertBetween("shifted mean score / fraud rate",
        mean(shifted, "score") / mean(shifted, "is_fraud"), 1.4, 2.5);
  }

  /**
   * The merchant embedding has 32 finite coordinates on every row, and its mean moves on the
   * campaign day several times more than between two ordinary days, then comes back.
   */
  @Test
  void theMerchantEmbeddingMovesOnTheCampaignDayOnly() {
    Dataset<Row> rows = predictions().where(col("day").between(MERCHANT_TOPICS_DAY - 2, MERCHANT_TOPICS_DAY + 1));
    Map<Integer, double[]> means = new TreeMap<>();
    for (Row r : rows.select("day", "merchant_embedding").collectAsList()) {
      List<Float> e = r.getList(1);
      assertEquals(32, e.size());
      double[] sum = means.computeIfAbsent(r.getInt(0), d -> new double[32]);
      for (int d = 0; d < 32; d++) {
        check(Float.isFinite(e.get(d)), "finite coordinates");
        sum[d] += e.get(d) / 2_000.0;
      }
    }
    double ordinary = distance(means.get(MERCHANT_TOPICS_DAY - 2), means.get(MERCHANT_TOPICS_DAY - 1));
    double campaign = distance(means.get(MERCHANT_TOPICS_DAY - 1), means.get(MERCHANT_TOPICS_DAY));
    double after = distance(means.get(MERCHANT_TOPICS_DAY - 1), means.get(MERCHANT_TOPICS_DAY + 1));
    check(campaign > 4 * ordinary, "campaign " + campaign + " vs ordinary " + ordinary);
    check(after < 2 * ordinary, "after " + after + " vs ordinary " + ordinary);
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }

  @Test
  void injectedDriftsNameTheirDayColumnAndSlice() {
    List<String> expected = List.of(
        "2026-10-17 amount country=BR",
        "2026-10-18 merchant_embedding __all__=__all__",
        "2026-10-20 device __all__=__all__",
        "2026-10-23 country __all__=__all__",
        "2026-10-26 score __all__=__all__",
        "2026-10-28 account_age_days __all__=__all__");
    List<InjectedDrift> drifts = DemoLog.injectedDrifts(DemoSpec.DEFAULT);
    assertEquals(expected, drifts.stream().map(DemoLogTest::summary).toList());
    drifts.forEach(drift -> assertFalse(drift.description().isBlank()));

    assertEquals(expected.subList(0, 2), DemoLog.injectedDrifts(new DemoSpec(START, 19, 10, 1L))
        .stream().map(DemoLogTest::summary).toList());
    assertEquals(List.of(), DemoLog.injectedDrifts(new DemoSpec(START, 16, 10, 1L)));
  }

  private static String summary(InjectedDrift drift) {
    return drift.firstDay() + " " + drift.column() + " " + drift.sliceKey() + "="
        + drift.sliceValue();
  }

  @Test
  void badSpecsAndPathsAreRejectedNamingTheField() {
    assertRejected(() -> new DemoSpec(START, 0, 10, 1L), "days");
    assertRejected(() -> new DemoSpec(START, 10, 0, 1L), "rowsPerDay");
    assertRejected(() -> new DemoSpec(null, 10, 10, 1L), "start");
    assertRejected(() -> DemoLog.write(spark(), SPEC, " ", "/tmp/labels"), "predictions");
    assertRejected(() -> DemoLog.write(spark(), SPEC, "/tmp/same", "/tmp/same"), "/tmp/same");
  }

  @Test
  void writeReplacesBothDeltaTables() throws Exception {
    Path dir = Files.createTempDirectory("driftline-demo");
    String predictionsPath = dir.resolve("predictions").toString();
    String labelsPath = dir.resolve("labels").toString();
    DemoSpec small = new DemoSpec(START, 3, 500, 7L);
    DemoLog.write(spark(), new DemoSpec(START, 5, 300, 8L), predictionsPath, labelsPath);
    DemoLog.write(spark(), small, predictionsPath, labelsPath);

    assertSameRows(DemoLog.predictions(spark(), small),
        spark().read().format("delta").load(predictionsPath));
    assertSameRows(DemoLog.labels(spark(), small), spark().read().format("delta").load(labelsPath));
    Row detail = DeltaTable.forPath(spark(), predictionsPath).detail().first();
    assertEquals(List.of("ds"), detail.getList(detail.fieldIndex("partitionColumns")));
  }
}
