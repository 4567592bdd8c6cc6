package dev.driftline.jobs.trigger;

import static dev.driftline.jobs.trigger.TriggerFixtures.DS;
import static dev.driftline.jobs.trigger.TriggerFixtures.json;
import static dev.driftline.jobs.trigger.TriggerFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.config.TriggerSpec;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerFileTest {

  @TempDir
  Path tmp;

  private Trigger trigger(Path root) {
    return Triggers.of(TriggerSpec.resolve(new DriftlineConfig.Trigger("file", null, null, null, root.toString(), null,
        null, null)), Map.<String, String>of()::get);
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void writesTheMarkerWholeAndLeavesNoTemporaryFile() throws IOException {
    Path root = tmp.resolve("markers");
    TriggerRequest request = request();
    TriggerOutcome outcome = trigger(root).send(request);

    Path marker = root.resolve("card-fraud").resolve("2026-03-01.json");
    assertEquals(new TriggerOutcome(Status.SENT, null, marker.toString(), "wrote marker " + marker), outcome);
    assertEquals(List.of(marker), files(root), "only the marker: no temporary file stays");
    JsonNode written = json(Files.readString(marker));
    ObjectNode expected = (ObjectNode) json(request.payloadJson());
    expected.put("idempotency_key", "card-fraud__2026-03-01");
    assertEquals(expected, written);
  }

  @Test
  void theSameKeyAgainIsAlreadySentAndTheMarkerUntouched() throws IOException {
    Trigger trigger = trigger(tmp);
    trigger.send(request());
    Path marker = tmp.resolve("card-fraud").resolve("2026-03-01.json");
    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(marker, written);
    String before = Files.readString(marker);

    TriggerRequest again = new TriggerRequest("card-fraud", DS, "retrain", "card-fraud__2026-03-01",
        "{\"decision\": \"retrain\", \"changed\": true}");
    TriggerOutcome outcome = trigger.send(again);
    assertEquals(new TriggerOutcome(Status.ALREADY_SENT, null, marker.toString(), "marker " + marker + " already written"),
        outcome);
    assertEquals(before, Files.readString(marker));
    assertEquals(written, Files.getLastModifiedTime(marker));
    assertEquals(List.of(marker), files(tmp));
  }

  @Test
  void anotherKeyReplacesTheMarker() throws IOException {
    Trigger trigger = trigger(tmp);
    trigger.send(request());
    TriggerOutcome outcome = trigger.send(new TriggerRequest("card-fraud", DS, "retrain", "card-fraud__2026-03-01__v2",
        "{\"decision\": \"retrain\"}"));
    assertEquals(Status.SENT, outcome.status());
    assertTrue(outcome.message().endsWith("(replaced a marker of another decision)"), outcome.message());
    Path marker = tmp.resolve("card-fraud").resolve("2026-03-01.json");
    assertEquals("card-fraud__2026-03-01__v2", json(Files.readString(marker)).get("idempotency_key").asText());
    assertEquals(List.of(marker), files(tmp));
  }

  @Test
  void hostileModelNamesStayInsideTheFolder() throws IOException {
    Path root = tmp.resolve("markers");
    Trigger trigger = trigger(root);
    List<String> names = List.of("../../etc", "a/b", "a_b", "o'brien", "modèle", "模型", "..", ".", "", ".hidden",
        "a\\b", "C:\\x", "/abs/olute", "x".repeat(300), "a b\nc", "a?b*c|d");
    Set<Path> folders = new HashSet<>();
    for (String name : names) {
      TriggerOutcome outcome = trigger.send(request(name, "key-" + folders.size()));
      assertEquals(Status.SENT, outcome.status(), name + ": " + outcome.message());
      Path marker = Path.of(outcome.runId());
      assertEquals(root.toAbsolutePath().normalize(), marker.getParent().getParent(), name + " left the folder: " + marker);
      assertTrue(Files.isRegularFile(marker));
      assertTrue(folders.add(marker.getParent()), name + " collides with another name: " + marker);
      String folder = marker.getParent().getFileName().toString();
      assertTrue(folder.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*(~[0-9a-f]{8})?"), folder);
      assertTrue(folder.length() <= 89, folder);
    }
    try (Stream<Path> top = Files.list(tmp)) {
      assertEquals(List.of(root), top.toList(), "nothing was written beside the marker folder");
    }
    assertEquals(names.size(), files(root).size());
  }

  @Test
  void folderNamesKeepPlainNamesAndHashTheOthers() {
    assertEquals("card-fraud", FileTrigger.folderName("card-fraud"));
    assertEquals("churn.v2_EU", FileTrigger.folderName("churn.v2_EU"));
    assertTrue(FileTrigger.folderName("a/b").startsWith("a_b~"));
    assertNotEquals(FileTrigger.folderName("a/b"), FileTrigger.folderName("a_b"));
    assertNotEquals(FileTrigger.folderName("a/b"), FileTrigger.folderName("a:b"));
    assertTrue(FileTrigger.folderName("..").startsWith("__~"));
    assertTrue(FileTrigger.folderName("o'brien").startsWith("o_brien~"));
  }

  @Test
  void aPayloadThatIsNotJsonFails() {
    TriggerOutcome outcome = trigger(tmp).send(new TriggerRequest("m", DS, "retrain", "k", "not json"));
    assertEquals(new TriggerOutcome(Status.FAILED, null, null, "file not sent: the payload is not valid JSON"), outcome);
  }

  @Test
  void aFolderThatCannotBeCreatedFails() throws IOException {
    Path blocker = tmp.resolve("blocker");
    Files.writeString(blocker, "a file where the folder should be");
    TriggerOutcome outcome = trigger(blocker).send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertTrue(outcome.message().startsWith("file not sent: cannot write marker " + blocker), outcome.message());
  }
}
