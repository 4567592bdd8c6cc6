package dev.driftline.jobs.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether a run committed to a table, read from the JSON commit files of the table's Delta log
 * (a run's commits carry its id as their {@code userMetadata}), newest first and without a Spark
 * job. The repair of a killed run deletes its rows only from the tables it wrote: a Delta delete
 * costs a snapshot and Spark jobs even when it finds nothing.
 */
final class RunCommits {

  /**
   * How long before a run's start its commits are still looked for: runs of other hosts commit to
   * the same tables with clocks of their own, so a commit stamped before the run's start may come
   * after one of the run's.
   */
  static final Duration CLOCK_SKEW = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunCommits() {}

  /**
   * Whether the table at {@code tablePath} has a commit of run {@code runId}, which started at
   * {@code startedAt}; true also when the log cannot tell (an unreadable commit, or older commits
   * removed by log cleanup before one stamped before the run was reached), so a repair errs on
   * the side of deleting.
   */
  static boolean any(Configuration conf, String tablePath, String runId, Instant startedAt) {
    Path log = new Path(tablePath, "_delta_log");
    long before = startedAt.minus(CLOCK_SKEW).toEpochMilli();
    try {
      FileSystem fs = log.getFileSystem(conf);
      if (!fs.exists(log)) {
        return false;
      }
      long oldest = 0;
      for (FileStatus commit : DeltaLogCheck.commitsNewestFirst(fs, log)) {
        JsonNode info = commitInfo(fs, commit);
        if (info == null || runId.equals(info.path("userMetadata").asText(null))) {
          return true;
        }
        if (info.path("timestamp").asLong(Long.MAX_VALUE) < before) {
          return false;
        }
        oldest = DeltaLogCheck.version(commit);
      }
      return oldest > 0;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** The commit's {@code commitInfo} action, or null when it has none. */
  private static JsonNode commitInfo(FileSystem fs, FileStatus commit) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit.getPath()), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.contains("\"commitInfo\"")) {
          JsonNode info = JSON.readTree(line).get("commitInfo");
          if (info != null) {
            return info;
          }
        }
      }
      return null;
    }
  }
}
