package dev.driftline.jobs.trigger;

import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.net.URI;
import java.util.Map;

/**
 * POSTs the decision ({@link TriggerRequest#payloadJson()}, as is) to a URL with
 * {@code Content-Type: application/json}, {@code Idempotency-Key: <key>} and, when
 * {@code token_env} is set, {@code Authorization: Bearer <token>}.
 *
 * <p>A 2xx is {@code SENT}; a 409 is {@code ALREADY_SENT} (the receiver has the key); anything else
 * is {@code FAILED}. The receiver should deduplicate on the key: retries and reruns of the same
 * model and day send the same one.
 */
final class WebhookTrigger implements Trigger {

  private final URI url;
  private final HttpDelivery http;

  WebhookTrigger(URI url, HttpDelivery http) {
    this.url = url;
    this.http = http;
  }

  @Override
  public TriggerOutcome send(TriggerRequest request) {
    return http.deliver(request, url, TriggerRequest::payloadJson, r -> Map.of("Idempotency-Key", HttpDelivery.key(r)),
        (r, a, token) -> a.status() == 409
            ? new TriggerOutcome(Status.ALREADY_SENT, a.status(), null,
                "webhook answered 409 Conflict: key " + HttpDelivery.key(r) + " already received")
            : new TriggerOutcome(Status.SENT, a.status(), null, "webhook answered " + HttpDelivery.status(a.status())));
  }

  /** The host only: a webhook URL may carry a secret. */
  @Override
  public String toString() {
    return "WebhookTrigger[" + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "]";
  }
}
