package dev.driftline.jobs.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.driftline.jobs.config.TriggerSpec;
import dev.driftline.jobs.trigger.TriggerOutcome.Status;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One receiver's HTTP exchanges: the token from the environment, timeouts, retries with
 * backoff, and one-line messages free of credentials.
 *
 * <p>Messages never hold the token, a request header or the URL (a webhook URL may carry a
 * secret): they name the kind, the status and an excerpt of the answer's body, in which the
 * token and anything that looks like a credential are masked.
 */
final class HttpDelivery {

  private static final Logger LOG = LogManager.getLogger(HttpDelivery.class);
  static final ObjectMapper JSON = new ObjectMapper();

  static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  static final int MAX_EXCERPT = 200;

  /** A credential after an auth scheme ("Bearer x") or a key ("token: x", "password=x"). */
  private static final Pattern SCHEME_CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)(\\s+)[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern KEYED_CREDENTIAL = Pattern.compile(
      "(?i)\\b((?:access_|api_|auth_)?token|api_?key|secret|password)(\"?\\s*[:=]\\s*\"?)[^\\s\"',;}]+");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  final String kind;
  private final String tokenEnv;
  private final Function<String, String> env;
  private final Duration timeout;
  private final int maxAttempts;
  private final Triggers.Sleeper sleeper;
  private final HttpClient client;

  HttpDelivery(TriggerSpec spec, Function<String, String> env, Triggers.Sleeper sleeper) {
    this.kind = spec.kind().key();
    this.tokenEnv = spec.tokenEnv();
    this.env = env;
    this.timeout = spec.timeout();
    this.maxAttempts = spec.maxAttempts();
    this.sleeper = sleeper;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .proxy(ProxySelector.getDefault())
        .build();
  }

  /** The last answer of a delivery and how many attempts it took. */
  record Answer(int status, String body, int attempts) {}

  /** Ends a delivery with an outcome before there is an answer to interpret. */
  static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final transient TriggerOutcome outcome;

    Stop(TriggerOutcome outcome) {
      super(outcome.message(), null, false, false);
      this.outcome = outcome;
    }
  }

  Stop stop(String message) {
    return new Stop(new TriggerOutcome(Status.FAILED, null, null, kind + " not sent: " + message));
  }

  /** The token named by token_env, null when none is configured. */
  String token() throws Stop {
    if (tokenEnv == null) {
      return null;
    }
    String value = env.apply(tokenEnv);
    if (value == null || value.isBlank()) {
      throw stop("the environment variable " + tokenEnv + " (trigger.token_env) is not set");
    }
    value = value.strip();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw stop("the token in " + tokenEnv + " holds characters an HTTP header cannot carry");
      }
    }
    return value;
  }

  /** A text field of a JSON answer, null when the body is not JSON or lacks it. */
  static String field(String body, String name) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.hasNonNull(name) ? node.get(name).asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Scheme, host and port only: a path or query may carry a secret. */
  static String origin(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * The request's idempotency key as receivers take it: at most 64 of [A-Za-z0-9_-]. A key
   * outside that (which {@link TriggerRequest} rules out) becomes its SHA-256, so it stays stable.
   */
  static String key(TriggerRequest r) {
    String key = r.idempotencyKey();
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("no idempotency key");
    }
    return KEY.matcher(key).matches() ? key : sha256Hex(key);
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Checks the request fields every kind needs; a problem ends the delivery. */
  void check(TriggerRequest r) throws Stop {
    if (r == null || r.model() == null || r.ds() == null || r.payloadJson() == null) {
      throw stop("the request lacks a model, day or payload");
    }
    if (r.idempotencyKey() == null || r.idempotencyKey().isBlank()) {
      throw stop("the request has no idempotency key");
    }
  }

  /** The payload as a JSON object. */
  JsonNode payload(TriggerRequest r) throws Stop {
    try {
      JsonNode node = JSON.readTree(r.payloadJson());
      if (node == null || !node.isObject()) {
        throw stop("the payload is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw stop("the payload is not valid JSON");
    }
  }

  /**
   * POSTs {@code body} as JSON, retrying connection errors, timeouts, 5xx and 429 up to
   * max_attempts. Returns the last answer (which may be a 5xx after the last attempt); ends with
   * a {@link Stop} when no attempt got an answer.
   */
  Answer post(URI uri, String body, String token, Map<String, String> headers) throws Stop {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      String what;
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (!retryable(status) || attempt >= maxAttempts) {
          return new Answer(status, response.body() == null ? "" : response.body(), attempt);
        }
        wait = retryAfter(response).orElse(backoff(attempt));
        what = "answered " + status(status);
      } catch (IOException e) {
        what = describe(e, token);
        if (attempt >= maxAttempts) {
          throw stop((e instanceof HttpTimeoutException ? "no answer" : "unreachable") + " after "
              + attempts(attempt) + ": " + what);
        }
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stop("interrupted");
      }
      LOG.warn("{} attempt {}/{} {}; retrying in {} s", kind, attempt, maxAttempts, what, wait.toSeconds());
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw stop("interrupted after " + attempts(attempt) + ": " + what);
      }
    }
  }

  static boolean retryable(int status) {
    return status == 429 || status >= 500;
  }

  /** 1 s, 2 s, 4 s, ... after the first, second, third failed attempt, at most 30 s. */
  static Duration backoff(int attempt) {
    long seconds = BASE_BACKOFF.toSeconds() << Math.min(attempt - 1, 20);
    return Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds()));
  }

  /** A Retry-After in seconds, capped at 30 s; an HTTP date or garbage is ignored. */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty() || !value.get().strip().matches("\\d{1,9}")) {
      return Optional.empty();
    }
    long seconds = Long.parseLong(value.get().strip());
    return Optional.of(Duration.ofSeconds(Math.min(seconds, MAX_WAIT.toSeconds())));
  }

  /** The JSON body a kind sends for a request. */
  @FunctionalInterface
  interface Body {
    String of(TriggerRequest r) throws Stop, IOException;
  }

  /** How a kind reads a 2xx or a 409 answer to a request. */
  @FunctionalInterface
  interface Reading {
    TriggerOutcome of(TriggerRequest r, Answer a, String token);
  }

  /**
   * What every HTTP kind does: check the request, build its body, read the token, post (with
   * retries), read a 2xx or 409 answer as the kind says and any other as {@link #refused}; an
   * unexpected failure is {@link #crashed}, its message masked.
   */
  TriggerOutcome deliver(TriggerRequest r, URI uri, Body body, Function<TriggerRequest, Map<String, String>> headers,
      Reading reading) {
    String token = null;
    try {
      check(r);
      String json = body.of(r);
      token = token();
      Answer a = post(uri, json, token, headers.apply(r));
      boolean read = a.status() >= 200 && a.status() < 300 || a.status() == 409;
      return read ? reading.of(r, a, token) : refused(a, token);
    } catch (Stop stop) {
      return stop.outcome;
    } catch (IOException e) {
      return crashed(new IllegalStateException(e), token);
    } catch (RuntimeException e) {
      return crashed(e, token);
    }
  }

  /**
   * The outcome of an answer that is neither success nor already-sent: 401 and 403 name the
   * variable whose token to check; others give the status and an excerpt of the body.
   */
  TriggerOutcome refused(Answer a, String token) {
    String after = a.attempts() > 1 ? " after " + attempts(a.attempts()) : "";
    String message;
    if (a.status() == 401 || a.status() == 403) {
      message = kind + " answered " + status(a.status()) + ": "
          + (tokenEnv == null ? "no token is configured (trigger.token_env)" : "check the token in " + tokenEnv);
    } else {
      String excerpt = excerpt(a.body(), token);
      message = kind + " answered " + status(a.status()) + after + (excerpt.isEmpty() ? "" : ": " + excerpt);
    }
    return new TriggerOutcome(Status.FAILED, a.status(), null, message);
  }

  /** An unexpected exception as a FAILED outcome, its message masked. */
  TriggerOutcome crashed(RuntimeException e, String token) {
    return new TriggerOutcome(Status.FAILED, null, null, kind + " not sent: " + describe(e, token));
  }

  /**
   * At most 200 characters of an answer's body on one line: the {@code message}, {@code detail}
   * or {@code error_code} of a JSON error when there is one, the text otherwise; the token and
   * credentials after {@code Bearer}, {@code Basic}, {@code token:} and the like masked.
   */
  static String excerpt(String body, String token) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String text = body;
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.isObject()) {
        String code = node.path("error_code").asText("");
        String detail = node.hasNonNull("message") ? node.get("message").asText()
            : node.hasNonNull("detail") ? node.get("detail").asText() : "";
        if (!code.isEmpty() || !detail.isEmpty()) {
          text = code.isEmpty() ? detail : detail.isEmpty() ? code : code + ": " + detail;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: the text itself.
    }
    return oneLine(mask(text, token), MAX_EXCERPT);
  }

  static String mask(String text, String token) {
    String masked = text;
    if (token != null && !token.isEmpty()) {
      masked = masked.replace(token, "***");
    }
    masked = SCHEME_CREDENTIAL.matcher(masked).replaceAll("$1$2***");
    return KEYED_CREDENTIAL.matcher(masked).replaceAll("$1$2***");
  }

  static String oneLine(String text, int max) {
    String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    return line.length() <= max ? line : line.substring(0, max - 3) + "...";
  }

  /** An exception as "Class (message)", the message masked and short; the cause's when it has none. */
  static String describe(Throwable e, String token) {
    String message = null;
    for (Throwable t = e; t != null && message == null; t = t.getCause()) {
      message = t.getMessage();
    }
    String name = e instanceof HttpConnectTimeoutException ? "connect timeout"
        : e instanceof HttpTimeoutException ? "timeout" : e.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + " (" + oneLine(mask(message, token), 120) + ")";
  }

  private static String attempts(int n) {
    return n + (n == 1 ? " attempt" : " attempts");
  }

  static String status(int code) {
    String reason = switch (code) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 202 -> "Accepted";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Entity";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
    return reason.isEmpty() ? String.valueOf(code) : code + " " + reason;
  }
}
