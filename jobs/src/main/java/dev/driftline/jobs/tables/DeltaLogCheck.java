package dev.driftline.jobs.tables;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds the commit file of a Delta table's log that cannot be read: truncated or half-copied
 * JSON, or a file whose checksum fails. Delta reports one with Jackson's parse error and up to
 * 500 characters of the raw JSON, naming neither the table nor the commit; this says which, and
 * what to do.
 */
public final class DeltaLogCheck {

  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeltaLogCheck() {}

  /** A commit of a table's log that cannot be read, and whether it is the newest. */
  public record CorruptCommit(String table, Path file, long version, boolean newest, String problem) {

    public String message() {
      String where = file.toUri().getScheme() == null || file.toUri().getScheme().equals("file")
          ? file.toUri().getPath() : file.toString();
      return "Delta log of table " + table + " is corrupt: commit " + where + " (version " + version + ") " + problem
          + (newest ? "; restore it from a backup, or delete it and its .crc to roll back to version "
              + (version - 1) : "; restore it from a backup") + ", then rerun";
    }
  }

  /**
   * Whether a failure may come from a log that cannot be read: a JSON parse error or a failed
   * checksum somewhere in its causes. Only then are the logs worth reading.
   */
  public static boolean mayBeCorruptLog(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof JsonProcessingException || t instanceof ChecksumException
          || t.getClass().getSimpleName().equals("BadRecordException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The newest commit of the table at {@code path} that cannot be read, among those since its
   * last checkpoint (older ones are not read to know the table's state); empty when every one
   * reads, or the table has no log. Reads the commit files, each a few KB.
   */
  public static Optional<CorruptCommit> find(Configuration conf, String table, String path) {
    Path log = new Path(path, "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(conf);
      if (!fs.exists(log)) {
        return Optional.empty();
      }
      List<FileStatus> commits = commitsNewestFirst(fs, log);
      long checkpoint = lastCheckpoint(fs, log);
      for (FileStatus commit : commits) {
        long version = version(commit);
        if (version <= checkpoint) {
          break;
        }
        String problem = problem(fs, commit);
        if (problem != null) {
          return Optional.of(new CorruptCommit(table, commit.getPath(), version, commit == commits.get(0), problem));
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The commit files of a log, newest first. */
  static List<FileStatus> commitsNewestFirst(FileSystem fs, Path log) throws IOException {
    return Arrays.stream(fs.listStatus(log, p -> COMMIT.matcher(p.getName()).matches()))
        .sorted(Comparator.comparing((FileStatus f) -> f.getPath().getName()).reversed()).toList();
  }

  /** The version a commit file holds. */
  static long version(FileStatus commit) {
    return Long.parseLong(commit.getPath().getName().substring(0, 20));
  }

  /** What is wrong with a commit file, or null when every line is a JSON object. */
  private static String problem(FileSystem fs, FileStatus commit) {
    if (commit.getLen() == 0) {
      return "is empty";
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit.getPath()), StandardCharsets.UTF_8))) {
      int number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (!line.isBlank()) {
          JsonNode action = JSON.readTree(line);
          if (!action.isObject()) {
            return "has line " + number + " that is not a JSON object";
          }
        }
      }
      return null;
    } catch (ChecksumException e) {
      return "fails its checksum (changed since written)";
    } catch (JsonProcessingException e) {
      return "is not valid JSON";
    } catch (IOException e) {
      return "cannot be read (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** The version of the table's last checkpoint, or -1. */
  private static long lastCheckpoint(FileSystem fs, Path log) {
    Path last = new Path(log, "_last_checkpoint");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(last), StandardCharsets.UTF_8))) {
      JsonNode version = JSON.readTree(in).get("version");
      return version == null ? -1 : version.asLong();
    } catch (IOException e) {
      // No checkpoint yet (or an unreadable one, which Delta would name itself): every commit counts.
      return -1;
    }
  }
}
