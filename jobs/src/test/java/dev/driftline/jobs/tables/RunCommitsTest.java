package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which tables a killed run committed to, from commit files as Delta writes them, without Spark. */
class RunCommitsTest {

  private static final Instant START = Instant.parse("2026-10-16T02:00:00Z");

  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  /** Writes the next commit of the table: a commitInfo at {@code at} by {@code runId} (null: none), then an add. */
  private Path commit(Instant at, String runId) throws IOException {
    Path log = Files.createDirectories(dir.resolve("feature_profiles").resolve("_delta_log"));
    long version;
    try (var files = Files.list(log)) {
      version = files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
    String metadata = runId == null ? "" : ",\"userMetadata\":\"" + runId + "\"";
    Files.writeString(log.resolve(String.format("%020d.json", version)),
        "{\"commitInfo\":{\"timestamp\":" + at.toEpochMilli() + ",\"operation\":\"WRITE\"" + metadata + "}}\n"
            + "{\"add\":{\"path\":\"ds=2026-10-16/part-" + version + ".parquet\",\"size\":10,\"dataChange\":true}}\n",
        StandardCharsets.UTF_8);
    return log.getParent();
  }

  private boolean any(String runId) {
    return RunCommits.any(conf, dir.resolve("feature_profiles").toString(), runId, START);
  }

  @Test
  void aCommitOfTheRunIsFoundBehindLaterCommitsOfOthers() throws IOException {
    commit(START.minus(Duration.ofDays(1)), "yesterday");
    commit(START.plusSeconds(5), "killed");
    commit(START.plusSeconds(60), "other");
    commit(START.plusSeconds(90), null);
    assertTrue(any("killed"));
  }

  @Test
  void aTableTheRunNeverWroteIsSkipped() throws IOException {
    commit(START.minus(Duration.ofDays(2)), "killed-long-ago-by-another-id");
    commit(START.minus(Duration.ofDays(1)), "yesterday");
    commit(START.plusSeconds(60), "other");
    assertFalse(any("killed"));
  }

  @Test
  void theSearchStopsAtCommitsStampedWellBeforeTheRun() throws IOException {
    // A commit carrying the id before the skew window cannot be the run's: the search has stopped.
    commit(START.minus(RunCommits.CLOCK_SKEW).minusSeconds(1), "killed");
    commit(START.minus(Duration.ofDays(1)), "yesterday");
    assertFalse(any("killed"));
  }

  @Test
  void aCommitOfTheRunStampedEarlierByASkewedClockIsStillFound() throws IOException {
    commit(START.minus(Duration.ofDays(1)), "yesterday");
    commit(START.minus(RunCommits.CLOCK_SKEW).plusSeconds(1), "killed");
    commit(START.plusSeconds(60), "other");
    assertTrue(any("killed"));
  }

  @Test
  void aLogWhoseOlderCommitsWereCleanedUpCountsAsWritten() throws IOException {
    commit(START.plusSeconds(30), "other");
    commit(START.plusSeconds(60), "other");
    assertFalse(any("killed"), "the whole log read");
    // Log cleanup removed the first commit: what came before the second is unknown.
    Files.delete(dir.resolve("feature_profiles").resolve("_delta_log").resolve(String.format("%020d.json", 0)));
    assertTrue(any("killed"));
  }

  @Test
  void anUnreadableCommitCountsAsWritten() throws IOException {
    commit(START.plusSeconds(30), "other");
    Path table = commit(START.plusSeconds(60), "other");
    Files.writeString(table.resolve("_delta_log").resolve(String.format("%020d.json", 1)), "{\"commitInfo\":{\"timesta",
        StandardCharsets.UTF_8);
    assertTrue(any("killed"));
  }

  @Test
  void aTableWithoutALogHasNoCommitOfTheRun() {
    assertFalse(any("killed"));
  }
}
