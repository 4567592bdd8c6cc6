package dev.driftline.jobs.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code trigger} section, resolved: how a retrain decision reaches the team's pipeline.
 *
 * <ul>
 *   <li>{@code table}: the decision row in {@code retrain_decisions} is the trigger (an
 *       orchestrator polls the table); no other key.
 *   <li>{@code file}: a JSON marker per model and day under {@code path}.
 *   <li>{@code webhook}: a POST of the decision to {@code url}.
 *   <li>{@code airflow}: a DAG run of {@code dag_id} through the Airflow 2 REST API at {@code url}.
 *   <li>{@code databricks}: a run of {@code job_id} through the Jobs API 2.1 at {@code url}.
 * </ul>
 *
 * <p>The HTTP kinds also take {@code token_env} (the name of the environment variable holding a
 * bearer token: the config never holds the token), {@code timeout_seconds} (connect and request
 * timeout, default 30) and {@code max_attempts} (default 4). A key that does not belong to the
 * kind is an error rather than silently ignored. Without a section the trigger is {@link #NONE}.
 *
 * @param url the receiver's URL; for airflow and databricks the base URL, without trailing slash
 * @param path the marker folder of kind file, as written in the config
 * @param tokenEnv the environment variable's name, null when requests go without a token
 */
public record TriggerSpec(Kind kind, URI url, String dagId, Long jobId, String path, String tokenEnv,
    Duration timeout, int maxAttempts) {

  public static final int DEFAULT_TIMEOUT_SECONDS = 30;
  public static final int MAX_TIMEOUT_SECONDS = 300;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final int MAX_ATTEMPTS = 10;

  /** No trigger section: decisions are recorded, nothing is started. */
  public static final TriggerSpec NONE = new TriggerSpec(Kind.NONE, null, null, null, null, null,
      Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS), DEFAULT_MAX_ATTEMPTS);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** A Databricks personal access token: what lands in token_env when the token is pasted there. */
  private static final Pattern DATABRICKS_TOKEN = Pattern.compile("dapi[0-9a-f]{32}.*");
  /** Airflow's DAG id rule (KEY_REGEX), at most 250 characters. */
  private static final Pattern DAG_ID = Pattern.compile("[\\w.-]{1,250}", Pattern.UNICODE_CHARACTER_CLASS);

  public enum Kind {
    /** Not configured. Not a value of {@code trigger.kind}. */
    NONE,
    TABLE, FILE, WEBHOOK, AIRFLOW, DATABRICKS;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the kind delivers over HTTP (and takes url, token_env, timeout_seconds, max_attempts). */
    public boolean http() {
      return this == WEBHOOK || this == AIRFLOW || this == DATABRICKS;
    }
  }

  public TriggerSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
  }

  public static TriggerSpec resolve(DriftlineConfig.Trigger t) {
    if (t == null) {
      return NONE;
    }
    String kindText = ConfigLoader.required(t.kind(), "trigger.kind").strip().toLowerCase(Locale.ROOT);
    Kind kind = switch (kindText) {
      case "table" -> Kind.TABLE;
      case "file" -> Kind.FILE;
      case "webhook" -> Kind.WEBHOOK;
      case "airflow" -> Kind.AIRFLOW;
      case "databricks" -> Kind.DATABRICKS;
      default -> throw new ConfigException("trigger.kind: '" + t.kind()
          + "' is not one of table, file, webhook, airflow, databricks");
    };
    String httpKinds = "only for kinds webhook, airflow, databricks";
    onlyFor(t.url(), "url", kind.http(), httpKinds);
    onlyFor(t.tokenEnv(), "token_env", kind.http(), httpKinds);
    onlyFor(t.timeoutSeconds(), "timeout_seconds", kind.http(), httpKinds);
    onlyFor(t.maxAttempts(), "max_attempts", kind.http(), httpKinds);
    onlyFor(t.dagId(), "dag_id", kind == Kind.AIRFLOW, "only for kind airflow");
    onlyFor(t.jobId(), "job_id", kind == Kind.DATABRICKS, "only for kind databricks");
    onlyFor(t.path(), "path", kind == Kind.FILE, "only for kind file");

    URI url = kind.http() ? url(ConfigLoader.required(t.url(), "trigger.url"), kind) : null;
    String dagId = null;
    if (kind == Kind.AIRFLOW) {
      dagId = ConfigLoader.required(t.dagId(), "trigger.dag_id").strip();
      if (!DAG_ID.matcher(dagId).matches()) {
        throw new ConfigException("trigger.dag_id: '" + dagId
            + "' is not a DAG id (letters, digits, '_', '.' and '-', at most 250)");
      }
    }
    Long jobId = null;
    if (kind == Kind.DATABRICKS) {
      jobId = ConfigLoader.required(t.jobId(), "trigger.job_id");
      if (jobId < 1) {
        throw new ConfigException("trigger.job_id: must be a positive job id, got " + jobId);
      }
    }
    String path = null;
    if (kind == Kind.FILE) {
      path = ConfigLoader.required(t.path(), "trigger.path").strip();
      try {
        Path.of(path);
      } catch (InvalidPathException e) {
        throw new ConfigException("trigger.path: '" + path + "' is not a path: " + e.getReason());
      }
    }
    String tokenEnv = t.tokenEnv() == null ? null : tokenEnv(t.tokenEnv().strip());
    int timeout = between(t.timeoutSeconds(), DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, "trigger.timeout_seconds");
    int attempts = between(t.maxAttempts(), DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS, "trigger.max_attempts");
    return new TriggerSpec(kind, url, dagId, jobId, path, tokenEnv, Duration.ofSeconds(timeout), attempts);
  }

  private static void onlyFor(Object value, String key, boolean belongs, String which) {
    if (value != null && !belongs) {
      throw new ConfigException("trigger." + key + ": " + which);
    }
  }

  /**
   * An http(s) URL with a host and no user info. The value is not echoed: webhook URLs often
   * carry a secret in their path or query.
   */
  private static URI url(String text, Kind kind) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new ConfigException("trigger.url: not a valid URL (" + e.getReason() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new ConfigException("trigger.url: must be an http or https URL, got "
          + (scheme.isEmpty() ? "no scheme" : "scheme '" + scheme + "'"));
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new ConfigException("trigger.url: has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ConfigException("trigger.url: must not carry credentials; name the variable holding the token in trigger.token_env");
    }
    if (kind == Kind.WEBHOOK) {
      return uri;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ConfigException("trigger.url: the base URL of the " + (kind == Kind.AIRFLOW ? "Airflow webserver"
          : "Databricks workspace") + ", without query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return URI.create(scheme + "://" + uri.getRawAuthority() + path);
  }

  /** The value is echoed only when it is a variable name: a pasted token must not reach the logs. */
  private static String tokenEnv(String name) {
    if (!ENV_NAME.matcher(name).matches()) {
      throw new ConfigException("trigger.token_env: not an environment variable name ([A-Za-z_][A-Za-z0-9_]*):"
          + " name the variable that holds the token, not the token");
    }
    if (DATABRICKS_TOKEN.matcher(name).matches()) {
      throw new ConfigException("trigger.token_env: looks like a Databricks token: name the environment variable"
          + " that holds it instead");
    }
    return name;
  }

  private static int between(Integer value, int fallback, int max, String key) {
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > max) {
      throw new ConfigException(key + ": must be between 1 and " + max + ", got " + value);
    }
    return value;
  }

  /** Shows the URL's scheme and host only: a webhook URL may carry a secret in its path or query. */
  @Override
  public String toString() {
    return "TriggerSpec[kind=" + kind.key() + (url == null ? "" : ", url=" + url.getScheme() + "://" + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/...")
        + (dagId == null ? "" : ", dagId=" + dagId) + (jobId == null ? "" : ", jobId=" + jobId)
        + (path == null ? "" : ", path=" + path) + (tokenEnv == null ? "" : ", tokenEnv=" + tokenEnv)
        + ", timeout=" + timeout.toSeconds() + "s, maxAttempts=" + maxAttempts + "]";
  }
}
