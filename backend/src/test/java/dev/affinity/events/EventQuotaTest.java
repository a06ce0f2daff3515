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
