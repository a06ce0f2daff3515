package dev.affinity.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TableCounts;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Items and users through the real HTTP API: upsert, read, delete, scopes and tenant isolation. */
class CatalogApiTest {
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

  static JsonObject item(String id) {
    return new JsonObject().put("id", id).put("categories", new JsonArray().add("books").add("sci-fi"))
        .put("attributes", new JsonObject().put("price", 12.5).put("author", "Le Guin"))
        .put("text", "A novel about " + id).put("active", true).put("timestamp", "2026-11-22T11:00:00+01:00");
  }

  static String createKey(TestTenant t, String scope) {
    Http.Response r = http.post("/v1/api-keys", t.apiKey(),
        new JsonObject().put("name", scope + "-only").put("scopes", new JsonArray().add(scope)).encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("apiKey");
  }

  @Test
  void itemsAreUpsertedReadReplacedAndDeleted() {
    TestTenant t = node.createTenant("items");
    Http.Response r = http.post("/v1/items", t.apiKey(), new JsonArray().add(item("b")).add(item("a")).encode());
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getInteger("upserted"));

    Http.Response got = http.get("/v1/items/a", t.apiKey());
    assertEquals(200, got.status(), got.toString());
    JsonObject a = got.json();
    assertEquals("a", a.getString("id"));
    assertEquals(new JsonArray().add("books").add("sci-fi"), a.getJsonArray("categories"));
    assertEquals("Le Guin", a.getJsonObject("attributes").getString("author"));
    assertEquals(12.5, a.getJsonObject("attributes").getDouble("price"));
    assertEquals("A novel about a", a.getString("text"));
    assertTrue(a.getBoolean("active"));
    assertEquals("2026-11-22T10:00:00Z", a.getString("timestamp"));

    // an upsert replaces the item; absent fields take their defaults
    r = http.post("/v1/items", t.apiKey(), "[{\"id\":\"a\",\"active\":false,\"categories\":[\"films\"]}]");
    assertEquals(200, r.status(), r.toString());
    JsonObject replaced = http.get("/v1/items/a", t.apiKey()).json();
    assertFalse(replaced.getBoolean("active"));
    assertEquals(new JsonArray().add("films"), replaced.getJsonArray("categories"));
    assertEquals(new JsonObject(), replaced.getJsonObject("attributes"));
    assertFalse(replaced.containsKey("text"));
    assertEquals(2, TableCounts.count("items", t.id()));

    assertEquals(204, http.delete("/v1/items/a", t.apiKey()).status());
    Http.Response gone = http.get("/v1/items/a", t.apiKey());
    assertEquals(404, gone.status());
    assertEquals("application/problem+json", gone.header("Content-Type"));
    assertEquals(404, http.delete("/v1/items/a", t.apiKey()).status());
    assertEquals(200, http.get("/v1/items/b", t.apiKey()).status());

    // a later event for the deleted item does not bring it back, nor make it servable
    r = http.post("/v1/events", t.apiKey(), "[{\"userId\":\"u\",\"itemId\":\"a\",\"type\":\"purchase\"},"
        + "{\"userId\":\"v\",\"itemId\":\"a\",\"type\":\"purchase\"}]");
    assertEquals(200, r.status(), r.toString());
    assertEquals(404, http.get("/v1/items/a", t.apiKey()).status(), "still deleted after an event for it");
    assertFalse(http.get("/v1/items/popular?count=10", t.apiKey()).body().contains("\"a\""),
        "a deleted item is never served");
    assertFalse(http.get("/v1/users/w/recommendations?count=10", t.apiKey()).body().contains("\"a\""));
    // an upsert brings it back
    assertEquals(200, http.post("/v1/items", t.apiKey(), "[{\"id\":\"a\"}]").status());
    assertTrue(http.get("/v1/items/a", t.apiKey()).json().getBoolean("active"));
    assertTrue(http.get("/v1/items/popular?count=10", t.apiKey()).body().contains("\"a\""));
  }

  @Test
  void badItemBatchesAreRejectedAndStoreNothing() {
    TestTenant t = node.createTenant("items-bad");
    String good = item("ok").encode();
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(new JsonObject().put("id", "i" + i));
    }
    JsonArray badTime = new JsonArray();
    for (int i = 0; i < 5; i++) {
      badTime.add(item("t" + i));
    }
    badTime.getJsonObject(3).put("timestamp", "yesterday at noon");
    String[] bodies = {
        "[" + good + ",",                                     // malformed JSON
        good,                                                 // an object, not an array
        "[]",                                                 // empty batch
        "[" + good + ",{\"id\":5}]",                          // wrong type
        "[" + good + ",{\"text\":\"no id\"}]",                // missing id
        "[" + good + ",{\"id\":\"x\",\"colour\":\"red\"}]",   // unknown field
        "[" + good + ",{\"id\":\"x\",\"categories\":\"books\"}]", // categories not an array
        "[" + good + ",{\"id\":\"x\",\"active\":\"yes\"}]",   // wrong boolean
        "[" + good + ",{\"id\":\"\"}]",                       // empty id
        tooMany.encode(),                                     // over maxItems
        "[" + good + "," + good + "]",                        // duplicate ids
        badTime.encode(),                                     // unparseable timestamp
        "[" + good + ",{\"id\":\"x\",\"timestamp\":\"2026-11-22T10:00:00\"}]", // no offset
        "null",
        "\"items\"",
    };
    for (String body : bodies) {
      Http.Response r = http.post("/v1/items", t.apiKey(), body);
      assertEquals(400, r.status(), () -> body.substring(0, Math.min(80, body.length())) + " -> " + r);
      assertEquals("application/problem+json", r.header("Content-Type"), r::toString);
      String detail = r.json().getString("detail", "");
      assertFalse(detail.isBlank() || detail.equals("Bad Request"), r::toString);
    }
    Http.Response dup = http.post("/v1/items", t.apiKey(), "[" + good + "," + good + "]");
    assertTrue(dup.json().getString("detail").contains("'ok'"), dup::toString);
    Http.Response time = http.post("/v1/items", t.apiKey(), badTime.encode());
    String timeDetail = time.json().getString("detail");
    assertTrue(timeDetail.contains("/3/timestamp") || timeDetail.contains("[3].timestamp"), time::toString);
    Http.Response noOffset = http.post("/v1/items", t.apiKey(),
        "[" + good + ",{\"id\":\"x\",\"timestamp\":\"2026-11-22T10:00:00\"}]");
    assertTrue(noOffset.json().getString("detail").contains("[1].timestamp"), noOffset::toString);

    Http.Response huge = http.post("/v1/items", t.apiKey(),
        "[{\"id\":\"big\",\"text\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}]");
    assertEquals(413, huge.status(), huge::toString);
    assertEquals("application/problem+json", huge.header("Content-Type"));
    Http.Response notJson = http.send("POST", "/v1/items", t.apiKey(), good, java.util.Map.of("Content-Type",
        "text/plain"));
    assertTrue(notJson.status() == 400 || notJson.status() == 415, notJson::toString);

    assertEquals(0, TableCounts.count("items", t.id()));
  }

  @Test
  void usersAreUpsertedReadAndErased() {
    TestTenant t = node.createTenant("users");
    Http.Response r = http.post("/v1/users", t.apiKey(),
        "[{\"id\":\"u2\"},{\"id\":\"u1\",\"attributes\":{\"country\":\"NZ\",\"age\":41}}]");
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getInteger("upserted"));
    JsonObject u1 = http.get("/v1/users/u1", t.apiKey()).json();
    assertEquals(new JsonObject().put("id", "u1").put("attributes", new JsonObject().put("country", "NZ")
        .put("age", 41)).put("events", 0), u1);
    assertEquals(new JsonObject(), http.get("/v1/users/u2", t.apiKey()).json().getJsonObject("attributes"));

    r = http.post("/v1/users", t.apiKey(), "[{\"id\":\"u1\",\"attributes\":{\"country\":\"FR\"}}]");
    assertEquals(200, r.status(), r.toString());
    assertEquals("FR", http.get("/v1/users/u1", t.apiKey()).json().getJsonObject("attributes").getString("country"));

    assertEquals(204, http.delete("/v1/users/u1", t.apiKey()).status());
    assertEquals(404, http.get("/v1/users/u1", t.apiKey()).status());
    assertEquals(404, http.delete("/v1/users/u1", t.apiKey()).status());
    assertEquals(404, http.get("/v1/users/nobody", t.apiKey()).status());
    assertEquals(1, TableCounts.count("users", t.id()));
  }

  @Test
  void badUserBatchesAreRejectedAndStoreNothing() {
    TestTenant t = node.createTenant("users-bad");
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(new JsonObject().put("id", "u" + i));
    }
    String[] bodies = {
        "[{\"id\":\"a\"}", "{\"id\":\"a\"}", "[]", "[{\"id\":\"a\"},{\"id\":7}]", "[{\"id\":\"a\"},{}]",
        "[{\"id\":\"a\"},{\"id\":\"b\",\"email\":\"b@x\"}]", "[{\"id\":\"a\"},{\"id\":\"b\",\"attributes\":[1]}]",
        "[{\"id\":\"a\"},{\"id\":\"a\"}]", tooMany.encode(),
    };
    for (String body : bodies) {
      Http.Response r = http.post("/v1/users", t.apiKey(), body);
      assertEquals(400, r.status(), () -> body.substring(0, Math.min(80, body.length())) + " -> " + r);
      assertEquals("application/problem+json", r.header("Content-Type"), r::toString);
    }
    assertEquals(0, TableCounts.count("users", t.id()));
  }

  @Test
  void scopesAndCredentialsAreEnforced() {
    TestTenant t = node.createTenant("scopes");
    String recommend = createKey(t, "recommend");
    String ingest = createKey(t, "ingest");
    String admin = createKey(t, "admin");
    assertEquals(403, http.post("/v1/items", recommend, "[{\"id\":\"a\"}]").status());
    assertEquals(403, http.post("/v1/users", recommend, "[{\"id\":\"a\"}]").status());
    assertEquals(401, http.post("/v1/items", null, "[{\"id\":\"a\"}]").status());
    assertEquals(401, http.post("/v1/users", null, "[{\"id\":\"a\"}]").status());
    assertEquals(0, TableCounts.count("items", t.id()));
    assertEquals(0, TableCounts.count("users", t.id()));

    assertEquals(200, http.post("/v1/items", ingest, "[{\"id\":\"a\"}]").status());
    assertEquals(200, http.post("/v1/users", ingest, "[{\"id\":\"u\"}]").status());
    assertEquals(200, http.get("/v1/items/a", recommend).status());
    assertEquals(200, http.get("/v1/items/a", ingest).status());
    assertEquals(200, http.get("/v1/users/u", recommend).status());
    assertEquals(403, http.get("/v1/items/a", admin).status());
    assertEquals(401, http.get("/v1/items/a", null).status());
    assertEquals(403, http.delete("/v1/items/a", recommend).status());
    assertEquals(403, http.delete("/v1/users/u", recommend).status());
    assertEquals(401, http.delete("/v1/users/u", null).status());
    assertEquals(200, http.get("/v1/items/a", ingest).status());
    assertEquals(200, http.get("/v1/users/u", ingest).status());
  }

  @Test
  void otherTenantsItemsAndUsersAreInvisible() {
    TestTenant a = node.createTenant("iso-a");
    TestTenant b = node.createTenant("iso-b");
    assertEquals(200, http.post("/v1/items", a.apiKey(), "[{\"id\":\"shared-id\",\"text\":\"A's\"}]").status());
    assertEquals(200, http.post("/v1/users", a.apiKey(), "[{\"id\":\"shared-user\"}]").status());
    assertEquals(404, http.get("/v1/items/shared-id", b.apiKey()).status());
    assertEquals(404, http.delete("/v1/items/shared-id", b.apiKey()).status());
    assertEquals(404, http.get("/v1/users/shared-user", b.apiKey()).status());
    assertEquals(404, http.delete("/v1/users/shared-user", b.apiKey()).status());

    // B may use the same ids for its own objects without touching A's
    assertEquals(200, http.post("/v1/items", b.apiKey(), "[{\"id\":\"shared-id\",\"text\":\"B's\"}]").status());
    assertEquals("A's", http.get("/v1/items/shared-id", a.apiKey()).json().getString("text"));
    assertEquals("B's", http.get("/v1/items/shared-id", b.apiKey()).json().getString("text"));
    assertEquals(204, http.delete("/v1/items/shared-id", b.apiKey()).status());
    assertEquals(200, http.get("/v1/items/shared-id", a.apiKey()).status());
    assertEquals(200, http.get("/v1/users/shared-user", a.apiKey()).status());
  }
}
