package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Experiments served from the recommendation path, end to end over HTTP: assignment is stable and by weight,
 * each response names its experiment and variant, exposures recorded by serving join the clicks and purchases
 * sent back with their recommendationIds exactly, and stopping the experiment takes it off the path.
 */
class ExperimentServingE2ETest {
  static final int USERS = 200;
  static final int ITEMS = 20;
  static TestNode node;
  static Http http;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http();
  }

  @AfterAll
  static void stop() {
    node.close();
  }



  private static JsonObject recommend(String key, String user) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?count=5", key);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  @Test
  void servesVariantsRecordsExposuresAndStops() throws Exception {
    TestTenant t = node.createTenant("exp-serve");
    String key = t.apiKey();
    ServingFixtures.plant(http, key, USERS, ITEMS);
    ServingFixtures.train(http, key, "item-knn");
    assertEquals(null, recommend(key, "u0").getValue("experiment"), "no experiment yet");

    JsonObject spec = new JsonObject().put("name", "serving").put("hypothesis", "popularity differs")
        .put("layer", "home").put("coverage", 1.0).put("variants", new JsonArray()
            .add(Bodies.variant("A", 50, true, "item-knn"))
            .add(Bodies.variant("B", 50, false, "popularity").put("count", 3)));
    Http.Response created = http.post("/v1/experiments", key, spec.encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    ServingFixtures.ok(http.post("/v1/experiments/" + id + "/start", key, ""));

    Map<String, String> variantOf = new HashMap<>();
    Map<String, String> firstRec = new HashMap<>();
    Map<String, Integer> exposures = new HashMap<>(Map.of("A", 0, "B", 0));
    for (int u = 0; u < USERS; u++) {
      String user = "u" + u;
      for (int ask = 0; ask < 2; ask++) {
        JsonObject r = recommend(key, user);
        assertEquals(id, r.getString("experiment"), r.encode());
        String v = r.getString("variant");
        assertNotNull(v, r.encode());
        assertEquals(variantOf.getOrDefault(user, v), v, "the same user always gets the same variant");
        variantOf.put(user, v);
        firstRec.putIfAbsent(user, r.getString("recommendationId"));
        exposures.merge(v, 1, Integer::sum);
        if (v.equals("B")) {
          assertEquals(3, r.getJsonArray("items").size(), "variant B's count overrides the request's");
          assertTrue(r.getString("model").startsWith("popularity"), r.encode());
        } else {
          assertEquals(5, r.getJsonArray("items").size(), r.encode());
        }
      }
    }
    long a = variantOf.values().stream().filter("A"::equals).count();
    assertTrue(a > 60 && a < 140, "A got " + a + " of " + USERS + " users");

    // clicks on the first recommendation of every fourth user, a purchase for every eighth
    Map<String, long[]> expected = new HashMap<>(); // variant -> exposures, users, clicks, conversions
    expected.put("A", new long[] {exposures.get("A"), a, 0, 0});
    expected.put("B", new long[] {exposures.get("B"), USERS - a, 0, 0});
    JsonArray events = new JsonArray();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    for (int u = 0; u < USERS; u += 4) {
      String user = "u" + u;
      long[] e = expected.get(variantOf.get(user));
      events.add(new JsonObject().put("userId", user).put("itemId", "i1").put("type", "click")
          .put("timestamp", now.toString()).put("recommendationId", firstRec.get(user)));
      e[2]++;
      if (u % 8 == 0) {
        events.add(new JsonObject().put("userId", user).put("itemId", "i1").put("type", "purchase")
            .put("timestamp", now.toString()).put("recommendationId", firstRec.get(user)));
        e[3]++;
      }
    }
    ServingFixtures.ok(http.post("/v1/events", key, events.encode()));

    long deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject results;
    while (true) {
      results = http.get("/v1/experiments/" + id + "/results", key).json();
      long seen = 0;
      for (Object o : results.getJsonArray("variants")) {
        seen += ((JsonObject) o).getLong("exposures");
      }
      if (seen == 2L * USERS || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(100);
    }
    for (String v : new String[] {"A", "B"}) {
      long[] e = expected.get(v);
      ExperimentResultsApiTest.assertCounts(ExperimentResultsApiTest.variant(results, v), e[0], e[1], e[2], e[3]);
    }

    ServingFixtures.ok(http.post("/v1/experiments/" + id + "/stop", key, ""));
    deadline = System.nanoTime() + 5_000_000_000L;
    JsonObject after = recommend(key, "u1");
    while (after.getValue("experiment") != null && System.nanoTime() < deadline) {
      Thread.sleep(100);
      after = recommend(key, "u1");
    }
    assertEquals(null, after.getValue("experiment"), after.encode());
    assertEquals(null, after.getValue("variant"), after.encode());
  }
}
