package dev.driftline.tests.performance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.driftline.jobs.NightlyJob;
import dev.driftline.jobs.config.ConfigLoader;
import dev.driftline.jobs.config.DateRange;
import dev.driftline.jobs.config.JobSpec;
import dev.driftline.jobs.lineage.LineageNode;
import dev.driftline.jobs.tables.LineageRows;
import dev.driftline.jobs.tables.Table;
import dev.driftline.udfs.SparkTestBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retraining decisions through the real job on a generated log with known changes: the scores
 * shift by +0.6 logit from day 3 on (quality degrades at once), 20% of feature x is null on day 5
 * only, and retrain triggers go to a webhook on 127.0.0.1 with a token from the environment.
 * A backfill of days 0-8 decides day by day (none, then retrain on the shift's first day, watch in
 * the cooldown, blocked on the null spike, retrain again after the cooldown), triggering nothing
 * for past days; the nightly run of day 11 sends one request, and its rerun sends none and
 * leaves the table's row as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetrainDecisionEndToEndTest extends SparkTestBase {

  private static final LocalDate FIRST = CalibratedLog.FIRST;
  private static final LocalDate SHIFT = FIRST.plusDays(3);
  private static final LocalDate NULLS = FIRST.plusDays(5);
  private static final LocalDate NIGHT = FIRST.plusDays(11);
  private static final String TOKEN = "tok-9f2e-DO-NOT-LEAK";

  @TempDir
  static Path dir;

  private HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private NightlyJob job;
  private JobSpec spec;
  private List<Row> afterNight;
  private List<Row> afterRerun;

  private record Received(String method, String path, String authorization, String idempotencyKey, String body) {}

  @BeforeAll
  void backfillThenRunANightTwice() throws IOException {
    runBefore();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/retrain", exchange -> {
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Idempotency-Key"),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    server.start();
    String yaml = CalibratedLog.write(spark(), dir, NIGHT, "ds >= DATE'" + SHIFT + "'", "ds = DATE'" + NULLS + "'")
        + "output: {warehouse: " + dir.resolve("warehouse") + "}\n"
        + "retraining: {cooldown_days: 4, reference_days_after_retrain: 2}\n"
        + "trigger: {kind: webhook, url: 'http://127.0.0.1:" + server.getAddress().getPort() + "/retrain',"
        + " token_env: RETRAIN_TOKEN, timeout_seconds: 5}\n";
    spec = ConfigLoader.parse(yaml, "calibrated.yaml");
    job = new NightlyJob(spark(), spec, Map.of("RETRAIN_TOKEN", TOKEN)::get);
    job.run(new DateRange(FIRST, FIRST.plusDays(8)), "backfill", true);
    job.run(new DateRange(NIGHT, NIGHT), "run", false);
    afterNight = decisions();
    job.run(new DateRange(NIGHT, NIGHT), "run", false);
    afterRerun = decisions();
  }

  @AfterAll
  void stopServer() {
    server.stop(0);
  }

  @Test
  void theBackfillDecidesDayByDay() {
    Map<LocalDate, String> byDay = afterNight.stream().collect(Collectors.toMap(
        r -> r.<java.sql.Date>getAs("ds").toLocalDate(), r -> r.<String>getAs("decision")));
    afterNight.forEach(r -> System.out.println("decision " + r.getAs("ds") + " " + r.getAs("decision") + " "
        + r.getAs("trigger_status") + ": " + r.getList(r.fieldIndex("reasons")) + " " + r.getList(r.fieldIndex("blocked_by"))));
    List<String> expected = List.of("none", "none", "none", "retrain", "watch", "blocked", "watch", "retrain", "watch");
    for (int d = 0; d < expected.size(); d++) {
      assertEquals(expected.get(d), byDay.get(FIRST.plusDays(d)), "day " + d + " (" + FIRST.plusDays(d) + ")");
    }
    Row shift = day(afterNight, SHIFT);
    assertEquals("suppressed", shift.getAs("trigger_status"), "a backfill does not trigger past days");
    Assertions.assertTrue(shift.<String>getAs("trigger_message").contains("backfill"), shift::toString);
    Assertions.assertTrue(shift.getList(shift.fieldIndex("reasons")).toString().contains("performance"), shift::toString);
    Row blocked = day(afterNight, NULLS);
    Assertions.assertTrue(blocked.getList(blocked.fieldIndex("blocked_by")).toString().contains("x"), blocked::toString);
    assertNull(blocked.getAs("trigger_status"), "only retrain decisions trigger");
    assertEquals(SHIFT.plusDays(3), day(afterNight, SHIFT.plusDays(1)).<java.sql.Date>getAs("cooldown_until").toLocalDate());
  }

  @Test
  void theNightlyRunSendsOneRequestAndItsRerunNone() throws IOException {
    assertEquals(1, received.size(), received::toString);
    Received r = received.get(0);
    assertEquals("POST", r.method());
    assertEquals("/retrain", r.path());
    assertEquals("Bearer " + TOKEN, r.authorization());
    Row night = day(afterNight, NIGHT);
    assertEquals("retrain", night.getAs("decision"));
    assertEquals("sent", night.getAs("trigger_status"), night::toString);
    assertEquals(202, night.<Integer>getAs("trigger_http_status"));
    assertEquals(night.<String>getAs("idempotency_key"), r.idempotencyKey());
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertEquals("calibrated", body.get("model").asText());
    assertEquals(NIGHT.toString(), body.get("ds").asText());
    assertEquals("retrain", body.get("decision").asText());
    assertEquals(night.<String>getAs("idempotency_key"), body.get("idempotency_key").asText());
  }

  /**
   * Labels come late, so the nightly run judges the days before it again: the degraded quality of
   * days 9 and 10, which no run processed, is part of day 11's performance incident and named.
   */
  @Test
  void theDaysBeforeTheNightJoinItsPerformanceIncident() {
    Row incident = spark().read().format("delta").load(job.warehouse().path(Table.INCIDENTS))
        .where("kind = 'performance' AND column_name = 'model_quality' AND ds = DATE'" + NIGHT + "'").first();
    List<String> evidence = incident.<String>getList(incident.fieldIndex("evidence"));
    for (LocalDate earlier : List.of(FIRST.plusDays(9), FIRST.plusDays(10))) {
      Assertions.assertTrue(evidence.stream().anyMatch(e -> e.startsWith("performance_metrics/" + earlier + "/__all__")),
          earlier + " in " + evidence);
    }
    assertEquals("critical", incident.getAs("severity"));
  }

  @Test
  void aRerunLeavesTheDecisionRowsAsTheyWereButForRunIdAndTime() {
    assertEquals(strip(afterNight), strip(afterRerun));
  }

  /**
   * {@code decide} replays the backfill's decisions from the tables alone; a retrain recorded on
   * day 6 then starts a new cooldown, so day 7 is no longer a retrain.
   */
  @Test
  void decideReplaysFromTheTablesAndARecordedRetrainRestartsTheCooldown() {
    List<String> replayed = job.decide(new DateRange(FIRST, FIRST.plusDays(8))).stream()
        .map(d -> d.decision().decision().key()).toList();
    assertEquals(List.of("none", "none", "none", "retrain", "watch", "blocked", "watch", "retrain", "watch"), replayed);

    job.recordRetrain(FIRST.plusDays(6), "v2");
    var day7 = job.decide(new DateRange(FIRST.plusDays(7), FIRST.plusDays(7))).get(0);
    assertEquals("watch", day7.decision().decision().key(), day7.decision().toString());
    assertEquals(FIRST.plusDays(6), day7.lastRetrain());
    assertEquals(FIRST.plusDays(9), day7.decision().cooldownUntil(), "cooldown_days 4 from the retrain of day 6");
    LineageNode decisionNode = LineageRows.read(job.warehouse(), "calibrated", FIRST.plusDays(7)).orElseThrow()
        .node("decision").orElseThrow();
    assertEquals("decision watch", decisionNode.label(), "decide rewrites the day's lineage with its new decision");
    Assertions.assertTrue(day7.decision().labelledRowsSinceLastRetrain() < 20_000,
        "labels count from the retrain: one day's, " + day7.decision().labelledRowsSinceLastRetrain());

    // reference_days_after_retrain: 2, so day 9 is compared with days 6-7, the retrained model's
    // first days: the scores shifted since day 3 are the new normal there.
    NightlyJob afterRetrain = new NightlyJob(spark(), spec,
        Map.of("RETRAIN_TOKEN", TOKEN)::get);
    LocalDate day9 = FIRST.plusDays(9);
    afterRetrain.run(new DateRange(day9, day9), "run", false, false);
    Row score = spark().read().format("delta").load(job.warehouse().path(Table.DRIFT_METRICS))
        .where("ds = DATE'" + day9 + "' AND column_name = 'score' AND slice_key = '__all__' AND comparison = 'BASELINE'")
        .first();
    assertEquals(FIRST.plusDays(6) + ".." + FIRST.plusDays(7), score.getAs("compared_to"));
    assertEquals("none", score.getAs("severity"), score::toString);
  }

  @Test
  void theTokenIsInNoTable() {
    for (Table t : List.of(Table.RETRAIN_DECISIONS, Table.RUNS, Table.INCIDENTS)) {
      String all = spark().read().format("delta").load(job.warehouse().path(t)).collectAsList().toString();
      Assertions.assertFalse(all.contains(TOKEN), t.tableName());
    }
  }

  private List<Row> decisions() {
    return spark().read().format("delta").load(job.warehouse().path(Table.RETRAIN_DECISIONS)).orderBy("ds")
        .collectAsList();
  }

  private static Row day(List<Row> rows, LocalDate ds) {
    return rows.stream().filter(r -> r.<java.sql.Date>getAs("ds").toLocalDate().equals(ds)).findFirst().orElseThrow();
  }

  private static List<String> strip(List<Row> rows) {
    return rows.stream().map(r -> {
      StringBuilder s = new StringBuilder();
      for (String f : r.schema().fieldNames()) {
        if (!f.equals("run_id") && !f.equals("decided_at")) {
          s.append(f).append('=').append((Object) r.getAs(f)).append(';');
        }
      }
      return s.toString();
    }).toList();
  }
}
