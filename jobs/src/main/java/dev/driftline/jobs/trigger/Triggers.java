package dev.driftline.jobs.trigger;

import dev.driftline.jobs.config.TriggerSpec;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Builds the {@link Trigger} of a resolved {@code trigger} section.
 *
 * <ul>
 *   <li>not configured ({@link TriggerSpec#NONE}): {@code NOT_CONFIGURED}, nothing is started;
 *   <li>{@code table}: {@code SENT} at once: the decision row is what an orchestrator polls;
 *   <li>{@code file}: {@link FileTrigger}; {@code webhook}: {@link WebhookTrigger};
 *       {@code airflow}: {@link AirflowTrigger}; {@code databricks}: {@link DatabricksTrigger}.
 * </ul>
 *
 * <p>The HTTP kinds read their token from the environment variable named by {@code token_env}
 * at each send, so a token is never held by a trigger, its spec or its {@code toString}. They
 * retry connection errors, timeouts, 5xx and 429 up to {@code max_attempts} with exponential
 * backoff (1 s, 2 s, 4 s, ... capped at 30 s; a 429's or 503's {@code Retry-After} seconds when
 * present, capped too). Retrying a POST is safe because every kind's request is idempotent:
 * an {@code Idempotency-Key} header, a deterministic Airflow {@code dag_run_id}, a Databricks
 * {@code idempotency_token}.
 */
public final class Triggers {

  private static final Logger LOG = LogManager.getLogger(Triggers.class);

  /** Waits between attempts; tests record the waits instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** {@link Thread#sleep}. */
  public static final Sleeper THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

  private Triggers() {}

  /**
   * The trigger of {@code spec}.
   *
   * @param env looks up environment variables ({@code System::getenv} in production)
   */
  public static Trigger of(TriggerSpec spec, Function<String, String> env) {
    return of(spec, env, THREAD_SLEEP);
  }

  /** The same, waiting between attempts with {@code sleeper}. */
  public static Trigger of(TriggerSpec spec, Function<String, String> env, Sleeper sleeper) {
    return of(spec, env, sleeper, Clock.systemUTC());
  }

  static Trigger of(TriggerSpec spec, Function<String, String> env, Sleeper sleeper, Clock clock) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(sleeper, "sleeper");
    Trigger trigger = switch (spec.kind()) {
      case NONE -> new Fixed(Status.NOT_CONFIGURED, "no trigger configured");
      case TABLE -> new Fixed(Status.SENT, "recorded in retrain_decisions");
      case FILE -> new FileTrigger(Path.of(spec.path()));
      case WEBHOOK -> new WebhookTrigger(spec.url(), new HttpDelivery(spec, env, sleeper));
      case AIRFLOW -> new AirflowTrigger(spec.url(), spec.dagId(), new HttpDelivery(spec, env, sleeper), clock);
      case DATABRICKS -> new DatabricksTrigger(spec.url(), spec.jobId(), new HttpDelivery(spec, env, sleeper));
    };
    return new Logged(spec.kind().key(), trigger);
  }

  /** The same outcome for every decision: for no trigger and for the table. */
  private record Fixed(Status status, String message) implements Trigger {
    @Override
    public TriggerOutcome send(TriggerRequest request) {
      return new TriggerOutcome(status, null, null, message);
    }
  }

  /**
   * Logs each outcome and keeps the promise of {@link Trigger}: a failure is an outcome, never
   * an exception. An unexpected exception is reported by its class only, as its message could
   * hold anything.
   */
  private record Logged(String kind, Trigger inner) implements Trigger {
    @Override
    public TriggerOutcome send(TriggerRequest request) {
      TriggerOutcome outcome;
      try {
        outcome = inner.send(request);
      } catch (RuntimeException e) {
        outcome = new TriggerOutcome(Status.FAILED, null, null,
            kind + " not sent: unexpected " + e.getClass().getSimpleName());
      }
      String model = request == null ? "?" : request.model();
      String ds = request == null ? "?" : String.valueOf(request.ds());
      if (outcome.status() == Status.FAILED) {
        LOG.warn("trigger {} for {} {}: {}: {}", kind, model, ds, outcome.status().key(), outcome.message());
      } else if (outcome.status() != Status.NOT_CONFIGURED) {
        LOG.info("trigger {} for {} {}: {}: {}", kind, model, ds, outcome.status().key(), outcome.message());
      }
      return outcome;
    }

    @Override
    public String toString() {
      return inner.toString();
    }
  }
}
