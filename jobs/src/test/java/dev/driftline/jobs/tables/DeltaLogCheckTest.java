package dev.driftline.jobs.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import dev.driftline.jobs.tables.DeltaLogCheck.CorruptCommit;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit files as a truncated copy, a failed checksum or a bad older commit leave them, read without Spark. */
class DeltaLogCheckTest {

  private static final String COMMIT = "{\"commitInfo\":{\"timestamp\":1,\"operation\":\"WRITE\"}}\n"
      + "{\"add\":{\"path\":\"ds=2026-10-15/part-0.parquet\",\"size\":10,\"dataChange\":true}}\n";

  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  /** Writes commits 0..n-1 through Hadoop's local file system, which keeps a checksum file next to each. */
  private Path table(int commits) throws IOException {
    Path table = dir.resolve("drift_metrics");
    FileSystem fs = FileSystem.getLocal(conf);
    for (int v = 0; v < commits; v++) {
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(table.resolve("_delta_log")
          .resolve(String.format("%020d.json", v)).toUri()))) {
        out.write(COMMIT.getBytes(StandardCharsets.UTF_8));
      }
    }
    return table;
  }

  private static Path commit(Path table, int version) {
    return table.resolve("_delta_log").resolve(String.format("%020d.json", version));
  }

  private static void truncate(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
  }

  private Optional<CorruptCommit> find(Path table) {
    return DeltaLogCheck.find(conf, "drift_metrics", table.toString());
  }

  @Test
  void aReadableLogHasNoCorruptCommit() throws IOException {
    assertEquals(Optional.empty(), find(table(3)));
    assertEquals(Optional.empty(), find(dir.resolve("no-table")));
  }

  @Test
  void aTruncatedNewestCommitIsNamedWithTheVersionToRollBackTo() throws IOException {
    Path table = table(3);
    truncate(commit(table, 2));
    // As on a store without checksum files: the JSON itself is what fails.
    Files.delete(commit(table, 2).resolveSibling("." + commit(table, 2).getFileName() + ".crc"));

    CorruptCommit corrupt = find(table).orElseThrow();

    assertEquals(2, corrupt.version());
    assertTrue(corrupt.newest());
    assertEquals("Delta log of table drift_metrics is corrupt: commit " + commit(table, 2) + " (version 2) is not"
        + " valid JSON; restore it from a backup, or delete it and its .crc to roll back to version 1, then rerun",
        corrupt.message());
  }

  @Test
  void aCommitThatFailsItsChecksumIsCorruptToo() throws IOException {
    Path table = table(2);
    truncate(commit(table, 1));

    CorruptCommit corrupt = find(table).orElseThrow();

    assertEquals(1, corrupt.version());
    assertTrue(corrupt.message().contains("(version 1) fails its checksum"), corrupt.message());
  }

  @Test
  void anOlderBadCommitCanOnlyBeRestored() throws IOException {
    Path table = table(3);
    Files.writeString(commit(table, 1), "[1, 2]\n");
    Files.delete(commit(table, 1).resolveSibling("." + commit(table, 1).getFileName() + ".crc"));

    CorruptCommit corrupt = find(table).orElseThrow();

    assertEquals(1, corrupt.version());
    assertFalse(corrupt.newest());
    assertTrue(corrupt.message().endsWith("(version 1) has line 1 that is not a JSON object; restore it from a backup,"
        + " then rerun"), corrupt.message());
  }

  @Test
  void commitsBeforeTheLastCheckpointAreNotRead() throws IOException {
    Path table = table(3);
    Files.writeString(commit(table, 0), "{\"add\":");
    Files.delete(commit(table, 0).resolveSibling("." + commit(table, 0).getFileName() + ".crc"));
    assertEquals(0, find(table).orElseThrow().version());

    Files.writeString(table.resolve("_delta_log").resolve("_last_checkpoint"), "{\"version\":1,\"size\":2}");
    assertEquals(Optional.empty(), find(table), "state comes from the checkpoint of version 1 on");
  }

  @Test
  void onlyParseAndChecksumFailuresAreWorthReadingTheLogs() {
    assertTrue(DeltaLogCheck.mayBeCorruptLog(new RuntimeException("job aborted", new JsonParseException(null, "eof"))));
    assertTrue(DeltaLogCheck.mayBeCorruptLog(new IllegalStateException(new ChecksumException("bad", 0))));
    assertFalse(DeltaLogCheck.mayBeCorruptLog(new RuntimeException("disk full", new IOException("no space"))));
  }
}
