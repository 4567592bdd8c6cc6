package dev.driftline.jobs.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Starts a DAG run through Airflow 2's stable REST API:
 * {@code POST {url}/api/v1/dags/{dag_id}/dagRuns} with
 * {@code {"dag_run_id": "driftline__<key>", "logical_date": "...", "conf": <the decision>}}.
 *
 * <p>A 2xx is {@code SENT}, its run id the {@code dag_run_id} Airflow answers (or the one sent). A
 * 409 is {@code ALREADY_SENT}: the {@code dag_run_id} is the same for every rerun of a model's day,
 * so Airflow refuses the second run. Airflow 2.2 or later ({@code logical_date} replaced
 * {@code execution_date} there).
 *
 * <p><b>The logical date.</b> Airflow 2 keeps one run per DAG and logical date: a second run at a
 * taken logical date is refused with 409 ("DAGRun with DAG ID ... and DAGRun logical date ...
 * already exists"), whatever its {@code dag_run_id}. With {@code <ds>T00:00:00+00:00} for every
 * model, the second model sharing a DAG would be refused on the same day and taken for already
 * sent, and so would every decision for a DAG that also runs on a midnight schedule (its
 * scheduled run holds that logical date). The logical date is therefore
 * {@code ds} plus a microsecond offset within the day derived from the key (SHA-256, so it is the
 * same on every rerun and models' offsets differ; two keys meet with a chance of about 1 in 8.6e10)
 * and stays on {@code ds} in UTC, so the DAG's {@code {{ ds }}} is the decision's day. When that
 * instant is still in the future (a decision for today), the current time is sent instead:
 * Airflow holds back tasks whose logical date is ahead of now; a rerun then sends another
 * logical date but the same {@code dag_run_id}, which Airflow refuses with 409 all the same.
 */
final class AirflowTrigger implements Trigger {

  static final String RUN_ID_PREFIX = "driftline__";
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final DateTimeFormatter LOGICAL_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final URI endpoint;
  private final String dagId;
  private final HttpDelivery http;
  private final Clock clock;

  AirflowTrigger(URI baseUrl, String dagId, HttpDelivery http, Clock clock) {
    this.dagId = dagId;
    this.endpoint = URI.create(stripSlashes(baseUrl.toString()) + "/api/v1/dags/"
        + URLEncoder.encode(dagId, StandardCharsets.UTF_8).replace("+", "%20") + "/dagRuns");
    this.http = http;
    this.clock = clock;
  }

  static String stripSlashes(String url) {
    String s = url;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  @Override
  public TriggerOutcome send(TriggerRequest request) {
    return http.deliver(request, endpoint, this::body, r -> Map.of(), (r, a, token) -> {
      String runId = runId(r);
      if (a.status() == 409) {
        String excerpt = HttpDelivery.excerpt(a.body(), token);
        return new TriggerOutcome(Status.ALREADY_SENT, a.status(), runId, "airflow already has dag run " + runId
            + " of " + dagId + " (409)" + (excerpt.isEmpty() ? "" : ": " + excerpt));
      }
      String answered = HttpDelivery.field(a.body(), "dag_run_id");
      String id = answered == null ? runId : answered;
      return new TriggerOutcome(Status.SENT, a.status(), id, "airflow queued dag run " + id + " of " + dagId);
    });
  }

  private static String runId(TriggerRequest request) {
    return RUN_ID_PREFIX + HttpDelivery.key(request);
  }

  private String body(TriggerRequest request) throws HttpDelivery.Stop, IOException {
    ObjectNode body = HttpDelivery.JSON.createObjectNode();
    body.put("dag_run_id", runId(request));
    body.put("logical_date", logicalDate(request.ds(), HttpDelivery.key(request), clock.instant()));
    body.set("conf", http.payload(request));
    return HttpDelivery.JSON.writeValueAsString(body);
  }

  /**
   * {@code ds} plus the key's offset within the day, in microseconds, as Airflow reads it
   * ({@code 2026-03-01T13:24:05.123456+00:00}); {@code now} when that is later than now.
   */
  static String logicalDate(LocalDate ds, String key, Instant now) {
    long offset = Long.remainderUnsigned(ByteBuffer.wrap(sha256(key)).getLong(), MICROS_PER_DAY);
    Instant at = ds.atStartOfDay(ZoneOffset.UTC).toInstant().plus(offset, ChronoUnit.MICROS);
    Instant latest = now.truncatedTo(ChronoUnit.MICROS);
    return LOGICAL_DATE.format(at.isAfter(latest) ? latest : at);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "AirflowTrigger[" + HttpDelivery.origin(endpoint) + ", dag " + dagId + "]";
  }
}
