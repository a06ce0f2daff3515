package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serving caches through the real API on one node: once a user's history and the catalogue are
 * cached, writes that bypass the API are not seen (so the caches really answer), and every write through
 * the API — an event, an item deactivation or deletion, a user erasure — shows in the very next answer.
 */
class ServingCacheApiTest {
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

  /** A planted tenant (a014 inactive) with a trained item-kNN model. */
  static TestTenant trained(String prefix) {
    TestTenant t = node.createTenant(prefix);
    RecommendFixtures.items(http, t.apiKey(), 15, "a014");
    RecommendFixtures.events(http, t.apiKey(), RecommendApiTest.EVENTS);
    JsonObject job = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals("succeeded", job.getString("state"), job.encode());
    return t;
  }

  static List<String> ids(TestTenant t, String path) {
    Http.Response r = http.get(path, t.apiKey());
    assertEquals(200, r.status(), path + " → " + r);
    return RecommendApiTest.ids(r.json());
  }

  static void event(Http http, TestTenant t, String user, String item) {
    JsonArray batch = new JsonArray().add(new JsonObject().put("userId", user).put("itemId", item)
        .put("type", "purchase").put("timestamp", "2026-11-20T00:00:00Z"));
    Http.Response r = http.post("/v1/events", t.apiKey(), batch.encode());
    assertEquals(200, r.status(), r.toString());
  }

  static void upsert(Http http, TestTenant t, String item, boolean active) {
    JsonArray batch = new JsonArray().add(new JsonObject().put("id", item)
        .put("categories", new JsonArray().add(item.startsWith("a") ? "alpha" : "beta").add("all")).put("active", active));
    Http.Response r = http.post("/v1/items", t.apiKey(), batch.encode());
    assertEquals(200, r.status(), r.toString());
  }

  private static void sql(String statement, Object... args) {
    node.node().services().pool().preparedQuery(statement).execute(Tuple.from(args)).await();
  }

  @Test
  void aNewEventRemovesTheItemFromTheUsersNextRecommendations() {
    TestTenant t = trained("cache-events");
    String recs = "/v1/users/ua000/recommendations?count=5";
    List<String> warm = ids(t, recs);
    assertEquals(5, warm.size());

    // written around the API: no invalidation, so the cached history still answers
    sql("insert into events (tenant_id, user_id, item_id, type, ts) values ($1, 'ua000', $2, 'purchase', $3)",
        UUID.fromString(t.id()), warm.get(0), OffsetDateTime.now(ZoneOffset.UTC));
    assertTrue(ids(t, recs).contains(warm.get(0)), "served from the cached history, not from SQL");

    event(http, t, "ua000", warm.get(1));
    List<String> after = ids(t, recs);
    assertFalse(after.contains(warm.get(1)), "the item just bought is still recommended: " + after);
    assertFalse(after.contains(warm.get(0)), "the history was re-read in full: " + after);
  }

  @Test
  void deactivatedOrDeletedItemsLeaveRecommendationsSimilarAndPopularAtOnce() {
    TestTenant t = trained("cache-items");
    String recs = "/v1/users/ua000/recommendations?count=5";
    String popular = "/v1/items/popular?count=10";
    String similar = "/v1/items/a000/similar?count=5";
    List<String> warmRecs = ids(t, recs);
    List<String> warmPopular = ids(t, popular);
    List<String> warmSimilar = ids(t, similar);

    String p = warmPopular.get(0);
    sql("update items set active = false where tenant_id = $1 and id = $2", UUID.fromString(t.id()), p);
    assertTrue(ids(t, popular).contains(p), "served from the cached catalogue, not from SQL");

    upsert(http, t, p, false);
    assertFalse(ids(t, popular).contains(p), "a deactivated item is still popular");
    assertFalse(ids(t, "/v1/users/nobody/recommendations").contains(p), "a deactivated item in cold start");
    upsert(http, t, p, true);
    assertTrue(ids(t, popular).contains(p), "reactivated items come back");

    String s = warmSimilar.get(0);
    assertEquals(204, http.delete("/v1/items/" + s, t.apiKey()).status());
    assertFalse(ids(t, similar).contains(s), "a deleted item is still similar");
    assertEquals(404, http.get("/v1/items/" + s + "/similar", t.apiKey()).status(), "a deleted item is unknown");

    String r = warmRecs.get(0).equals(s) ? warmRecs.get(1) : warmRecs.get(0);
    assertEquals(204, http.delete("/v1/items/" + r, t.apiKey()).status());
    List<String> after = ids(t, recs);
    assertFalse(after.contains(r) || after.contains(s), "deleted items are still recommended: " + after);
    assertFalse(ids(t, popular).contains(r));
  }

  @Test
  void anErasedUserStartsColdAgain() {
    TestTenant t = trained("cache-erase");
    String recs = "/v1/users/ua000/recommendations?count=10";
    assertEquals("item-knn:v1", http.get(recs, t.apiKey()).json().getString("model"));

    assertEquals(204, http.delete("/v1/users/ua000", t.apiKey()).status());
    JsonObject cold = http.get(recs, t.apiKey()).json();
    assertEquals("popularity:v1", cold.getString("model"), cold.encode());
    assertEquals(ids(t, "/v1/items/popular?count=10"), RecommendApiTest.ids(cold), "cold start is the popular list");
  }

  @Test
  void servingParametersAreCheckedAsTheContractSays() {
    TestTenant t = node.createTenant("cache-params");
    for (String path : new String[] {"/v1/users/u1/recommendations?includeSeen=maybe",
        "/v1/users/u1/recommendations?category=", "/v1/items/popular?count=1.5", "/v1/items/popular?count=",
        "/v1/users/" + "u".repeat(257) + "/recommendations", "/v1/items/x/similar?count=-3"}) {
      Http.Response r = http.get(path, t.apiKey());
      assertEquals(400, r.status(), path + " → " + r);
      assertEquals("application/problem+json", r.header("Content-Type"), path);
    }
    assertEquals(200, http.get("/v1/users/u1/recommendations?count=500&includeSeen=true&category=x&exclude=a,b",
        t.apiKey()).status());
    assertEquals(200, http.get("/v1/users/" + "u".repeat(256) + "/recommendations", t.apiKey()).status());
  }

  @Test
  void anotherTenantsWritesNeverTouchThisTenantsCaches() {
    TestTenant t = trained("cache-mine");
    TestTenant other = trained("cache-other");
    String recs = "/v1/users/ua000/recommendations?count=5";
    List<String> warm = ids(t, recs);
    List<String> warmPopular = ids(t, "/v1/items/popular?count=10");

    event(http, other, "ua000", warm.get(0));
    upsert(http, other, warmPopular.get(0), false);
    assertEquals(204, http.delete("/v1/items/" + warm.get(1), other.apiKey()).status());
    assertEquals(warm, ids(t, recs), "the other tenant's ua000 and items are different objects");
    assertEquals(warmPopular, ids(t, "/v1/items/popular?count=10"));
    assertFalse(ids(other, recs).contains(warm.get(0)));
  }
}
