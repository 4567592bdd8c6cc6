package dev.driftline.jobs.trigger;

import static dev.driftline.jobs.trigger.TriggerFixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.config.TriggerSpec;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggersTest {

  @Test
  void noSectionIsNotConfigured() {
    TriggerOutcome outcome = Triggers.of(TriggerSpec.NONE, Map.<String, String>of()::get).send(request());
    assertEquals(new TriggerOutcome(Status.NOT_CONFIGURED, null, null, "no trigger configured"), outcome);
  }

  @Test
  void theTableIsTheTrigger() {
    TriggerSpec spec = TriggerSpec.resolve(new DriftlineConfig.Trigger("table", null, null, null, null, null, null, null));
    TriggerOutcome outcome = Triggers.of(spec, Map.<String, String>of()::get).send(request());
    assertEquals(new TriggerOutcome(Status.SENT, null, null, "recorded in retrain_decisions"), outcome);
  }

  @Test
  void backoffDoublesFromOneSecondUpTo30() {
    assertEquals(Duration.ofSeconds(1), HttpDelivery.backoff(1));
    assertEquals(Duration.ofSeconds(2), HttpDelivery.backoff(2));
    assertEquals(Duration.ofSeconds(16), HttpDelivery.backoff(5));
    assertEquals(Duration.ofSeconds(30), HttpDelivery.backoff(6));
    assertEquals(Duration.ofSeconds(30), HttpDelivery.backoff(60));
  }

  @Test
  void excerptsMaskCredentials() {
    assertEquals("auth failed for Bearer *** and token=***",
        HttpDelivery.excerpt("auth failed for Bearer abcdefgh12345 and token=zzz", null));
    assertEquals("echo *** end", HttpDelivery.excerpt("echo s3cr3t-value end", "s3cr3t-value"));
    assertEquals("PERMISSION_DENIED: no", HttpDelivery.excerpt("{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"no\"}", null));
    assertEquals("", HttpDelivery.excerpt("  \n ", null));
  }

  @Test
  void aMissingRequestIsAFailedOutcome() {
    assertEquals(Status.NOT_CONFIGURED, Triggers.of(TriggerSpec.NONE, Map.<String, String>of()::get).send(null).status());
    TriggerSpec hook = new TriggerSpec(TriggerSpec.Kind.WEBHOOK, java.net.URI.create("http://127.0.0.1:9"), null, null, null,
        null, Duration.ofSeconds(1), 1);
    assertEquals(new TriggerOutcome(Status.FAILED, null, null, "webhook not sent: the request lacks a model, day or payload"),
        Triggers.of(hook, Map.<String, String>of()::get).send(null));
  }
}
