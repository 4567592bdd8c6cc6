package dev.driftline.jobs.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.jobs.io.PredictionLog;
import dev.driftline.udfs.ColumnBatches;
import dev.driftline.udfs.ProfileScan;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.ProfileAccumulator;
import dev.driftline.udfs.math.SameBits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A Delta log partitioned by day whose monitored columns are plain columns is profiled from the
 * vectorized reader's column batches, for a day and for a pass over many days, with the bits of
 * the profile through rows; an expression feature or slice makes the profile read rows.
 */
class ProfileColumnBatchesTest extends SparkTestBase {

  private static final LocalDate FIRST = LocalDate.of(2026, 10, 1);

  private JobSpec spec(Path input, String numeric, String slices) {
    return ConfigLoader.parse("""
        model: fraud
        input: {format: delta, path: %s, date_column: ds}
        features:
          numeric: [%s]
          categorical: [device, channel]
        prediction: {column: score, kind: probability}
        slices: {columns: [%s], max_values: 5}
        reference: {from: %s, to: %s}
        """.formatted(input, numeric, slices, FIRST, FIRST.plusDays(3)), "test.yaml");
  }

  @Test
  void plainColumnsOfADeltaLogAreReadFromColumnBatchesWithTheRowsBits() throws Exception {
    Path dir = Files.createTempDirectory("driftline-batches");
    DemoLog.write(spark(), new DemoSpec(FIRST, 6, 1500, 7), dir.resolve("p").toString(), dir.resolve("l").toString());
    Path input = dir.resolve("p");
    JobSpec plain = spec(input, "amount, account_age_days", "country, device");
    PredictionLog log = PredictionLog.open(spark(), plain);
    DateRange window = plain.reference().forRunDate(FIRST.plusDays(4));
    ReferenceProfile reference = ReferenceBuilder.build(plain, log, window);
    DateRange day = new DateRange(FIRST.plusDays(4), FIRST.plusDays(4));
    DateRange days = new DateRange(FIRST.plusDays(4), FIRST.plusDays(5));

    Assertions.assertTrue(ColumnBatches.of(log.profileInput(day)).isPresent(), "a day of plain columns");
    Assertions.assertTrue(ColumnBatches.of(log.profileInputByDay(days, false)).isPresent(), "a pass over days");
    ProfileAccumulator fromBatches = ProfileScan.scan(log.profileInput(day), reference.layout());
    SameBits.assertSameBits(ProfileScan.scanRows(log.profileInput(day), reference.layout()), fromBatches, "the day");
    assertEquals(1500, fromBatches.rows(0));

    for (String[] columns : List.of(new String[] {"amount, 'hour(event_time) AS hour'", "country"},
        new String[] {"amount", "country, 'amount > 100 AS big'"})) {
      JobSpec expression = spec(input, columns[0], columns[1]);
      Assertions.assertFalse(ColumnBatches.of(PredictionLog.open(spark(), expression).profileInput(day)).isPresent(),
          "an expression among " + String.join(" and ", columns));
    }
  }
}
