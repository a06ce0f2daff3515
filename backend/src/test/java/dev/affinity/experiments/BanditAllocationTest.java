package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code "allocation": "thompson"} through the real API: stored, shown and validated like the other fields (fixed
 * once started), and end to end: recommendations and seeded clicks on live traffic, the bandit re-allocates (on
 * its one-second timer or called directly) towards the better variant, the audit trail shows the bandit's change,
 * the read-out says the allocation is adaptive and the sample-ratio check does not apply, and a fixed experiment of
 * the same tenant, served on the same traffic, is never touched and reads out exactly as before.
 */
class BanditAllocationTest {
  static final int USERS = 400;
  static final int ITEMS = 10;
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() {
    node = TestNode.start(env -> {
      env.put("AFFINITY_BANDIT_INTERVAL_SECONDS", "1");
      env.put("AFFINITY_BANDIT_MIN_EXPOSURES", "30");
    });
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static void ok(Http.Response r) {
    assertTrue(r.status() / 100 == 2, r.toString());
  }

  private static String create(TestTenant t, JsonObject body) {
    Http.Response r = http.post("/v1/experiments", t.apiKey(), body.encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  private static Http.Response put(TestTenant t, String id, JsonObject body) {
    return http.send("PUT", "/v1/experiments/" + id, t.apiKey(), body.encode(), Map.of());
  }

  private static JsonArray audit(TestTenant t, String id) {
    return http.get("/v1/experiments/" + id + "/audit", t.apiKey()).json().getJsonArray("entries");
  }

  private static double weight(JsonObject experiment, String variant) {
    for (Object o : experiment.getJsonArray("variants")) {
      if (((JsonObject) o).getString("name").equals(variant)) {
        return ((JsonObject) o).getDouble("weight");
      }
    }
    throw new AssertionError("no variant " + variant + " in " + experiment.encode());
  }

  @Test
  void allocationIsStoredShownValidatedAndFixedOnceStarted() {
    TestTenant t = node.createTenant("bandit-api");
    String fixed = create(t, Bodies.ab("plain", "home", 0.2));
    assertEquals("fixed", http.get("/v1/experiments/" + fixed, t.apiKey()).json().getString("allocation"),
        "fixed is the default");

    Http.Response bad = http.post("/v1/experiments", t.apiKey(),
        Bodies.ab("greedy", "home", 0.2).put("allocation", "epsilon-greedy").encode());
    assertEquals(400, bad.status(), bad.toString());
    assertTrue(bad.body().contains("allocation"), bad.body());
    assertEquals(400, put(t, fixed, new JsonObject().put("allocation", "ucb")).status());

    Http.Response draftEdit = put(t, fixed, new JsonObject().put("allocation", "thompson"));
    assertEquals(200, draftEdit.status(), draftEdit.toString());
    assertEquals("thompson", draftEdit.json().getString("allocation"), "a draft may change anything");
    JsonObject changes = audit(t, fixed).getJsonObject(1).getJsonObject("details").getJsonObject("changes");
    assertEquals(new JsonObject().put("from", "fixed").put("to", "thompson"), changes.getJsonObject("allocation"));
    assertEquals("thompson", http.get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments")
        .getJsonObject(0).getString("allocation"), "the list shows it too");

    ok(http.post("/v1/experiments/" + fixed + "/start", t.apiKey(), ""));
    Http.Response frozen = put(t, fixed, new JsonObject().put("allocation", "fixed"));
    assertEquals(409, frozen.status(), frozen.toString());
    assertTrue(frozen.json().getString("detail").contains("allocation (\"thompson\") cannot change to \"fixed\""),
        frozen.body());
    assertEquals(200, put(t, fixed, new JsonObject().put("allocation", "thompson").put("name", "renamed")).status(),
        "sending the current allocation is no change");
    Http.Response renamed = put(t, fixed, new JsonObject().put("name", "renamed again"));
    assertEquals(200, renamed.status(), "leaving allocation out keeps it: " + renamed);
    assertEquals("thompson", renamed.json().getString("allocation"));

    String other = create(t, Bodies.ab("other", "side", 1.0));
    ok(http.post("/v1/experiments/" + other + "/start", t.apiKey(), ""));
    assertEquals(409, put(t, other, new JsonObject().put("allocation", "thompson")).status());
  }

  @Test
  void theBanditMovesTrafficToTheBetterVariantAndLeavesFixedExperimentsAlone() throws Exception {
    TestTenant t = node.createTenant("bandit-e2e");
    String key = t.apiKey();
    JsonArray items = new JsonArray();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new JsonObject().put("id", "i" + i).put("active", true));
    }
    ok(http.post("/v1/items", key, items.encode()));

    // layer "bandit" is consulted first; users outside its half of the buckets reach the fixed experiment
    String bandit = create(t, Bodies.ab("bandit", "bandit", 0.5).put("allocation", "thompson"));
    String fixed = create(t, Bodies.ab("fixed", "fixed", 1.0));
    ok(http.post("/v1/experiments/" + bandit + "/start", key, ""));
    ok(http.post("/v1/experiments/" + fixed + "/start", key, ""));
    JsonObject fixedBefore = http.get("/v1/experiments/" + fixed, key).json();

    // seeded traffic: B is clicked on half of its recommendations, A on one in twenty, the fixed arms on one in five
    SplittableRandom random = new SplittableRandom(20_240_611);
    Map<String, Integer> served = new HashMap<>();
    JsonArray clicks = new JsonArray();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      Http.Response r = http.get("/v1/users/" + user + "/recommendations?count=3", key);
      assertEquals(200, r.status(), r.toString());
      JsonObject body = r.json();
      String experiment = body.getString("experiment");
      assertNotNull(experiment, "every user is in one of the two experiments: " + body.encode());
      String arm = (experiment.equals(bandit) ? "bandit/" : "fixed/") + body.getString("variant");
      served.merge(arm, 1, Integer::sum);
      double ctr = switch (arm) {
        case "bandit/B" -> 0.5;
        case "bandit/A" -> 0.05;
        default -> 0.2;
      };
      if (random.nextDouble() < ctr) {
        clicks.add(new JsonObject().put("userId", user).put("itemId", "i1").put("type", "click")
            .put("timestamp", now.toString()).put("recommendationId", body.getString("recommendationId")));
      }
      if (clicks.size() == 50 || (u == USERS - 1 && !clicks.isEmpty())) {
        ok(http.post("/v1/events", key, clicks.encode()));
        clicks = new JsonArray();
      }
    }
    assertTrue(served.getOrDefault("bandit/A", 0) >= 30 && served.getOrDefault("bandit/B", 0) >= 30,
        "both bandit arms reach the minimum of exposures: " + served);

    // the node's bandit runs every second; calling it directly as well must not re-allocate twice
    BanditJob job = node.node().feature(ExperimentsFeature.class).orElseThrow().bandit();
    long deadline = System.nanoTime() + 60_000_000_000L;
    JsonObject current = http.get("/v1/experiments/" + bandit, key).json();
    while (weight(current, "B") <= 60 && System.nanoTime() < deadline) {
      job.runOnce().await(60, TimeUnit.SECONDS);
      Thread.sleep(200);
      current = http.get("/v1/experiments/" + bandit, key).json();
    }
    assertTrue(weight(current, "B") > 60, "B's weight rose above its starting 50%: " + current.encode());
    assertTrue(weight(current, "A") >= 5, "A keeps the 5% floor: " + current.encode());
    assertEquals(100, weight(current, "A") + weight(current, "B"), 1e-6);
    assertEquals("thompson", current.getString("allocation"));
    assertTrue(current.getInteger("version") > 2, "a re-allocation bumps the version: " + current.encode());

    JsonArray trail = audit(t, bandit);
    List<JsonObject> byBandit = trail.stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("actor").equals("bandit")).toList();
    assertFalse(byBandit.isEmpty(), trail.encode());
    // the timer may have re-allocated on early, click-less counts too: the entries chain from 50/50 to now
    JsonObject from = new JsonObject().put("A", 50.0).put("B", 50.0);
    Set<Integer> versions = new HashSet<>();
    for (JsonObject entry : byBandit) {
      assertEquals("reallocated", entry.getString("action"));
      JsonObject details = entry.getJsonObject("details");
      assertEquals(from, details.getJsonObject("from"), "each change starts where the last one ended: " + trail);
      assertTrue(versions.add(details.getInteger("version")), "each re-allocation is applied once: " + trail);
      assertNotNull(details.getJsonObject("evidence").getJsonObject("B").getLong("exposures"));
      from = details.getJsonObject("to");
    }
    assertEquals(weight(current, "B"), from.getDouble("B"), "the trail ends at the weights in force");
    assertEquals(current.getInteger("version"),
        byBandit.get(byBandit.size() - 1).getJsonObject("details").getInteger("version"));

    // serving follows the new weights: the cache was evicted, so new users land on B far more often
    Map<String, Integer> after = new HashMap<>();
    for (int u = USERS; u < USERS + 200; u++) {
      JsonObject body = http.get("/v1/users/u" + u + "/recommendations?count=3", key).json();
      if (bandit.equals(body.getString("experiment"))) {
        after.merge(body.getString("variant"), 1, Integer::sum);
      }
    }
    assertTrue(after.getOrDefault("B", 0) > 2 * after.getOrDefault("A", 0), "new users follow the weights: " + after);

    JsonObject results = http.get("/v1/experiments/" + bandit + "/results", key).json();
    assertEquals("thompson", results.getString("allocation"), results.encode());
    JsonObject srm = results.getJsonObject("srm");
    assertEquals(false, srm.getBoolean("applicable"), srm.encode());
    assertEquals(false, srm.getBoolean("warning"));
    assertTrue(srm.containsKey("pValue") && srm.getValue("pValue") == null, srm.encode());
    assertFalse(results.getBoolean("sequentialSafe"));
    String verdict = results.getString("verdict");
    assertTrue(verdict.startsWith("Traffic is allocated adaptively (Thompson sampling on CTR)"), verdict);
    assertTrue(verdict.contains("B leads on CTR"), verdict);
    assertFalse(verdict.contains("beats"), "no winner is declared from adaptive weights: " + verdict);
    assertEquals(weight(current, "B"), ExperimentResultsApiTest.variant(results, "B").getDouble("weight"),
        "the read-out shows the current weight");

    // the fixed experiment of the same tenant: untouched, and its read-out has exactly the shape it always had
    JsonObject fixedAfter = http.get("/v1/experiments/" + fixed, key).json();
    assertEquals(fixedBefore, fixedAfter);
    assertEquals(List.of("created", "started"), audit(t, fixed).stream()
        .map(o -> ((JsonObject) o).getString("action")).toList());
    JsonObject fixedResults = http.get("/v1/experiments/" + fixed + "/results", key).json();
    assertEquals(Set.of("experimentId", "status", "primaryMetric", "attributionWindowHours", "srm", "sequentialSafe",
        "verdict", "variants"), fixedResults.fieldNames(), fixedResults.encode());
    assertEquals(Set.of("pValue", "warning"), fixedResults.getJsonObject("srm").fieldNames());
    assertTrue(fixedResults.getBoolean("sequentialSafe"));
    assertTrue(ExperimentResultsApiTest.variant(fixedResults, "A").getLong("exposures") > 0, fixedResults.encode());
  }
}
