package dev.affinity.tenancy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeysApiTest {
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
  void createListRevokeAndTheRevokedKeyStopsWorking() {
    TestTenant t = node.createTenant("keys");
    Http http = node.http();
    Http.Response created = http.post("/v1/api-keys", t.apiKey(),
        new JsonObject().put("name", "ingest-only").put("scopes", new JsonArray().add("ingest")).encode());
    assertEquals(201, created.status(), created.toString());
    String key = created.json().getString("apiKey");
    String keyId = created.json().getString("keyId");
    assertNotNull(key);

    Http.Response list = http.get("/v1/api-keys", t.apiKey());
    assertEquals(200, list.status());
    assertTrue(list.body().contains(keyId));
    assertTrue(!list.body().contains(key), "a key's secret is never listed");

    // the ingest-only key may not administer keys
    assertEquals(403, http.get("/v1/api-keys", key).status());

    assertEquals(204, http.delete("/v1/api-keys/" + keyId, t.apiKey()).status());
    Http.Response after = http.get("/v1/api-keys", key);
    assertEquals(401, after.status());
    assertEquals("application/problem+json", after.header("Content-Type"));
  }

  @Test
  void badInputsAreRejectedWithProblems() {
    TestTenant t = node.createTenant("keys-bad");
    Http http = node.http();
    assertEquals(400, http.post("/v1/api-keys", t.apiKey(), "{\"name\":\"x\",\"scopes\":[\"root\"]}").status());
    assertEquals(400, http.post("/v1/api-keys", t.apiKey(), "{\"name\":\"x\",\"scopes\":[]}").status());
    assertEquals(400, http.post("/v1/api-keys", t.apiKey(), "{\"name\":\"x\"").status());
    assertEquals(400, http.post("/v1/api-keys", t.apiKey(), "{\"scopes\":[\"admin\"]}").status());
    assertEquals(404, http.delete("/v1/api-keys/nosuchkey", t.apiKey()).status());
    assertEquals(401, http.get("/v1/api-keys", null).status());
    assertEquals(401, http.get("/v1/api-keys", "ak_garbage_garbage").status());
  }

  @Test
  void onlyTheOperatorCreatesTenants() {
    TestTenant t = node.createTenant("op");
    Http.Response r = node.http().post("/v1/tenants", t.apiKey(),
        "{\"name\":\"sneaky\",\"adminEmail\":\"a@b.c\",\"adminPassword\":\"password123\"}");
    assertEquals(403, r.status());
    Http.Response dup = node.http().post("/v1/tenants", TestNode.OPERATOR_TOKEN, new JsonObject()
        .put("name", t.name()).put("adminEmail", "other@x.example").put("adminPassword", "password123").encode());
    assertEquals(409, dup.status(), dup.toString());
    Http.Response weak = node.http().post("/v1/tenants", TestNode.OPERATOR_TOKEN,
        "{\"name\":\"weak\",\"adminEmail\":\"a@b.c\",\"adminPassword\":\"short\"}");
    assertEquals(400, weak.status());
  }

  @Test
  void theOperatorSetsARateLimitThatAnswers429WithRetryAfter() {
    TestTenant t = node.createTenant("limits");
    Http http = node.http();
    assertEquals(403, http.send("PATCH", "/v1/tenants/" + t.id(), t.apiKey(),
        "{\"rateLimitPerSecond\":1000}", java.util.Map.of()).status(), "tenants cannot lift their own limit");
    Http.Response set = http.send("PATCH", "/v1/tenants/" + t.id(), TestNode.OPERATOR_TOKEN,
        "{\"rateLimitPerSecond\":3}", java.util.Map.of());
    assertEquals(200, set.status(), set.toString());
    assertEquals(3, set.json().getInteger("rateLimitPerSecond"));
    int limited = 0;
    String retryAfter = null;
    for (int i = 0; i < 20; i++) {
      Http.Response r = http.get("/v1/api-keys", t.apiKey());
      if (r.status() == 429) {
        limited++;
        retryAfter = r.header("Retry-After");
        assertEquals("application/problem+json", r.header("Content-Type"));
      } else {
        assertEquals(200, r.status());
      }
    }
    assertTrue(limited >= 10, "a burst of 20 against 3/s is mostly refused, got " + limited);
    assertNotNull(retryAfter);
    assertTrue(Integer.parseInt(retryAfter) >= 1);

    assertEquals(404, http.send("PATCH", "/v1/tenants/00000000-0000-0000-0000-000000000000", TestNode.OPERATOR_TOKEN,
        "{\"rateLimitPerSecond\":10}", java.util.Map.of()).status());
    assertEquals(400, http.send("PATCH", "/v1/tenants/" + t.id(), TestNode.OPERATOR_TOKEN,
        "{\"rateLimitPerSecond\":0}", java.util.Map.of()).status());
  }

  @Test
  void healthAndDocsAreServed() {
    assertEquals(200, node.http().get("/health/live", null).status());
    Http.Response ready = node.http().get("/health/ready", null);
    assertEquals(200, ready.status(), ready.toString());
    assertEquals("UP", ready.json().getString("status"));
    assertEquals(false, ready.json().getJsonObject("gpu").getBoolean("active"), "tests run with AFFINITY_GPU=off");
    assertTrue(ready.json().getJsonObject("gpu").getString("description").startsWith("CPU"), ready.body());
    assertTrue(node.http().get("/openapi.yaml", null).body().contains("openapi: 3.1.0"));
    assertEquals(200, node.http().get("/docs", null).status());
    assertEquals(200, node.http().get("/docs/assets/swagger-ui-bundle.js", null).status());
    assertTrue(node.http().get("/metrics", null).body().contains("vertx_"));
    assertEquals(404, node.http().get("/nope", null).status());
  }
}
