package dev.driftline.jobs.trigger;

import static dev.driftline.jobs.trigger.TriggerFixtures.TOKEN;
import static dev.driftline.jobs.trigger.TriggerFixtures.assertNoToken;
import static dev.driftline.jobs.trigger.TriggerFixtures.env;
import static dev.driftline.jobs.trigger.TriggerFixtures.json;
import static dev.driftline.jobs.trigger.TriggerFixtures.request;
import static dev.driftline.jobs.trigger.TriggerFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.trigger.FakeReceiver.Received;
import dev.driftline.jobs.trigger.TriggerFixtures.Logs;
import dev.driftline.jobs.trigger.TriggerFixtures.Waits;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerDatabricksTest {

  private FakeReceiver databricks;
  private Logs logs;
  private final Waits waits = new Waits();

  @BeforeEach
  void start() throws IOException {
    databricks = new FakeReceiver();
    logs = new Logs();
  }

  @AfterEach
  void stop() {
    logs.close();
    databricks.close();
  }

  private Trigger trigger(String url, Duration timeout) {
    return Triggers.of(spec(new DriftlineConfig.Trigger("databricks", url, null, 4242L, null, "DATABRICKS_TOKEN",
        null, null), timeout), env("DATABRICKS_TOKEN")::get, waits);
  }

  private Trigger trigger() {
    return trigger(databricks.url().toString(), Duration.ofSeconds(2));
  }

  @Test
  void runsTheJobWithTheDecisionAsJobParameters() {
    databricks.reply(200, "{\"run_id\": 455644833, \"number_in_job\": 1}");
    TriggerRequest request = request();
    TriggerOutcome outcome = trigger().send(request);

    assertEquals(new TriggerOutcome(Status.SENT, 200, "455644833", "databricks run 455644833 of job 4242"), outcome);
    List<Received> got = databricks.received();
    assertEquals(1, got.size());
    Received r = got.get(0);
    assertEquals("POST", r.method());
    assertEquals("/api/2.1/jobs/run-now", r.rawPath());
    assertEquals("Bearer " + TOKEN, r.header("Authorization"));
    assertEquals("application/json", r.header("Content-Type"));
    JsonNode body = json(r.body());
    assertEquals(3, body.size(), r.body());
    assertTrue(body.get("job_id").isIntegralNumber());
    assertEquals(4242L, body.get("job_id").asLong());
    assertEquals("card-fraud__2026-03-01", body.get("idempotency_token").asText());
    JsonNode parameters = body.get("job_parameters");
    assertEquals(4, parameters.size());
    assertEquals("card-fraud", parameters.get("model").asText());
    assertEquals("2026-03-01", parameters.get("ds").asText());
    assertEquals("retrain", parameters.get("decision").asText());
    assertTrue(parameters.get("decision_json").isTextual(), "job parameter values are strings");
    assertEquals(json(request.payloadJson()), json(parameters.get("decision_json").asText()));
    assertNoToken(outcome, logs, trigger());
  }

  /** Databricks answers a known idempotency token with the existing run: indistinguishable from a new one. */
  @Test
  void aRepeatedTokenIsSentAgainWithTheSameRun() {
    databricks.reply(200, "{\"run_id\": 7}").reply(200, "{\"run_id\": 7}");
    Trigger trigger = trigger(databricks.url() + "//", Duration.ofSeconds(2));
    TriggerOutcome first = trigger.send(request());
    TriggerOutcome second = trigger.send(request());
    assertEquals(first, second);
    assertEquals(Status.SENT, second.status());
    assertEquals("7", second.runId());
    List<Received> got = databricks.received();
    assertEquals("/api/2.1/jobs/run-now", got.get(1).rawPath(), "trailing slashes of the URL are dropped");
    assertEquals(json(got.get(0).body()), json(got.get(1).body()));
  }

  @Test
  void aLongKeyBecomesA64CharacterToken() {
    databricks.reply(200, "{\"run_id\": 1}");
    String key = "k".repeat(80);
    trigger().send(request("m", key));
    String token = json(databricks.received().get(0).body()).get("idempotency_token").asText();
    assertEquals(64, token.length());
    assertEquals(HttpDelivery.sha256Hex(key), token);
  }

  @Test
  void forbiddenNamesTheVariable() {
    databricks.reply(403, "{\"error_code\": \"PERMISSION_DENIED\", \"message\": \"Invalid access token.\"}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, 403, null,
        "databricks answered 403 Forbidden: check the token in DATABRICKS_TOKEN"), outcome);
    assertEquals(1, databricks.received().size());
    assertEquals(List.of(), waits.asked);
  }

  @Test
  void aBadRequestGivesTheErrorCodeAndMessage() {
    databricks.reply(400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"Job 4242 does not exist.\"}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, 400, null,
        "databricks answered 400 Bad Request: INVALID_PARAMETER_VALUE: Job 4242 does not exist."), outcome);
    assertEquals(List.of(), waits.asked);
  }

  @Test
  void retryAfterIsCappedAt30Seconds() {
    databricks.reply(503, "", "Retry-After", "120").reply(429, "{}", "Retry-After", "3").reply(200, "{\"run_id\": 9}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals(List.of(30L, 3L), waits.seconds());
    assertEquals(3, databricks.received().size());
  }

  @Test
  void aServerErrorThenSuccess() {
    databricks.reply(500, "<html><body>Internal error</body></html>").reply(200, "{\"run_id\": 11}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(new TriggerOutcome(Status.SENT, 200, "11", "databricks run 11 of job 4242"), outcome);
    assertEquals(List.of(1L), waits.seconds());
  }

  @Test
  void aReadTimeoutOnEveryAttemptFails() {
    Trigger trigger = Triggers.of(new dev.driftline.jobs.config.TriggerSpec(
        dev.driftline.jobs.config.TriggerSpec.Kind.DATABRICKS, databricks.url(), null, 4242L, null, "DATABRICKS_TOKEN",
        Duration.ofMillis(300), 2), env("DATABRICKS_TOKEN")::get, waits);
    databricks.replyAfter(Duration.ofSeconds(2), 200, "{}").replyAfter(Duration.ofSeconds(2), 200, "{}");
    TriggerOutcome outcome = trigger.send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertTrue(outcome.message().startsWith("databricks not sent: no answer after 2 attempts: timeout"), outcome.message());
    assertEquals(List.of(1L), waits.seconds());
    assertNoToken(outcome, logs);
  }

  @Test
  void aClosedPortFailsAfterMaxAttempts() throws IOException {
    TriggerOutcome outcome = trigger("http://127.0.0.1:" + FakeReceiver.closedPort(), Duration.ofSeconds(1)).send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertTrue(outcome.message().startsWith("databricks not sent: unreachable after 4 attempts"), outcome.message());
    assertEquals(List.of(1L, 2L, 4L), waits.seconds());
    assertNoToken(outcome, logs);
  }
}
