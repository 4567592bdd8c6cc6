package dev.driftline.jobs.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.driftline.jobs.config.DriftlineConfig;
import dev.driftline.jobs.config.TriggerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** What the trigger tests share: a token easy to spot, requests, specs, waits and logs recorded. */
final class TriggerFixtures {

  static final String TOKEN = "tok-SECRET-5up3r-s3cr3t-7f3a9c";
  static final ObjectMapper JSON = new ObjectMapper();
  static final LocalDate DS = LocalDate.of(2026, 3, 1);

  private TriggerFixtures() {}

  static TriggerRequest request(String model, String key) {
    ObjectNode payload = JSON.createObjectNode().put("model", model).put("ds", DS.toString()).put("decision", "retrain");
    payload.putArray("reasons").addObject().put("rule", "performance").put("sentence", "auc fell to 0.81");
    payload.putArray("evidence").add("inc-1");
    return new TriggerRequest(model, DS, "retrain", key, payload.toString());
  }

  static TriggerRequest request() {
    return request("card-fraud", "card-fraud__2026-03-01");
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resolved section with a shorter timeout than configs allow, so tests stay fast. */
  static TriggerSpec spec(DriftlineConfig.Trigger t, Duration timeout) {
    TriggerSpec s = TriggerSpec.resolve(t);
    return new TriggerSpec(s.kind(), s.url(), s.dagId(), s.jobId(), s.path(), s.tokenEnv(), timeout, s.maxAttempts());
  }

  static Map<String, String> env(String name) {
    return Map.of(name, TOKEN);
  }

  /** Records the waits asked for instead of waiting. */
  static final class Waits implements Triggers.Sleeper {
    final List<Duration> asked = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void sleep(Duration duration) {
      asked.add(duration);
    }

    List<Long> seconds() {
      synchronized (asked) {
        return asked.stream().map(Duration::toSeconds).toList();
      }
    }
  }

  /** Everything logged under dev.driftline.jobs.trigger while open. */
  static final class Logs implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final org.apache.logging.log4j.core.Logger logger;
    private final AbstractAppender appender;

    Logs() {
      LoggerContext context = (LoggerContext) LogManager.getContext(false);
      logger = context.getLogger("dev.driftline.jobs.trigger");
      appender = new AbstractAppender("trigger-test-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
          StringBuilder line = new StringBuilder(event.getMessage().getFormattedMessage());
          for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
            line.append(" | ").append(t);
          }
          lines.add(line.toString());
        }
      };
      appender.start();
      logger.addAppender(appender);
    }

    @Override
    public void close() {
      logger.removeAppender(appender);
      appender.stop();
    }
  }

  /** The token is in no field of the outcome, no log line and no toString. */
  static void assertNoToken(TriggerOutcome outcome, Logs logs, Object... others) {
    assertFalse(String.valueOf(outcome).contains(TOKEN), "token in the outcome: " + outcome);
    assertFalse(String.valueOf(outcome).contains("5up3r"), "part of the token in the outcome: " + outcome);
    for (String line : logs.lines) {
      assertFalse(line.contains(TOKEN) || line.contains("5up3r"), "token in a log line: " + line);
    }
    for (Object other : others) {
      assertFalse(String.valueOf(other).contains(TOKEN), "token in " + other);
    }
  }
}
