package dev.driftline.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.decision.Levels;
import dev.driftline.jobs.demo.DemoLog;
import dev.driftline.jobs.demo.DemoSpec;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.DriftMeasure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code driftline tune} on 10 drift-free days of the demo log: it replays each day against the
 * other nine, prints the false-alert rates and suggestions, writes YAML the config loader reads
 * back, and with those thresholds the replayed days alert no more than the target rate allows.
 * It writes nothing to the warehouse; bad arguments stop it with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TuneCommandTest extends SparkTestBase {

  /** 10 days of 3,000 rows, before any of the demo's injected drifts (the first starts on day 16). */
  private static final DemoSpec LOG = new DemoSpec(LocalDate.of(2026, 10, 1), 10, 3_000, 11L);
  private static final String THRESHOLDS = "drift:\n  thresholds:\n"
      + "    psi: {warn: 0.1, critical: 0.25}\n    js_distance: {warn: 0.02}\n";
  private static final Set<String> COLUMNS =
      Set.of("amount", "account_age_days", "merchant_risk", "txn_per_day", "hour", "score", "country", "device", "channel");

  @TempDir
  static Path dir;

  private Path warehouse;
  private JobConfig config;
  private Path yaml;
  private Cli.Result tuned;

  @BeforeAll
  void tuneOnce() {
    runBefore();
    Path log = dir.resolve("log");
    DemoLog.write(spark(), LOG, log.resolve("predictions").toString(), log.resolve("labels").toString());
    warehouse = dir.resolve("warehouse");
    config = JobConfig.demo(log.resolve("predictions"), warehouse).withReference("{from: 2026-10-01, to: 2026-10-10}");
    yaml = dir.resolve("thresholds.yaml");
    tuned = Cli.ok("tune", "-c", JobConfig.write(dir.resolve("model.yaml"), config.yaml() + THRESHOLDS), "--write", yaml);
  }

  /** A printed row of the per-column table: column, measure, configured, tested, alerts, rate, quantile, max, suggest. */
  record Row(String column, String measure, String configured, int tested, String alerts, String rate,
      double suggest) {}

  private static List<Row> rows(String out) {
    List<Row> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : out.lines().toList()) {
      if (line.startsWith("column ")) {
        inTable = true;
      } else if (inTable && line.isBlank()) {
        break;
      } else if (inTable && !line.contains("(any measure)")) {
        String[] f = line.trim().split("\\s+");
        assertEquals(9, f.length, line);
        rows.add(new Row(f[0], f[1], f[2], Integer.parseInt(f[3]), f[4], f[5], Double.parseDouble(f[8])));
      }
    }
    return rows;
  }

  /** The tested comparisons of the header line. */
  private static int tested(String out) {
    Matcher m = Pattern.compile("comparisons \\(every slice and column\\), (\\d+) with")
        .matcher(out);
    Assertions.assertTrue(m.find(), out);
    return Integer.parseInt(m.group(1));
  }

  @Test
  void printsRatesAndSuggestionsPerColumnAndMeasure() {
    String out = tuned.out();
    Assertions.assertTrue(out.contains("tune card-fraud: 10 day(s) of the reference window 2026-10-01..2026-10-10"
        + " replayed, each against the window without it; a replayed day is assumed to carry no real drift."), out);
    Assertions.assertTrue(out.contains("Thresholds are per measure, not per column"), out);
    Assertions.assertTrue(out.contains("Wrote the suggested drift.thresholds to " + yaml), out);
    List<Row> rows = rows(out);
    assertEquals(COLUMNS, rows.stream().map(Row::column).collect(Collectors.toSet()));
    for (String column : COLUMNS) {
      assertEquals(List.of("psi", "js_distance"), rows.stream().filter(r -> r.column().equals(column))
          .map(Row::measure).toList(), column);
    }
    Row amountPsi = rows.stream().filter(r -> r.column().equals("amount") && r.measure().equals("psi")).findFirst()
        .orElseThrow();
    assertEquals("0.1/0.25", amountPsi.configured());
    assertEquals("0.02/-", rows.stream().filter(r -> r.measure().equals("js_distance")).findFirst().orElseThrow()
        .configured());
    // Every column is compared in the same slices, so each has the same share of the tested comparisons.
    int tested = tested(out);
    for (Row r : rows) {
      assertEquals(tested / COLUMNS.size(), r.tested(), r.toString());
      Assertions.assertTrue(r.suggest() > 0, r.toString());
    }
    assertFalse(Files.exists(warehouse), "tune writes nothing to the warehouse");
  }

  @Test
  void theWrittenThresholdsReadBackAndAlertNoMoreThanTheTargetRateOnTheReplayedDays() throws Exception {
    String fragment = Files.readString(yaml);
    Assertions.assertTrue(
        fragment.startsWith("# drift.thresholds suggested by driftline tune: target false-alert rate 0.01"), fragment);
    String merged = config.yaml() + "drift:\n" + fragment.lines().map(l -> "  " + l).collect(Collectors.joining("\n"))
        + "\n";
    Path mergedConfig = JobConfig.write(dir.resolve("tuned.yaml"), merged);
    JobSpec spec = ConfigLoader.load(mergedConfig);
    assertEquals(Set.of(DriftMeasure.PSI, DriftMeasure.JS_DISTANCE), spec.thresholds().keySet());
    for (Levels l : spec.thresholds().values()) {
      Assertions.assertTrue(l.warn() != null && l.critical() != null && l.warn() <= l.critical(), l.toString());
    }
    // Each measure's warn is at least every column's suggestion of the first run.
    for (Row r : rows(tuned.out())) {
      Assertions.assertTrue(spec.thresholds().get(DriftMeasure.fromKey(r.measure())).warn() >= r.suggest(),
          r.toString());
    }

    // Replayed again with the suggested thresholds: no column alerts on more than 1% of its comparisons.
    Cli.Result again = Cli.ok("tune", "-c", mergedConfig);
    List<Row> rows = rows(again.out());
    assertEquals(rows(tuned.out()).size(), rows.size());
    for (Row r : rows) {
      Assertions.assertTrue(Integer.parseInt(r.alerts()) <= Math.floor(0.01 * r.tested()), r.toString());
    }
    // Together, at most the sum of the two measures' allowances.
    Matcher together = Pattern.compile("Every configured measure together: (\\d+)/").matcher(again.out());
    Assertions.assertTrue(together.find(), again.out());
    Assertions.assertTrue(Integer.parseInt(together.group(1)) <= 2 * Math.floor(0.01 * tested(again.out())),
        again.out());
    assertFalse(Files.exists(warehouse), "tune writes nothing to the warehouse");
  }

  @Test
  void aRollingReferenceReplaysTheWindowOfTheDayAfterTheLog() {
    Path rolling = JobConfig.write(dir.resolve("rolling.yaml"), config.withReference("{rolling_days: 3}").yaml());
    Cli.Result r = Cli.ok("tune", "-c", rolling, "--target-rate", "0.05");
    Assertions.assertTrue(r.out().startsWith("tune card-fraud: 3 day(s) of the reference window 2026-10-08..2026-10-10"
        + " replayed"), r.out());
    Assertions.assertTrue(r.out().contains(" q0.95 "), r.out());
    Assertions.assertTrue(rows(r.out()).stream().allMatch(row -> row.measure().equals("psi")), "PSI, the default");
  }

  Stream<Arguments> badArguments() {
    Path missingFolder = dir.resolve("no-such-folder").resolve("t.yaml");
    return Stream.of(
        Arguments.of("target rate 0", config.yaml(), List.of("--target-rate", "0"),
            "--target-rate: must be in (0, 1), got 0"),
        Arguments.of("target rate 1.5", config.yaml(), List.of("--target-rate", "1.5"),
            "--target-rate: must be in (0, 1), got 1.5"),
        Arguments.of("target rate not a number", config.yaml(), List.of("--target-rate", "1%"),
            "--target-rate: '1%' is not a number"),
        Arguments.of("fixed window of 2 days", config.withReference("{from: 2026-10-01, to: 2026-10-02}").yaml(),
            List.of(), "reference: the window has 2 day(s); tune needs at least 3 to leave one out at a time"),
        Arguments.of("rolling window of 2 days", config.withReference("{rolling_days: 2}").yaml(), List.of(),
            "reference: the window has 2 day(s); tune needs at least 3 to leave one out at a time"),
        Arguments.of("--write into a missing folder", config.yaml(), List.of("--write", missingFolder),
            "--write: cannot write " + missingFolder + ": its folder " + missingFolder.getParent() + " does not exist"),
        Arguments.of("--write onto a folder", config.yaml(), List.of("--write", dir),
            "--write: cannot write " + dir + ": it is a directory"),
        Arguments.of("--date with a fixed reference", config.yaml(), List.of("--date", "2026-10-20"),
            "--date: only used with a rolling reference; the fixed reference 2026-10-01..2026-10-10 is replayed as it is"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badArguments")
  void badArgumentsExitTwoWithOneLine(String name, String yamlText, List<Object> extra, String message)
      throws Exception {
    Path caseConfig = JobConfig.write(dir.resolve(name.replaceAll("\\W+", "-") + ".yaml"), yamlText);
    List<Object> args = new ArrayList<>(List.of("tune", "-c", caseConfig));
    args.addAll(extra);
    Cli.Result r = Cli.run(args.toArray());
    assertEquals(2, r.exitCode(), r::toString);
    assertEquals("driftline: config error: " + message, r.errorLine());
    assertEquals("", r.out());
    assertFalse(Files.exists(dir.resolve("no-such-folder")));
  }
}
