package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tenant B sees none of A's experiments (404 on every route), and keys without the admin scope get 403. */
class ExperimentsIsolationTest {
  static TestNode node;
  static Http http;
  static TestTenant a;
  static TestTenant b;
  static JsonObject aExperiment;

  @BeforeAll
  static void setUp() {
    node = TestNode.start();
    http = node.http();
    a = node.createTenant("exp-iso-a");
    b = node.createTenant("exp-iso-b");
    Http.Response r = http.post("/v1/experiments", a.apiKey(), Bodies.ab("A's secret test", "home", 1.0).encode());
    assertEquals(201, r.status(), r.toString());
    aExperiment = r.json();
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  @Test
  void everyRouteAnswers404ForAnotherTenantsExperimentAndChangesNothing() {
    String base = "/v1/experiments/" + aExperiment.getString("id");
    String edit = new JsonObject().put("name", "hijacked").encode();
    List<Http.Response> answers = List.of(
        http.get(base, b.apiKey()),
        http.send("PUT", base, b.apiKey(), edit, Map.of()),
        http.delete(base, b.apiKey()),
        http.post(base + "/start", b.apiKey(), ""),
        http.post(base + "/stop", b.apiKey(), ""),
        http.get(base + "/results", b.apiKey()),
        http.get(base + "/audit", b.apiKey()));
    for (Http.Response r : answers) {
      assertEquals(404, r.status(), r.toString());
      assertFalse(r.body().contains("secret"), r.body());
    }
    assertTrue(http.get("/v1/experiments", b.apiKey()).json().getJsonArray("experiments").isEmpty());
    assertEquals(aExperiment, http.get(base, a.apiKey()).json(), "A's experiment is untouched");
    assertEquals(1, http.get(base + "/audit", a.apiKey()).json().getJsonArray("entries").size());
    // B's layers are its own: A's full 'home' layer leaves B's 'home' layer empty
    Http.Response own = http.post("/v1/experiments", b.apiKey(), Bodies.ab("B's", "home", 1.0).encode());
    assertEquals(201, own.status(), own.toString());
  }

  @Test
  void keysWithoutTheAdminScopeAre403OnEveryRoute() {
    for (String scope : new String[] {"ingest", "recommend"}) {
      Http.Response k = http.post("/v1/api-keys", a.apiKey(),
          new JsonObject().put("name", scope).put("scopes", new JsonArray().add(scope)).encode());
      assertEquals(201, k.status(), k.toString());
      String key = k.json().getString("apiKey");
      String base = "/v1/experiments/" + aExperiment.getString("id");
      List<Http.Response> answers = List.of(
          http.get("/v1/experiments", key),
          http.post("/v1/experiments", key, Bodies.ab("sneaky", "other", 0.1).encode()),
          http.get(base, key),
          http.send("PUT", base, key, new JsonObject().put("name", "x").encode(), Map.of()),
          http.delete(base, key),
          http.post(base + "/start", key, ""),
          http.post(base + "/stop", key, ""),
          http.get(base + "/results", key),
          http.get(base + "/audit", key));
      for (Http.Response r : answers) {
        assertEquals(403, r.status(), scope + ": " + r);
      }
    }
    assertEquals(401, http.get("/v1/experiments", null).status());
    assertEquals("draft", http.get("/v1/experiments/" + aExperiment.getString("id"), a.apiKey()).json()
        .getString("status"));
  }
}
