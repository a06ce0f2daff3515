package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sequence-aware model end to end: events carry timestamps, training learns each user's order
 * from them, the holdout metrics rank with it, and serving weights a user's latest events most. The
 * catalogue is a ring of 40 items and every user walks along it, one or two steps at a time, so what
 * comes next depends on where the user is now, not on everything they have seen.
 */
class SequenceAwareApiTest {
  static final int RING = 40;
  static final String SMALL = "{\"lambda\":20,\"dropout\":0.25,\"transitionLambda\":10}";
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

  static String item(int i) {
    return String.format("r%03d", Math.floorMod(i, RING));
  }

  static JsonObject event(String user, int item, int hour) {
    return new JsonObject().put("userId", user).put("itemId", item(item)).put("type", "purchase")
        .put("timestamp", RecommendFixtures.T0.plusSeconds(3600L * hour).toString());
  }

  static TestTenant walkers() {
    TestTenant t = node.createTenant("seq");
    JsonArray items = new JsonArray();
    for (int i = 0; i < RING; i++) {
      items.add(new JsonObject().put("id", item(i)));
    }
    assertEquals(200, http.post("/v1/items", t.apiKey(), items.encode()).status());
    Random rnd = new Random(5);
    JsonArray events = new JsonArray();
    for (int u = 0; u < 200; u++) {
      int at = rnd.nextInt(RING);
      // posted newest first: the order of the batch must not matter, only the timestamps
      for (int step = 11; step >= 0; step--) {
        events.add(event("w" + u, at + step + (step > 6 ? 1 : 0), 100 + step));
      }
    }
    Http.Response r = http.post("/v1/events", t.apiKey(), events.encode());
    assertEquals(200, r.status(), r.toString());
    return t;
  }

  static List<String> top(TestTenant t, String user, int count) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?count=" + count, t.apiKey());
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void recommendsWhatFollowsTheLatestEventsAndMeasuresItOnTheHoldout() {
    TestTenant t = walkers();
    JsonObject ease = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"ease\",\"params\":{\"lambda\":20}}");
    assertEquals("succeeded", ease.getString("state"), ease.encode());
    JsonObject slist = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"slist\",\"params\":" + SMALL + "}");
    assertEquals("succeeded", slist.getString("state"), slist.encode());

    // the same six items, in opposite orders: the next item follows whichever run came last
    JsonArray later = new JsonArray();
    for (int k = 0; k < 3; k++) {
      later.add(event("forward", 10 + k, k)).add(event("forward", 30 + k, 10 + k));
      later.add(event("backward", 30 + k, k)).add(event("backward", 10 + k, 10 + k));
    }
    assertEquals(200, http.post("/v1/events", t.apiKey(), later.encode()).status());
    assertEquals(item(33), top(t, "forward", 1).get(0));
    assertEquals(item(13), top(t, "backward", 1).get(0));

    JsonArray versions = http.get("/v1/models", t.apiKey()).json().getJsonArray("models");
    double easeRecall = metric(versions, "ease");
    double slistRecall = metric(versions, "slist");
    assertTrue(slistRecall > 1.5 * easeRecall && slistRecall > 0.5,
        "on the temporal holdout slist " + slistRecall + " vs ease " + easeRecall);
  }

  private static double metric(JsonArray versions, String name) {
    return versions.stream().map(o -> (JsonObject) o).filter(v -> v.getString("name").equals(name))
        .findFirst().orElseThrow().getJsonObject("metrics").getDouble("recall@10");
  }
}
