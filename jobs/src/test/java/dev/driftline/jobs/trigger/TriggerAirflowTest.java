package dev.driftline.jobs.trigger;

import static dev.driftline.jobs.trigger.TriggerFixtures.DS;
import static dev.driftline.jobs.trigger.TriggerFixtures.TOKEN;
import static dev.driftline.jobs.trigger.TriggerFixtures.assertNoToken;
import static dev.driftline.jobs.trigger.TriggerFixtures.env;
import static dev.driftline.jobs.trigger.TriggerFixtures.json;
import static dev.driftline.jobs.trigger.TriggerFixtures.request;
import static dev.driftline.jobs.trigger.TriggerFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.trigger.FakeReceiver.Received;
import dev.driftline.jobs.trigger.TriggerFixtures.Logs;
import dev.driftline.jobs.trigger.TriggerFixtures.Waits;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerAirflowTest {

  private static final Clock LATER = Clock.fixed(Instant.parse("2026-03-05T00:00:00Z"), ZoneOffset.UTC);

  private FakeReceiver airflow;
  private Logs logs;
  private final Waits waits = new Waits();

  @BeforeEach
  void start() throws IOException {
    airflow = new FakeReceiver();
    logs = new Logs();
  }

  @AfterEach
  void stop() {
    logs.close();
    airflow.close();
  }

  private Trigger trigger(String url, String dagId, Duration timeout) {
    return Triggers.of(spec(new DriftlineConfig.Trigger("airflow", url, dagId, null, null, "AIRFLOW_TOKEN", null, null),
        timeout), env("AIRFLOW_TOKEN")::get, waits, LATER);
  }

  private Trigger trigger() {
    return trigger(airflow.url() + "/", "retrain_card_fraud", Duration.ofSeconds(2));
  }

  @Test
  void createsTheDagRunWithTheDecisionAsConf() {
    airflow.reply(200, "{\"dag_run_id\": \"driftline__card-fraud__2026-03-01\", \"state\": \"queued\"}");
    TriggerRequest request = request();
    TriggerOutcome outcome = trigger().send(request);

    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals(200, outcome.httpStatus());
    assertEquals("driftline__card-fraud__2026-03-01", outcome.runId());
    List<Received> got = airflow.received();
    assertEquals(1, got.size());
    Received r = got.get(0);
    assertEquals("POST", r.method());
    assertEquals("/api/v1/dags/retrain_card_fraud/dagRuns", r.rawPath(), "one slash between the URL and the path");
    assertEquals("Bearer " + TOKEN, r.header("Authorization"));
    assertEquals("application/json", r.header("Content-Type"));
    JsonNode body = json(r.body());
    assertEquals(3, body.size(), r.body());
    assertEquals("driftline__card-fraud__2026-03-01", body.get("dag_run_id").asText());
    assertEquals(json(request.payloadJson()), body.get("conf"), "conf is the decision as an object");
    OffsetDateTime logical = OffsetDateTime.parse(body.get("logical_date").asText());
    assertEquals(ZoneOffset.UTC, logical.getOffset());
    assertEquals(DS, logical.toLocalDate(), "the logical date stays on the decision's day");
    assertEquals(AirflowTrigger.logicalDate(DS, "card-fraud__2026-03-01", LATER.instant()), body.get("logical_date").asText());
    assertNoToken(outcome, logs, trigger());
  }

  @Test
  void theDagIdIsEncodedAndAPathPrefixKept() {
    airflow.reply(200, "{}");
    TriggerOutcome outcome = trigger(airflow.url() + "/airflow", "modèle.retrain", Duration.ofSeconds(2)).send(request());
    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals("driftline__card-fraud__2026-03-01", outcome.runId(), "the run id sent when the answer has none");
    assertEquals("/airflow/api/v1/dags/mod%C3%A8le.retrain/dagRuns", airflow.received().get(0).rawPath());
  }

  @Test
  void aRunThatExistsIsAlreadySent() {
    airflow.reply(409, "{\"detail\": \"DAGRun with DAG ID: 'retrain_card_fraud' and DAGRun ID: "
        + "'driftline__card-fraud__2026-03-01' already exists\", \"status\": 409, \"title\": \"Conflict\"}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(Status.ALREADY_SENT, outcome.status(), outcome.message());
    assertEquals(409, outcome.httpStatus());
    assertEquals("driftline__card-fraud__2026-03-01", outcome.runId());
    assertTrue(outcome.message().contains("already exists"), outcome.message());
    assertEquals(1, airflow.received().size(), "no retry on 409");
    assertEquals(List.of(), waits.asked);
  }

  @Test
  void twoModelsSharingADagGetDistinctRunIdsAndLogicalDates() {
    airflow.reply(200, "{}").reply(200, "{}").reply(200, "{}");
    Trigger trigger = trigger();
    trigger.send(request("card-fraud", "card-fraud__2026-03-01"));
    trigger.send(request("churn", "churn__2026-03-01"));
    trigger.send(request("card-fraud", "card-fraud__2026-03-01"));
    List<JsonNode> bodies = airflow.received().stream().map(r -> json(r.body())).toList();
    assertNotEquals(bodies.get(0).get("dag_run_id"), bodies.get(1).get("dag_run_id"));
    assertNotEquals(bodies.get(0).get("logical_date"), bodies.get(1).get("logical_date"),
        "Airflow refuses a second run at a taken logical date");
    assertEquals(DS, OffsetDateTime.parse(bodies.get(1).get("logical_date").asText()).toLocalDate());
    assertEquals(bodies.get(0), bodies.get(2), "a rerun sends the same request, so Airflow refuses it with 409");
  }

  @Test
  void aLogicalDateStillAheadIsNow() {
    Instant now = Instant.parse("2026-03-01T00:00:00.000001Z");
    assertEquals("2026-03-01T00:00:00.000001+00:00", AirflowTrigger.logicalDate(DS, "card-fraud__2026-03-01", now));
    String later = AirflowTrigger.logicalDate(DS, "card-fraud__2026-03-01", LATER.instant());
    assertTrue(later.matches("2026-03-01T\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"), later);
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() {
    airflow.reply(429, "{\"detail\": \"slow down\"}", "Retry-After", "7")
        .reply(200, "{\"dag_run_id\": \"driftline__card-fraud__2026-03-01\"}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals(List.of(7L), waits.seconds());
    assertEquals(2, airflow.received().size());
    assertEquals(airflow.received().get(0).body(), airflow.received().get(1).body(), "the retry sends the same body");
  }

  @Test
  void aServerErrorIsRetriedAfterTheBackoff() {
    airflow.reply(500, "{\"detail\": \"database is locked\"}").reply(200, "{}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals(List.of(1L), waits.seconds());
    assertTrue(logs.lines.stream().anyMatch(l -> l.contains("attempt 1/4 answered 500 Internal Server Error")), logs.lines.toString());
    assertNoToken(outcome, logs);
  }

  @Test
  void aReadTimeoutIsRetried() {
    airflow.replyAfter(Duration.ofMillis(3_000), 200, "{}").reply(200, "{\"dag_run_id\": \"x\"}");
    long start = System.nanoTime();
    TriggerOutcome outcome = trigger(airflow.url().toString(), "retrain_card_fraud", Duration.ofSeconds(1)).send(request());
    assertEquals(Status.SENT, outcome.status(), outcome.message());
    assertEquals("x", outcome.runId());
    assertEquals(2, airflow.received().size());
    assertEquals(List.of(1L), waits.seconds());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2_500, "the first attempt gave up after 1 s");
    assertTrue(logs.lines.stream().anyMatch(l -> l.contains("attempt 1/4 timeout")), logs.lines.toString());
  }

  @Test
  void unauthorizedNamesTheVariableAndIsNotRetried() {
    airflow.reply(401, "{\"detail\": \"Invalid token " + TOKEN + "\", \"status\": 401, \"title\": \"Unauthorized\"}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, 401, null,
        "airflow answered 401 Unauthorized: check the token in AIRFLOW_TOKEN"), outcome);
    assertEquals(1, airflow.received().size());
    assertEquals(List.of(), waits.asked);
    assertNoToken(outcome, logs);
  }

  @Test
  void aServerErrorEchoingTheTokenKeepsItOut() {
    String echo = "{\"detail\": \"upstream failed for headers {Authorization=[Bearer " + TOKEN + "]}\"}";
    airflow.reply(502, echo).reply(502, echo).reply(502, echo).reply(502, echo);
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertEquals(502, outcome.httpStatus());
    assertTrue(outcome.message().startsWith("airflow answered 502 Bad Gateway after 4 attempts: upstream failed"),
        outcome.message());
    assertEquals(List.of(1L, 2L, 4L), waits.seconds());
    assertNoToken(outcome, logs);
  }

  @Test
  void aNotFoundDagIsNotRetried() {
    airflow.reply(404, "{\"detail\": \"DAG with dag_id: 'retrain_card_fraud' not found\", \"status\": 404}");
    TriggerOutcome outcome = trigger().send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, 404, null,
        "airflow answered 404 Not Found: DAG with dag_id: 'retrain_card_fraud' not found"), outcome);
    assertEquals(List.of(), waits.asked);
  }

  @Test
  void aClosedPortFailsAfterMaxAttempts() throws IOException {
    int port = FakeReceiver.closedPort();
    TriggerOutcome outcome = trigger("http://127.0.0.1:" + port, "retrain_card_fraud", Duration.ofSeconds(1)).send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertNull(outcome.httpStatus());
    assertTrue(outcome.message().startsWith("airflow not sent: unreachable after 4 attempts: ConnectException"),
        outcome.message());
    assertEquals(List.of(1L, 2L, 4L), waits.seconds());
    assertNoToken(outcome, logs);
  }

  @Test
  void aMissingTokenVariableFailsBeforeSending() {
    Trigger trigger = Triggers.of(spec(new DriftlineConfig.Trigger("airflow", airflow.url().toString(), "d", null, null,
        "AIRFLOW_TOKEN", null, null), Duration.ofSeconds(1)), Map.<String, String>of()::get, waits);
    TriggerOutcome outcome = trigger.send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, null, null,
        "airflow not sent: the environment variable AIRFLOW_TOKEN (trigger.token_env) is not set"), outcome);
    assertEquals(0, airflow.received().size());
  }

  @Test
  void aPayloadThatIsNotAnObjectFails() {
    TriggerOutcome outcome = trigger().send(new TriggerRequest("m", DS, "retrain", "m__2026-03-01", "[1, 2]"));
    assertEquals(Status.FAILED, outcome.status());
    assertEquals("airflow not sent: the payload is not a JSON object", outcome.message());
    assertFalse(airflow.received().size() > 0);
  }
}
