package dev.driftline.jobs.trigger;

import static dev.driftline.jobs.trigger.TriggerFixtures.TOKEN;
import static dev.driftline.jobs.trigger.TriggerFixtures.assertNoToken;
import static dev.driftline.jobs.trigger.TriggerFixtures.env;
import static dev.driftline.jobs.trigger.TriggerFixtures.json;
import static dev.driftline.jobs.trigger.TriggerFixtures.request;
import static dev.driftline.jobs.trigger.TriggerFixtures.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.trigger.FakeReceiver.Received;
import dev.driftline.jobs.trigger.TriggerFixtures.Logs;
import dev.driftline.jobs.trigger.TriggerFixtures.Waits;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TriggerWebhookTest {

  private FakeReceiver hook;
  private Logs logs;
  private final Waits waits = new Waits();

  @BeforeEach
  void start() throws IOException {
    hook = new FakeReceiver();
    logs = new Logs();
  }

  @AfterEach
  void stop() {
    logs.close();
    hook.close();
  }

  private Trigger trigger(String url, String tokenEnv) {
    return Triggers.of(spec(new DriftlineConfig.Trigger("webhook", url, null, null, null, tokenEnv, null, null),
        Duration.ofSeconds(2)), env("HOOK_TOKEN")::get, waits);
  }

  @Test
  void postsTheDecisionWithItsKey() {
    hook.reply(202, "");
    TriggerRequest request = request();
    Trigger trigger = trigger(hook.url() + "/hooks/retrain?team=fraud", "HOOK_TOKEN");
    TriggerOutcome outcome = trigger.send(request);

    assertEquals(new TriggerOutcome(Status.SENT, 202, null, "webhook answered 202 Accepted"), outcome);
    Received r = hook.received().get(0);
    assertEquals("POST", r.method());
    assertEquals("/hooks/retrain", r.rawPath());
    assertEquals("team=fraud", r.rawQuery());
    assertEquals("Bearer " + TOKEN, r.header("Authorization"));
    assertEquals("application/json", r.header("Content-Type"));
    assertEquals("card-fraud__2026-03-01", r.header("Idempotency-Key"));
    assertEquals(request.payloadJson(), r.body(), "the decision as is");
    assertEquals("retrain", json(r.body()).get("decision").asText());
    assertNoToken(outcome, logs, trigger);
  }

  @Test
  void withoutTokenEnvNoAuthorizationIsSent() {
    hook.reply(200, "{\"ok\": true}");
    TriggerOutcome outcome = trigger(hook.url().toString(), null).send(request());
    assertEquals(Status.SENT, outcome.status());
    assertNull(hook.received().get(0).header("Authorization"));
  }

  @Test
  void aConflictIsAlreadySent() {
    hook.reply(409, "{\"message\": \"duplicate\"}");
    TriggerOutcome outcome = trigger(hook.url().toString(), "HOOK_TOKEN").send(request());
    assertEquals(Status.ALREADY_SENT, outcome.status());
    assertEquals(409, outcome.httpStatus());
    assertEquals(1, hook.received().size());
  }

  @Test
  void unauthorizedWithoutTokenEnvSaysSo() {
    hook.reply(401, "");
    TriggerOutcome outcome = trigger(hook.url().toString(), null).send(request());
    assertEquals("webhook answered 401 Unauthorized: no token is configured (trigger.token_env)", outcome.message());
  }

  @Test
  void aLongBodyIsCutToOneShortLine() {
    String page = "<html>\n<body>\n" + "Service down for maintenance. ".repeat(30) + "\n</body></html>";
    hook.reply(500, page).reply(500, page);
    Trigger trigger = Triggers.of(new dev.driftline.jobs.config.TriggerSpec(dev.driftline.jobs.config.TriggerSpec.Kind.WEBHOOK,
        hook.url(), null, null, null, null, Duration.ofSeconds(2), 2), Map.<String, String>of()::get, waits);
    TriggerOutcome outcome = trigger.send(request());
    assertEquals(Status.FAILED, outcome.status());
    String prefix = "webhook answered 500 Internal Server Error after 2 attempts: ";
    assertTrue(outcome.message().startsWith(prefix + "<html> <body> Service down"), outcome.message());
    assertTrue(outcome.message().length() <= prefix.length() + 200, outcome.message());
    assertFalse(outcome.message().contains("\n"));
    assertTrue(outcome.message().endsWith("..."));
  }

  @Test
  void aRedirectIsNotFollowed() {
    hook.reply(302, "", "Location", "http://127.0.0.1:1/elsewhere");
    TriggerOutcome outcome = trigger(hook.url().toString(), "HOOK_TOKEN").send(request());
    assertEquals(new TriggerOutcome(Status.FAILED, 302, null, "webhook answered 302 Found"), outcome);
    assertEquals(1, hook.received().size());
  }

  @Test
  void theUrlAndItsSecretStayOutOfMessages() throws IOException {
    String url = "http://127.0.0.1:" + FakeReceiver.closedPort() + "/hooks/T000/B000/XXXXsecretXXXX";
    Trigger trigger = trigger(url, "HOOK_TOKEN");
    TriggerOutcome outcome = trigger.send(request());
    assertEquals(Status.FAILED, outcome.status());
    assertFalse(outcome.message().contains("XXXXsecretXXXX"), outcome.message());
    assertFalse(trigger.toString().contains("XXXXsecretXXXX"), trigger.toString());
    assertFalse(spec(new DriftlineConfig.Trigger("webhook", url, null, null, null, null, null, null), Duration.ofSeconds(1))
        .toString().contains("XXXXsecretXXXX"));
    assertTrue(logs.lines.stream().noneMatch(l -> l.contains("XXXXsecretXXXX")), logs.lines.toString());
    assertEquals(List.of(1L, 2L, 4L), waits.seconds());
  }

  @Test
  void aTokenThatCannotBeAHeaderFailsWithoutEchoingIt() {
    Trigger trigger = Triggers.of(spec(new DriftlineConfig.Trigger("webhook", hook.url().toString(), null, null, null,
        "HOOK_TOKEN", null, null), Duration.ofSeconds(1)), Map.of("HOOK_TOKEN", TOKEN + "\r\nX-Evil: 1")::get, waits);
    TriggerOutcome outcome = trigger.send(request());
    assertEquals("webhook not sent: the token in HOOK_TOKEN holds characters an HTTP header cannot carry", outcome.message());
    assertEquals(0, hook.received().size());
    assertNoToken(outcome, logs);
  }
}
