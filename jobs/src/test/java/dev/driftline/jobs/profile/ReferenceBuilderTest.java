package dev.driftline.jobs.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.jobs.tables.ProfileRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.Histogram;
import dev.driftline.udfs.math.NumericBins;
import dev.driftline.udfs.math.ProfileLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The reference: deterministic, binned as documented, and stored and read back without loss. */
class ReferenceBuilderTest extends SparkTestBase {

  private static final DateRange WINDOW = new DateRange(LocalDate.of(2026, 10, 1), LocalDate.of(2026, 10, 7));

  private JobSpec spec(Path input) {
    return ConfigLoader.parse("""
        model: fraud
        input: {format: delta, path: %s, date_column: ds}
        features:
          numeric: [amount, account_age_days, "hour(event_time) AS hour"]
          categorical: [device, channel]
        prediction: {column: score, kind: probability}
        slices: {columns: [country, "amount > 100 AS big"], max_values: 5}
        reference: {from: %s, to: %s}
        """.formatted(input, WINDOW.start(), WINDOW.end()), "test.yaml");
  }

  private static Path log;

  /** One small log for the class: written once, only read by the tests. */
  private Path writeLog() throws Exception {
    if (log == null) {
      Path dir = Files.createTempDirectory("driftline-ref");
      DemoSpec demo = new DemoSpec(LocalDate.of(2026, 10, 1), 8, 1500, 7);
      DemoLog.write(spark(), demo, dir.resolve("p").toString(), dir.resolve("l").toString());
      log = dir.resolve("p");
    }
    return log;
  }

  /** A row's values with arrays as lists, so rows compare by content. */
  private static List<Object> values(Row row) {
    return java.util.stream.IntStream.range(0, row.size()).mapToObj(i -> {
      Object v = row.get(i);
      return v instanceof Object[] a ? Arrays.asList(a) : v;
    }).toList();
  }

  @Test
  void sameInputsAndConfigGiveTheSameFingerprintAndRows() throws Exception {
    Path input = writeLog();
    JobSpec spec = spec(input);
    ReferenceProfile a = ReferenceBuilder.build(spec, PredictionLog.open(spark(), spec), WINDOW);
    ReferenceProfile b = ReferenceBuilder.build(spec, PredictionLog.open(spark(), spec), WINDOW);
    assertEquals(a.referenceId(), b.referenceId());
    assertEquals(a.specFingerprint(), b.specFingerprint());
    Instant t = Instant.parse("2026-11-01T00:00:00Z");
    assertEquals(ProfileRows.referenceRows(a, "fraud", "r", t).stream().map(ReferenceBuilderTest::values).toList(),
        ProfileRows.referenceRows(b, "fraud", "r", t).stream().map(ReferenceBuilderTest::values).toList());

    DateRange shorter = new DateRange(WINDOW.start(), WINDOW.end().minusDays(1));
    ReferenceProfile c = ReferenceBuilder.build(spec, PredictionLog.open(spark(), spec), shorter);
    assertNotEquals(a.referenceId(), c.referenceId(), "another window is another reference");
    assertNotEquals(a.specFingerprint(), c.specFingerprint());
  }

  @Test
  void binsFollowTheReferenceQuantilesAndRangeAndSlicesAreCapped() throws Exception {
    Path input = writeLog();
    JobSpec spec = spec(input);
    ReferenceProfile ref = ReferenceBuilder.build(spec, PredictionLog.open(spark(), spec), WINDOW);
    double[] amounts = spark().read().format("delta").load(input.toString())
        .where("ds BETWEEN DATE'2026-10-01' AND DATE'2026-10-07' AND amount IS NOT NULL")
        .select("amount").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).sorted().toArray();
    double[] cuts = ref.layout().numericBins().get(0).cuts();
    assertEquals(amounts[0], cuts[0], 0, "first cut is the reference minimum");
    assertEquals(Math.nextUp(amounts[amounts.length - 1]), cuts[cuts.length - 1], 0, "last cut is just above the maximum");
    assertEquals(11, cuts.length, "9 interior deciles plus the two range cuts");
    NumericBins exact = NumericBins.fromSample(amounts, 10);
    for (int i = 0; i < 9; i++) {
      // The quantile summaries (relative error 1/10,000) are within 1/10,000 of the exact quantile's rank.
      double rank = Arrays.binarySearch(amounts, cuts[i + 1]);
      double exactRank = Arrays.binarySearch(amounts, exact.cuts()[i]);
      assertEquals(exactRank < 0 ? -exactRank : exactRank, rank < 0 ? -rank : rank, amounts.length / 1000.0 + 2,
          "decile " + (i + 1));
    }
    Histogram global = ref.histogram(ProfileLayout.GLOBAL_SLICE, 0);
    long[] counts = global.counts();
    assertEquals(0, counts[0], "nothing below the reference minimum");
    assertEquals(0, counts[counts.length - 1], "nothing above the reference maximum");
    assertEquals(amounts.length, global.binnedTotal());
    assertEquals(5, ref.layout().sliceVocabularies().get(0).size(), "slices.max_values caps the countries");
    assertEquals(List.of("false", "true"), ref.layout().sliceVocabularies().get(1));
  }

  @Test
  void storedReferenceReadsBackToTheSameLayoutAndHistograms() throws Exception {
    Path input = writeLog();
    JobSpec spec = spec(input);
    ReferenceProfile ref = ReferenceBuilder.build(spec, PredictionLog.open(spark(), spec), WINDOW);
    List<Row> rows = ProfileRows.referenceRows(ref, "fraud", "run-1", Instant.now());
    Dataset<Row> table = spark().createDataFrame(rows, Table.REFERENCE_PROFILES.schema());
    ReferenceProfile back = ProfileRows.readReference(table, "fraud", ref.specFingerprint(), WINDOW,
        spec.profiledColumns(), List.of("country", "big")).orElseThrow();
    assertEquals(ref.referenceId(), back.referenceId());
    assertEquals(ref.layout(), back.layout());
    assertEquals(ref.profile().slices().keySet(), back.profile().slices().keySet());
    ref.profile().slices().forEach((slice, p) -> {
      for (int c = 0; c < p.histograms().length; c++) {
        assertEquals(p.histograms()[c], back.profile().slices().get(slice).histograms()[c], slice + " column " + c);
        if (c < 3) {
          assertArrayEquals(ref.points(slice, c), back.points(slice, c), 1e-9);
        }
      }
    });
  }

  @Test
  void aWindowWithoutADayHoldsExactlyTheOtherDays() throws Exception {
    Path input = writeLog();
    JobSpec spec = spec(input);
    PredictionLog log = PredictionLog.open(spark(), spec);
    ReferenceProfile full = ReferenceBuilder.build(spec, log, WINDOW);
    // Without its last day, the window holds what the shorter window holds...
    ReferenceProfile withoutLast = ReferenceBuilder.buildWithout(spec, log, WINDOW, WINDOW.end());
    ReferenceProfile shorter = ReferenceBuilder.build(spec, log, new DateRange(WINDOW.start(), WINDOW.end().minusDays(1)));
    assertEquals(shorter.layout(), withoutLast.layout());
    assertEquals(shorter.profile().slices().keySet(), withoutLast.profile().slices().keySet());
    shorter.profile().slices().forEach((slice, p) -> {
      for (int c = 0; c < p.histograms().length; c++) {
        assertEquals(p.histograms()[c], withoutLast.profile().slices().get(slice).histograms()[c], slice + " column " + c);
      }
    });
    assertNotEquals(shorter.specFingerprint(), withoutLast.specFingerprint(), "never taken for a stored reference");
    assertNotEquals(full.specFingerprint(), withoutLast.specFingerprint());
    // ...and without a day in the middle, exactly that day's rows are gone.
    LocalDate middle = LocalDate.of(2026, 10, 4);
    ReferenceProfile withoutMiddle = ReferenceBuilder.buildWithout(spec, log, WINDOW, middle);
    long dayRows = log.days(new DateRange(middle, middle)).count();
    assertEquals(1500, dayRows);
    assertEquals(full.profile().rows() - dayRows, withoutMiddle.profile().rows());
    assertEquals(WINDOW, withoutMiddle.window());
  }
}
