package dev.driftline.jobs.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a JSON marker {@code <path>/<model>/<ds>.json} for an orchestrator (a file sensor) to
 * pick up. The marker is the decision ({@link TriggerRequest#payloadJson()}) with its
 * {@code idempotency_key} set.
 *
 * <p>The marker appears whole or not at all: it is written to a temporary file in the same folder,
 * forced to disk, then renamed over the final name with {@code ATOMIC_MOVE}. A marker that already
 * holds the request's key is left untouched ({@code ALREADY_SENT}); one with another key, or one
 * that cannot be read, is replaced ({@code SENT}): the latest decision for the day stands. The
 * run id is the marker's path.
 *
 * <p>The model name becomes one folder name (see {@link #folderName}), so no name leaves
 * {@code path}.
 */
final class FileTrigger implements Trigger {

  static final String KEY_FIELD = "idempotency_key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NAME = 80;

  private final Path root;

  FileTrigger(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public TriggerOutcome send(TriggerRequest request) {
    if (request == null || request.model() == null || request.ds() == null || request.payloadJson() == null
        || request.idempotencyKey() == null || request.idempotencyKey().isBlank()) {
      return failed("the request lacks a model, day, idempotency key or payload");
    }
    ObjectNode marker;
    try {
      JsonNode payload = JSON.readTree(request.payloadJson());
      if (payload == null || !payload.isObject()) {
        return failed("the payload is not a JSON object");
      }
      marker = (ObjectNode) payload;
    } catch (IOException e) {
      return failed("the payload is not valid JSON");
    }
    String key = request.idempotencyKey();
    marker.put(KEY_FIELD, key);
    Path dir = root.resolve(folderName(request.model())).normalize();
    Path target = dir.resolve(request.ds() + ".json");
    if (!dir.getParent().equals(root)) {
      return failed("model '" + request.model() + "' does not map to a folder of " + root);
    }
    String replaced = "";
    try {
      String existing = readIfExists(target);
      if (existing != null) {
        if (key.equals(keyOf(existing))) {
          return new TriggerOutcome(Status.ALREADY_SENT, null, target.toString(), "marker " + target + " already written");
        }
        replaced = " (replaced a marker of another decision)";
      }
      Files.createDirectories(dir);
      writeAtomically(dir, target, JSON.writeValueAsString(marker) + "\n");
      return new TriggerOutcome(Status.SENT, null, target.toString(), "wrote marker " + target + replaced);
    } catch (IOException | RuntimeException e) {
      return failed("cannot write marker " + target + ": " + HttpDelivery.describe(e, null));
    }
  }

  private static TriggerOutcome failed(String message) {
    return new TriggerOutcome(Status.FAILED, null, null, "file not sent: " + message);
  }

  private static String readIfExists(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static String keyOf(String marker) {
    try {
      JsonNode node = JSON.readTree(marker);
      return node != null && node.hasNonNull(KEY_FIELD) ? node.get(KEY_FIELD).asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A temporary file next to the target, forced to disk, renamed over it; the temporary file never stays. */
  private static void writeAtomically(Path dir, Path target, String content) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * The model's folder name: its characters of {@code [A-Za-z0-9._-]}, every other character (and
   * leading dots, so neither {@code .} nor {@code ..} nor a hidden folder) as {@code _}, at most 80
   * characters. When anything was replaced or cut, {@code ~} and the first 8 hex digits of the
   * name's SHA-256 follow: {@code ~} is not a kept character, so such a name never equals a name
   * kept as is, and two names that map to the same characters get different hashes.
   */
  static String folderName(String model) {
    StringBuilder out = new StringBuilder();
    boolean changed = false;
    boolean leading = true;
    for (int i = 0; i < model.length(); ) {
      int c = model.codePointAt(i);
      i += Character.charCount(c);
      boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!kept || (leading && c == '.')) {
        out.append('_');
        changed = true;
      } else {
        out.append((char) c);
      }
      leading = leading && c == '.';
    }
    if (out.length() == 0) {
      out.append('_');
      changed = true;
    }
    if (out.length() > MAX_NAME) {
      out.setLength(MAX_NAME);
      changed = true;
    }
    return changed ? out + "~" + HttpDelivery.sha256Hex(model).substring(0, 8) : out.toString();
  }

  @Override
  public String toString() {
    return "FileTrigger[" + root + "]";
  }
}
