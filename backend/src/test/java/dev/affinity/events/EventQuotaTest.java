package dev.affinity.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's event quota: a batch that would exceed it is refused whole with 429 and stores nothing. */
class EventQuotaTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void batchesPastTheQuotaAre429AndStoreNothing() {
    TestTenant t = node.createTenant("quota");
    Http http = node.http();
    Http.Response set = patch(t, "{\"maxEvents\":5}");
    assertEquals(200, set.status(), set.toString());
    assertEquals(5L, set.json().getLong("maxEvents"));

    assertEquals(200, http.post("/v1/events", t.apiKey(), events("a", 3)).status());
    Http.Response refused = http.post("/v1/events", t.apiKey(), events("b", 3));
    assertEquals(429, refused.status(), refused.toString());
    assertEquals("application/problem+json", refused.header("Content-Type"));
    assertTrue(Integer.parseInt(refused.header("Retry-After")) >= 1);
    assertTrue(refused.json().getString("detail").contains("may store 5 events and has 3"), refused.body());
    assertEquals(404, http.get("/v1/users/b", t.apiKey()).status(), "nothing of the refused batch was stored");

    assertEquals(200, http.post("/v1/events", t.apiKey(), events("c", 2)).status(), "exactly up to the quota");
    assertEquals(429, http.post("/v1/events", t.apiKey(), events("d", 1)).status());

    assertEquals(200, patch(t, "{\"maxEvents\":100}").status());
    assertEquals(200, http.post("/v1/events", t.apiKey(), events("e", 3)).status(), "a raised quota applies at once");
    assertEquals(400, patch(t, "{}").status());
    assertEquals(400, patch(t, "{\"maxEvents\":0}").status());
  }

  @Test
  void aRetryOfAStoredBatchIsReplayedEvenAtTheQuota() {
    TestTenant t = node.createTenant("quota-replay");
    Http http = node.http();
    assertEquals(200, patch(t, "{\"maxEvents\":3}").status());
    Map<String, String> key = Map.of("Content-Type", "application/json", "Idempotency-Key", "batch-1");
    Http.Response first = http.send("POST", "/v1/events", t.apiKey(), events("a", 3), key);
    assertEquals(200, first.status(), first.toString());
    // the quota is now exactly full: a retry of the stored batch gets its first answer, not 429
    Http.Response retry = http.send("POST", "/v1/events", t.apiKey(), events("a", 3), key);
    assertEquals(200, retry.status(), retry.toString());
    assertEquals("true", retry.header("Idempotent-Replayed"));
    assertEquals(null, retry.header("Retry-After"));
    assertEquals(first.json(), retry.json());
    Http.Response other = http.send("POST", "/v1/events", t.apiKey(), events("b", 3), key);
    assertEquals(409, other.status(), "the same key with another body is still a conflict");
    Http.Response fresh = http.send("POST", "/v1/events", t.apiKey(), events("b", 3),
        Map.of("Content-Type", "application/json", "Idempotency-Key", "batch-2"));
    assertEquals(429, fresh.status(), "new data past the quota is still refused");
  }

  private static Http.Response patch(TestTenant t, String body) {
    return node.http().send("PATCH", "/v1/tenants/" + t.id(), TestNode.OPERATOR_TOKEN, body, Map.of());
  }

  private static String events(String user, int n) {
    JsonArray a = new JsonArray();
    for (int i = 0; i < n; i++) {
      a.add(new JsonObject().put("userId", user).put("itemId", "item-" + i).put("type", "view"));
    }
    return a.encode();
  }
}
