package dev.driftline.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.driftline.jobs.config.TriggerSpec.Kind;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TriggerSpecTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static DriftlineConfig.Trigger yaml(String text) throws IOException {
    return YAML.readValue(text, DriftlineConfig.Trigger.class);
  }

  private static String error(String text) throws IOException {
    DriftlineConfig.Trigger t = yaml(text);
    return assertThrows(ConfigException.class, () -> TriggerSpec.resolve(t)).getMessage();
  }

  @Test
  void noSectionIsNone() {
    assertSame(TriggerSpec.NONE, TriggerSpec.resolve(null));
    assertEquals(Kind.NONE, TriggerSpec.NONE.kind());
  }

  @Test
  void tableAndFileTakeTheirKeysOnly() throws IOException {
    assertEquals(Kind.TABLE, TriggerSpec.resolve(yaml("kind: TABLE")).kind());
    TriggerSpec file = TriggerSpec.resolve(yaml("{kind: file, path: /mnt/markers}"));
    assertEquals(Kind.FILE, file.kind());
    assertEquals("/mnt/markers", file.path());
    assertNull(file.url());
  }

  @Test
  void httpKindsGetTheDefaults() throws IOException {
    TriggerSpec airflow = TriggerSpec.resolve(yaml("""
        kind: airflow
        url: https://airflow.example.com/
        dag_id: retrain_card_fraud
        token_env: AIRFLOW_TOKEN
        """));
    assertEquals(Kind.AIRFLOW, airflow.kind());
    assertEquals(URI.create("https://airflow.example.com"), airflow.url(), "trailing slash dropped");
    assertEquals("retrain_card_fraud", airflow.dagId());
    assertEquals("AIRFLOW_TOKEN", airflow.tokenEnv());
    assertEquals(Duration.ofSeconds(30), airflow.timeout());
    assertEquals(4, airflow.maxAttempts());

    TriggerSpec databricks = TriggerSpec.resolve(yaml("""
        {kind: databricks, url: "https://adb-1.azuredatabricks.net/prefix//", job_id: 123,
         timeout_seconds: 5, max_attempts: 10}
        """));
    assertEquals(URI.create("https://adb-1.azuredatabricks.net/prefix"), databricks.url());
    assertEquals(123L, databricks.jobId());
    assertNull(databricks.tokenEnv());
    assertEquals(Duration.ofSeconds(5), databricks.timeout());
    assertEquals(10, databricks.maxAttempts());

    TriggerSpec hook = TriggerSpec.resolve(yaml("{kind: webhook, url: 'http://hooks.local/x/?a=b', max_attempts: 1}"));
    assertEquals(URI.create("http://hooks.local/x/?a=b"), hook.url(), "a webhook URL is kept as written");
    assertEquals(1, hook.maxAttempts());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{url: 'http://a'}"
          + "| missing required key 'trigger.kind'",
      "{kind: '  '}"
          + "| missing required key 'trigger.kind'",
      "{kind: slack}"
          + "| trigger.kind: 'slack' is not one of table, file, webhook, airflow, databricks",
      "{kind: none}"
          + "| trigger.kind: 'none' is not one of table, file, webhook, airflow, databricks",
      "{kind: webhook}"
          + "| missing required key 'trigger.url'",
      "{kind: airflow, url: 'http://a'}"
          + "| missing required key 'trigger.dag_id'",
      "{kind: databricks, url: 'http://a'}"
          + "| missing required key 'trigger.job_id'",
      "{kind: file}"
          + "| missing required key 'trigger.path'",
      "{kind: table, url: 'http://a'}"
          + "| trigger.url: only for kinds webhook, airflow, databricks",
      "{kind: file, path: /m, token_env: T}"
          + "| trigger.token_env: only for kinds webhook, airflow, databricks",
      "{kind: table, timeout_seconds: 3}"
          + "| trigger.timeout_seconds: only for kinds webhook, airflow, databricks",
      "{kind: file, path: /m, max_attempts: 3}"
          + "| trigger.max_attempts: only for kinds webhook, airflow, databricks",
      "{kind: databricks, url: 'http://a', job_id: 1, dag_id: d}"
          + "| trigger.dag_id: only for kind airflow",
      "{kind: airflow, url: 'http://a', dag_id: d, job_id: 1}"
          + "| trigger.job_id: only for kind databricks",
      "{kind: webhook, url: 'http://a', path: /m}"
          + "| trigger.path: only for kind file",
      "{kind: webhook, url: 'ftp://a/x'}"
          + "| trigger.url: must be an http or https URL, got scheme 'ftp'",
      "{kind: webhook, url: 'hooks.local/x'}"
          + "| trigger.url: must be an http or https URL, got no scheme",
      "{kind: webhook, url: 'http:///x'}"
          + "| trigger.url: has no host",
      "{kind: webhook, url: 'http://a b'}"
          + "| trigger.url: not a valid URL (Illegal character in authority)",
      "{kind: webhook, url: 'https://user:pw@a/x'}"
          + "| trigger.url: must not carry credentials; name the variable holding the token in trigger.token_env",
      "{kind: airflow, url: 'https://a/?x=1', dag_id: d}"
          + "| trigger.url: the base URL of the Airflow webserver, without query or fragment",
      "{kind: databricks, url: 'https://a#f', job_id: 1}"
          + "| trigger.url: the base URL of the Databricks workspace, without query or fragment",
      "{kind: airflow, url: 'http://a', dag_id: 'my dag'}"
          + "| trigger.dag_id: 'my dag' is not a DAG id (letters, digits, '_', '.' and '-', at most 250)",
      "{kind: databricks, url: 'http://a', job_id: 0}"
          + "| trigger.job_id: must be a positive job id, got 0",
      "{kind: webhook, url: 'http://a', token_env: 'MY-TOKEN'}"
          + "| trigger.token_env: not an environment variable name ([A-Za-z_][A-Za-z0-9_]*): name the variable that holds the token, not the token",
      "{kind: webhook, url: 'http://a', token_env: 'dapi0123456789abcdef0123456789abcdef'}"
          + "| trigger.token_env: looks like a Databricks token: name the environment variable that holds it instead",
      "{kind: webhook, url: 'http://a', timeout_seconds: 0}"
          + "| trigger.timeout_seconds: must be between 1 and 300, got 0",
      "{kind: webhook, url: 'http://a', timeout_seconds: 301}"
          + "| trigger.timeout_seconds: must be between 1 and 300, got 301",
      "{kind: webhook, url: 'http://a', max_attempts: 0}"
          + "| trigger.max_attempts: must be between 1 and 10, got 0",
      "{kind: webhook, url: 'http://a', max_attempts: 11}"
          + "| trigger.max_attempts: must be between 1 and 10, got 11",
      "{kind: file, path: \"a\\u0000b\"}"
          + "| trigger.path: 'a\u0000b' is not a path: Nul character not allowed",
  })
  void eachProblemIsOneLineNamingTheKey(String yaml, String message) throws IOException {
    assertEquals(message, error(yaml));
  }

  @Test
  void aPastedTokenIsNotEchoed() throws IOException {
    String pasted = "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo";
    String message = error("{kind: webhook, url: 'http://a', token_env: '" + pasted + "'}");
    assertFalse(message.contains(pasted), message);
  }

  @Test
  void unknownKeysAreRefusedByTheBinder() {
    assertThrows(com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException.class,
        () -> yaml("{kind: webhook, url: 'http://a', headers: {X: y}}"));
  }

  @Test
  void toStringShowsNoUrlPathOrQuery() throws IOException {
    TriggerSpec hook = TriggerSpec.resolve(yaml("{kind: webhook, url: 'https://hooks.slack.com/services/T0/B0/s3cret?k=v'}"));
    assertEquals("TriggerSpec[kind=webhook, url=https://hooks.slack.com/..., timeout=30s, maxAttempts=4]", hook.toString());
  }
}
