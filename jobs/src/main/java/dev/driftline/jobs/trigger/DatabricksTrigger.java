package dev.driftline.jobs.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * Starts a run of a Databricks job through the Jobs API 2.1:
 * {@code POST {url}/api/2.1/jobs/run-now} with
 * {@code {"job_id": <id>, "idempotency_token": "<key>", "job_parameters": {"model": ..., "ds":
 * "yyyy-MM-dd", "decision": ..., "decision_json": "<the decision as a JSON string>"}}}. The job
 * must define these four job parameters (job parameter values are strings).
 *
 * <p>A 2xx is {@code SENT}, its run id the {@code run_id} answered.
 *
 * <p><b>Idempotency.</b> Databricks launches at most one run per {@code idempotency_token}: a
 * request with a token it has seen starts nothing and answers 200 with the existing run's id. The
 * answer does not say which happened, so a rerun of the same model and day is {@code SENT} again
 * with the same run id, and no second run is started; when the run with that token was deleted,
 * Databricks answers an error, which is {@code FAILED}. A 409 (not part of run-now's contract) is
 * taken as {@code ALREADY_SENT}, like the other kinds.
 */
final class DatabricksTrigger implements Trigger {

  private final URI endpoint;
  private final long jobId;
  private final HttpDelivery http;

  DatabricksTrigger(URI baseUrl, long jobId, HttpDelivery http) {
    this.endpoint = URI.create(AirflowTrigger.stripSlashes(baseUrl.toString()) + "/api/2.1/jobs/run-now");
    this.jobId = jobId;
    this.http = http;
  }

  @Override
  public TriggerOutcome send(TriggerRequest request) {
    return http.deliver(request, endpoint, this::body, r -> Map.of(), (r, a, token) -> {
      if (a.status() == 409) {
        String excerpt = HttpDelivery.excerpt(a.body(), token);
        return new TriggerOutcome(Status.ALREADY_SENT, a.status(), null,
            "databricks answered 409 Conflict" + (excerpt.isEmpty() ? "" : ": " + excerpt));
      }
      String runId = HttpDelivery.field(a.body(), "run_id");
      return new TriggerOutcome(Status.SENT, a.status(), runId, runId == null
          ? "databricks accepted a run of job " + jobId + " but answered no run_id"
          : "databricks run " + runId + " of job " + jobId);
    });
  }

  private String body(TriggerRequest request) throws IOException {
    ObjectNode body = HttpDelivery.JSON.createObjectNode();
    body.put("job_id", jobId);
    body.put("idempotency_token", HttpDelivery.key(request));
    ObjectNode parameters = body.putObject("job_parameters");
    parameters.put("model", request.model());
    parameters.put("ds", request.ds().toString());
    parameters.put("decision", request.decision());
    parameters.put("decision_json", request.payloadJson());
    return HttpDelivery.JSON.writeValueAsString(body);
  }

  @Override
  public String toString() {
    return "DatabricksTrigger[" + HttpDelivery.origin(endpoint) + ", job " + jobId + "]";
  }
}
