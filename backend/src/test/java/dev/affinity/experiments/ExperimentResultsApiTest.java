package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.experiments.exposure.ExposureLog;
import dev.affinity.tenants.TenantId;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results end to end: exposures written through the real {@link ExposureLog}, events through
 * {@code POST /v1/events}, counts read back through {@code GET /v1/experiments/{id}/results} must be exactly
 * what was sent.
 */
class ExperimentResultsApiTest {
  static TestNode node;
  static Http http;
  static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static ExposureLog log() {
    return new ExposureLog(node.node().vertx(), node.node().services().pool());
  }

  static JsonObject event(String user, String type, String recommendationId, Instant at) {
    JsonObject e = new JsonObject().put("userId", user).put("itemId", "item-" + user).put("type", type)
        .put("timestamp", at.toString());
    return recommendationId == null ? e : e.put("recommendationId", recommendationId);
  }

  static String experiment(TestTenant t) {
    Http.Response r = http.post("/v1/experiments", t.apiKey(), Bodies.ab("results", "home", 1.0).encode());
    assertEquals(201, r.status(), r.toString());
    String id = r.json().getString("id");
    assertEquals(200, http.post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());
    return id;
  }

  static JsonObject variant(JsonObject results, String name) {
    for (Object o : results.getJsonArray("variants")) {
      JsonObject v = (JsonObject) o;
      if (v.getString("name").equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no variant " + name + " in " + results.encode());
  }

  static void assertCounts(JsonObject v, long exposures, long users, long clicks, long conversions) {
    assertEquals(exposures, v.getLong("exposures"), v.encode());
    assertEquals(users, v.getLong("users"), v.encode());
    assertEquals(clicks, v.getLong("clicks"), v.encode());
    assertEquals(conversions, v.getLong("conversions"), v.encode());
  }

  @Test
  void countsMatchExactlyTheExposuresAndEventsSent() throws Exception {
    TestTenant t = node.createTenant("exp-results");
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String id = experiment(t);
    ExposureLog log = log();
    Instant served = NOW.minus(1, ChronoUnit.HOURS);
    // A: 10 exposures of 5 users (two each); B: 8 exposures of 8 users
    for (int i = 0; i < 10; i++) {
      log.record(tenant, "rec-a" + i, id, "A", "ua" + (i % 5), served);
    }
    for (int i = 0; i < 8; i++) {
      log.record(tenant, "rec-b" + i, id, "B", "ub" + i, served);
    }
    log.record(tenant, "rec-a0", id, "A", "ua0", served); // a re-sent exposure counts once
    log.flush().await(30, TimeUnit.SECONDS);

    JsonArray events = new JsonArray();
    // A: rec-a0 clicked twice and bought, rec-a1 and rec-a2 clicked, rec-a3 only viewed
    events.add(event("ua0", "click", "rec-a0", NOW)).add(event("ua0", "click", "rec-a0", NOW))
        .add(event("ua0", "purchase", "rec-a0", NOW)).add(event("ua1", "click", "rec-a1", NOW))
        .add(event("ua2", "click", "rec-a2", NOW)).add(event("ua3", "view", "rec-a3", NOW));
    // B: five clicked, two bought (one of them without a click first)
    for (int i = 0; i < 5; i++) {
      events.add(event("ub" + i, "click", "rec-b" + i, NOW));
    }
    events.add(event("ub1", "purchase", "rec-b1", NOW)).add(event("ub6", "purchase", "rec-b6", NOW));
    // not this experiment's: an unknown recommendation id, and an exposure id of another tenant would be unknown too
    events.add(event("ua4", "click", "rec-elsewhere", NOW));
    Http.Response sent = http.post("/v1/events", t.apiKey(), events.encode());
    assertEquals(200, sent.status(), sent.toString());

    Http.Response r = http.get("/v1/experiments/" + id + "/results", t.apiKey());
    assertEquals(200, r.status(), r.toString());
    JsonObject results = r.json();
    assertEquals("running", results.getString("status"));
    assertEquals("ctr", results.getString("primaryMetric"));
    assertCounts(variant(results, "A"), 10, 5, 3, 1);
    assertCounts(variant(results, "B"), 8, 8, 5, 2);
    JsonObject a = variant(results, "A");
    JsonObject b = variant(results, "B");
    assertTrue(a.getBoolean("control"));
    assertEquals(0.3, a.getJsonObject("ctr").getDouble("value"), 1e-9);
    assertTrue(a.getJsonObject("ctr").getDouble("low") < 0.3 && a.getJsonObject("ctr").getDouble("high") > 0.3);
    assertEquals(2 / 8.0, b.getJsonObject("conversionRate").getDouble("value"), 1e-9);
    assertNull(a.getValue("uplift"), "the control has no uplift against itself");
    assertEquals(5 / 8.0 / 0.3 - 1, b.getJsonObject("uplift").getDouble("value"), 1e-9);
    assertNotNull(b.getDouble("pValue"));
    assertNotNull(b.getDouble("chanceToBeatControl"));
    assertNotNull(b.getDouble("alwaysValidPValue"));
    assertNotNull(results.getJsonObject("srm").getDouble("pValue"));
    assertNotNull(results.getJsonObject("srm").getBoolean("warning"));
    assertFalse(results.getString("verdict").isBlank());
    assertNotNull(results.getBoolean("sequentialSafe"));
    log.close().await(30, TimeUnit.SECONDS);

    // deleting the (stopped) experiment deletes its exposures; the audit trail says how many
    assertEquals(200, http.post("/v1/experiments/" + id + "/stop", t.apiKey(), "").status());
    assertEquals(204, http.delete("/v1/experiments/" + id, t.apiKey()).status());
    JsonArray audit = http.get("/v1/experiments/" + id + "/audit", t.apiKey()).json().getJsonArray("entries");
    assertEquals(18, audit.getJsonObject(audit.size() - 1).getJsonObject("details").getInteger("exposuresDeleted"));
    assertEquals(0L, node.node().services().pool()
        .preparedQuery("select count(*) from exposures where tenant_id = $1 and experiment_id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(tenant.value(), id)).await(30, TimeUnit.SECONDS)
        .iterator().next().getLong(0));
  }

  @Test
  void eventsWithoutAnIdGoToTheUsersLatestExposureWithinTheWindow() throws Exception {
    TestTenant t = node.createTenant("exp-window");
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String id = experiment(t);
    ExposureLog log = log();
    Instant event = NOW.minus(1, ChronoUnit.HOURS);
    // u1: seen in B 3 h before buying -> B converts
    log.record(tenant, "w1", id, "B", "u1", event.minus(3, ChronoUnit.HOURS));
    // u2: seen in B 30 h before clicking -> outside 24 h, inside 48 h
    log.record(tenant, "w2", id, "B", "u2", event.minus(30, ChronoUnit.HOURS));
    // u3: seen in A, then in B; the click goes to the latest exposure before it, in B
    log.record(tenant, "w3a", id, "A", "u3", event.minus(5, ChronoUnit.HOURS));
    log.record(tenant, "w3b", id, "B", "u3", event.minus(4, ChronoUnit.HOURS));
    // u4: seen in A only after the event -> not attributed
    log.record(tenant, "w4", id, "A", "u4", event.plus(10, ChronoUnit.MINUTES));
    log.close().await(30, TimeUnit.SECONDS);
    JsonArray events = new JsonArray()
        .add(event("u1", "purchase", null, event))
        .add(event("u2", "click", null, event))
        .add(event("u3", "click", null, event))
        .add(event("u4", "click", null, event))
        .add(event("u5", "click", null, event)); // never exposed
    assertEquals(200, http.post("/v1/events", t.apiKey(), events.encode()).status());

    JsonObject day = http.get("/v1/experiments/" + id + "/results", t.apiKey()).json();
    assertEquals(24, day.getInteger("attributionWindowHours"));
    assertCounts(variant(day, "A"), 2, 2, 0, 0);
    assertCounts(variant(day, "B"), 3, 3, 1, 1);
    Http.Response twoDays = http.get("/v1/experiments/" + id + "/results?attributionWindowHours=48", t.apiKey());
    assertEquals(200, twoDays.status(), twoDays.toString());
    assertCounts(variant(twoDays.json(), "B"), 3, 3, 2, 1);
    assertEquals(400, http.get("/v1/experiments/" + id + "/results?attributionWindowHours=0", t.apiKey()).status());
  }

  @Test
  void aNewExperimentHasZeroCountsAndAnAnswer() {
    TestTenant t = node.createTenant("exp-empty");
    String id = experiment(t);
    Http.Response r = http.get("/v1/experiments/" + id + "/results", t.apiKey());
    assertEquals(200, r.status(), r.toString());
    assertCounts(variant(r.json(), "A"), 0, 0, 0, 0);
    assertCounts(variant(r.json(), "B"), 0, 0, 0, 0);
  }
}
