package dev.driftline.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.driftline.bench.BenchCase.Prepared;
import dev.driftline.udfs.SparkTestBase;
import dev.driftline.udfs.math.ProfileLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on a tiny log, without any timing assertion: every path (Spark
 * alternatives, naive Spark, Deequ, the full nightly run) must reproduce Driftline's histograms,
 * since a disagreeing path fails its measurement, and the report must list every path.
 */
class BenchSmokeTest extends SparkTestBase {

  @TempDir
  Path dir;

  @Test
  void everyPathAgreesWithDriftlineAndIsReported() {
    BenchCase smoke = Suite.smoke().get(0);
    Map<String, CaseResult> results = BenchMain.run(spark(), List.of(smoke), dir.resolve("data"),
        dir.resolve("warehouse"), 0, 1, r -> {});

    CaseResult result = results.get("smoke");
    assertEquals(smoke.paths(), result.measurements().stream().map(Measurement::path).toList());
    // 2 + (4 + 2) + (8 + 2) groups, OTHER of slice_1 and of cat_1 seen: the fold to caps was exercised.
    assertEquals(17, result.groups());
    String report = MarkdownReport.render("./driftline bench --suite smoke", "test", results, true);
    for (String path : smoke.paths()) {
      org.junit.jupiter.api.Assertions.assertTrue(report.lines().anyMatch(l -> l.startsWith("| " + path + " | ")),
          "report row for " + path);
    }
    org.junit.jupiter.api.Assertions.assertTrue(report.contains("| driftline | ") && report.contains("| 1.00 |"),
        "driftline's row carries its ratio to itself");
  }

  @Test
  void aPathThatMiscountsFailsInsteadOfBeingTimed() {
    BenchCase smoke = new BenchCase("miscount", Suite.smoke().get(0).shape(), List.of(0), 8, List.of("driftline"));
    Prepared prepared = smoke.prepare(spark(), dir.resolve("data"), dir.resolve("warehouse"));
    BinCounts expected = BenchMain.expectedCounts(prepared);
    assertNull(expected.difference(BenchMain.expectedCounts(prepared)), "the same scan twice agrees");

    BenchPath offByOne = new BenchPath() {
      @Override
      public String name() {
        return "off-by-one";
      }

      @Override
      public String description() {
        return "Driftline's counts with one extra row in the global slice";
      }

      @Override
      public Outcome run(Prepared p) {
        BinCounts counts = BenchMain.expectedCounts(p).add(ProfileLayout.GLOBAL_SLICE, 0, 0, 1);
        return e -> e.difference(counts);
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Measurement.measure(offByOne, prepared, expected, 0, 1));
    assertNotNull(e.getMessage());
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("__all__=__all__#0"), e.getMessage());
  }
}
