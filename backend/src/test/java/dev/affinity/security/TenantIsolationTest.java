package dev.affinity.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.tenants.JwtSettings;
import dev.affinity.tenants.JwtTokens;
import dev.affinity.tenants.Principal;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The tenant-isolation matrix: for every endpoint, tenant B's credentials against tenant A's objects
 * answer 404 (or a cold-start/empty answer for collection reads) and leak nothing of A; keys with the
 * wrong scope get 403; revoked keys, expired or tampered sessions and {@code alg: none} get 401.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenantIsolationTest {
  static TestNode node;
  static Http http;
  static TestTenant a;
  static TestTenant b;
  static String aJobId;

  @BeforeAll
  static void setUp() {
    node = TestNode.start();
    http = node.http();
    a = node.createTenant("iso-a");
    b = node.createTenant("iso-b");
    ok(http.post("/v1/items", a.apiKey(), new JsonArray()
        .add(item("a-item-1", "shoes")).add(item("a-item-2", "shoes")).add(item("a-item-3", "hats")).encode()));
    ok(http.post("/v1/users", a.apiKey(), new JsonArray()
        .add(new JsonObject().put("id", "a-user").put("attributes", new JsonObject().put("tier", "gold"))).encode()));
    JsonArray events = new JsonArray();
    for (String u : new String[] {"a-user", "a-user-2", "a-user-3"}) {
      events.add(event(u, "a-item-1", "purchase")).add(event(u, "a-item-2", "click"));
    }
    events.add(event("a-user-3", "a-item-3", "view"));
    ok(http.post("/v1/events", a.apiKey(), events.encode()));
    Http.Response job = http.post("/v1/models/train", a.apiKey(), "{}");
    assertEquals(202, job.status(), job.toString());
    aJobId = job.json().getString("jobId");
    ok(http.post("/v1/items", b.apiKey(), new JsonArray().add(item("b-item-1", "shoes")).encode()));
    ok(http.post("/v1/events", b.apiKey(), new JsonArray().add(event("b-user", "b-item-1", "click")).encode()));
  }

  @AfterAll
  static void tearDown() {
    node.close();
  }

  @Test
  void objectsOfAnotherTenantAre404AndUntouched() {
    assertEquals(404, http.get("/v1/items/a-item-1", b.apiKey()).status());
    assertEquals(404, http.delete("/v1/items/a-item-1", b.apiKey()).status());
    assertEquals(200, http.get("/v1/items/a-item-1", a.apiKey()).status(), "A's item survives B's delete");
    assertEquals(404, http.get("/v1/users/a-user", b.apiKey()).status());
    assertEquals(404, http.delete("/v1/users/a-user", b.apiKey()).status());
    Http.Response aUser = http.get("/v1/users/a-user", a.apiKey());
    assertEquals(200, aUser.status());
    assertEquals(2, aUser.json().getInteger("events"), "A's events survive B's erase");
    assertEquals(404, http.get("/v1/items/a-item-1/similar", b.apiKey()).status());
    assertEquals(404, http.get("/v1/models/jobs/" + aJobId, b.apiKey()).status());
  }

  @Test
  void collectionReadsShowOnlyTheCallersOwnData() {
    Http.Response recs = http.get("/v1/users/a-user/recommendations?count=50", b.apiKey());
    assertEquals(200, recs.status(), recs.toString());
    assertFalse(recs.body().contains("a-item"), "B's recommendations never contain A's items: " + recs.body());
    Http.Response popular = http.get("/v1/items/popular?count=50", b.apiKey());
    assertEquals(200, popular.status());
    assertFalse(popular.body().contains("a-item"), popular.body());
    Http.Response models = http.get("/v1/models", b.apiKey());
    assertEquals(200, models.status());
    assertTrue(models.json().getJsonArray("models").isEmpty(), "B trained nothing: " + models.body());
    Http.Response keys = http.get("/v1/api-keys", b.apiKey());
    assertEquals(1, keys.json().getJsonArray("keys").size(), keys.body());
  }

  /** Runs last: afterwards B owns objects with A's ids, which the other checks must not see. */
  @Test
  @Order(Integer.MAX_VALUE)
  void writesWithAnotherTenantsIdsCreateTheCallersOwnObjects() {
    ok(http.post("/v1/events", b.apiKey(), new JsonArray().add(event("a-user", "a-item-1", "view")).encode()));
    assertEquals(2, http.get("/v1/users/a-user", a.apiKey()).json().getInteger("events"));
    assertEquals(1, http.get("/v1/users/a-user", b.apiKey()).json().getInteger("events"));
  }

  @Test
  void apiKeysOfAnotherTenantCannotBeRevoked() {
    String aKeyId = http.get("/v1/api-keys", a.apiKey()).json().getJsonArray("keys").getJsonObject(0).getString("keyId");
    assertEquals(404, http.delete("/v1/api-keys/" + aKeyId, b.apiKey()).status());
    assertEquals(200, http.get("/v1/api-keys", a.apiKey()).status(), "A's key still works");
  }

  @Test
  void keysWithTheWrongScopeAre403() {
    String recommendOnly = createKey(a, "recommend");
    String ingestOnly = createKey(a, "ingest");
    assertEquals(403, http.post("/v1/events", recommendOnly,
        new JsonArray().add(event("u", "a-item-1", "view")).encode()).status());
    assertEquals(403, http.post("/v1/items", recommendOnly, new JsonArray().add(item("x", "c")).encode()).status());
    assertEquals(403, http.delete("/v1/users/a-user", recommendOnly).status());
    assertEquals(403, http.get("/v1/users/a-user/recommendations", ingestOnly).status());
    assertEquals(403, http.get("/v1/items/popular", ingestOnly).status());
    assertEquals(403, http.post("/v1/models/train", ingestOnly, "{}").status());
    assertEquals(403, http.get("/v1/models", recommendOnly).status());
    assertEquals(403, http.get("/v1/api-keys", recommendOnly).status());
    assertEquals(403, http.post("/v1/tenants", a.apiKey(),
        "{\"name\":\"x\",\"adminEmail\":\"x@y.z\",\"adminPassword\":\"password123\"}").status());
    assertEquals(200, http.get("/v1/users/a-user/recommendations", recommendOnly).status());
    assertEquals(200, http.post("/v1/events", ingestOnly,
        new JsonArray().add(event("u-scope", "a-item-1", "view")).encode()).status());
  }

  @Test
  void aRevokedKeyStopsWorking() {
    Http.Response created = http.post("/v1/api-keys", a.apiKey(),
        new JsonObject().put("name", "temp").put("scopes", new JsonArray().add("recommend")).encode());
    String key = created.json().getString("apiKey");
    assertEquals(200, http.get("/v1/items/popular", key).status());
    assertEquals(204, http.delete("/v1/api-keys/" + created.json().getString("keyId"), a.apiKey()).status());
    assertEquals(401, http.get("/v1/items/popular", key).status());
  }

  @Test
  void adminSessionsWorkAndBadSessionsAre401() throws Exception {
    Principal admin = node.node().services().adminAuth().login(a.adminEmail(), a.adminPassword())
        .await(30, TimeUnit.SECONDS).orElseThrow();
    String session = node.node().services().jwt().issue(admin);
    assertEquals(200, http.get("/v1/models", session).status());

    String[] parts = session.split("\\.");
    String otherTenantClaims = b64(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8)).put("tid", b.id()).encode());
    assertEquals(401, http.get("/v1/models", parts[0] + "." + otherTenantClaims + "." + parts[2]).status(),
        "a payload edited to another tenant fails the signature check");
    String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    assertEquals(401, http.get("/v1/models", algNone).status());

    JwtTokens shortLived = new JwtTokens(node.node().vertx(), new JwtSettings(
        node.node().config().jwtSecret().getBytes(StandardCharsets.UTF_8), "affinity", "affinity-dashboard",
        Duration.ofSeconds(1)));
    String expiring = shortLived.issue(admin);
    Thread.sleep(2500);
    assertEquals(401, http.get("/v1/models", expiring).status(), "an expired session is refused");
  }

  @Test
  void noCredentialsIs401Everywhere() {
    for (String path : new String[] {"/v1/items/a-item-1", "/v1/users/a-user", "/v1/items/popular",
        "/v1/users/a-user/recommendations", "/v1/models", "/v1/api-keys", "/v1/models/jobs/" + aJobId}) {
      Http.Response r = http.get(path, null);
      assertEquals(401, r.status(), path);
      assertEquals("application/problem+json", r.header("Content-Type"));
      assertFalse(r.body().contains("shoes") || r.body().contains("gold"), "no data leaks in the problem body");
    }
  }

  private static String createKey(TestTenant t, String scope) {
    Http.Response r = http.post("/v1/api-keys", t.apiKey(),
        new JsonObject().put("name", scope + "-only").put("scopes", new JsonArray().add(scope)).encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("apiKey");
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject item(String id, String category) {
    return new JsonObject().put("id", id).put("categories", new JsonArray().add(category));
  }

  private static JsonObject event(String user, String item, String type) {
    return new JsonObject().put("userId", user).put("itemId", item).put("type", type);
  }

  private static void ok(Http.Response r) {
    assertEquals(200, r.status(), r.toString());
  }

}
