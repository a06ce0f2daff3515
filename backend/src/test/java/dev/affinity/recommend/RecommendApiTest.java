package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.model.PlantedData;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Training and serving through the real HTTP API on a real node and PostgreSQL. */
class RecommendApiTest {
  static final List<PlantedData.Event> EVENTS = PlantedData.events(30, 15, 10, 3);
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

  /** A tenant with the planted catalogue (a014 inactive) and events. */
  static TestTenant planted(String prefix) {
    TestTenant t = node.createTenant(prefix);
    RecommendFixtures.items(http, t.apiKey(), 15, "a014");
    RecommendFixtures.events(http, t.apiKey(), EVENTS);
    return t;
  }

  /** Items the user interacted with in any way (a dislike too): never recommended back to them. */
  static Set<String> seen(String user) {
    return seen(EVENTS, user);
  }

  static Set<String> seen(List<PlantedData.Event> events, String user) {
    Set<String> out = new HashSet<>();
    for (PlantedData.Event e : events) {
      if (e.user().equals(user)) {
        out.add(e.item());
      }
    }
    return out;
  }

  static JsonObject get(TestTenant t, String path) {
    Http.Response r = http.get(path, t.apiKey());
    assertEquals(200, r.status(), path + " → " + r);
    return r.json();
  }

  static List<String> ids(JsonObject body) {
    List<String> out = new ArrayList<>();
    body.getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("id")));
    return out;
  }

  @Test
  void trainsAndServesWithinTheUsersGroupRespectingFilters() {
    TestTenant t = planted("rec");
    Set<String> seen = seen("ua000");
    assertFalse(seen.isEmpty());

    JsonObject cold = get(t, "/v1/users/ua000/recommendations?count=5");
    assertEquals("popularity:live", cold.getString("model"));
    assertEquals(5, ids(cold).size());
    ids(cold).forEach(id -> assertFalse(seen.contains(id), "seen item " + id + " recommended"));
    assertEquals(new JsonObject().putNull("active").put("defaultModel", "item-knn").put("models", new JsonArray()),
        get(t, "/v1/models"));

    JsonObject job = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals("succeeded", job.getString("state"), job.encode());
    assertEquals("item-knn", job.getString("model"));
    assertEquals(1L, job.getLong("version"));
    assertEquals(1.0, job.getDouble("progress"));
    assertNotNull(job.getString("startedAt"));
    assertNotNull(job.getString("finishedAt"));

    JsonObject models = get(t, "/v1/models");
    assertEquals(1L, models.getLong("active"));
    JsonObject v1 = models.getJsonArray("models").getJsonObject(0);
    assertEquals("item-knn", v1.getString("name"));
    assertTrue(v1.getDouble("trainSeconds") > 0);
    assertTrue(v1.getJsonObject("metrics").getDouble("recall@10") > 0, v1.encode());
    assertTrue(v1.getJsonObject("metrics").containsKey("ndcg@10"));

    JsonObject recs = get(t, "/v1/users/ua000/recommendations?count=5");
    assertEquals("item-knn:v1", recs.getString("model"));
    assertNull(recs.getValue("experiment"));
    assertNull(recs.getValue("variant"));
    List<String> top = ids(recs);
    assertEquals(5, top.size());
    for (String id : top) {
      assertTrue(id.startsWith("a"), "ua000 is in group a, got " + id);
      assertFalse(seen.contains(id), "seen item " + id);
      assertNotEquals("a014", id, "inactive items are never recommended");
    }
    JsonArray items = recs.getJsonArray("items");
    for (int r = 1; r < items.size(); r++) {
      assertTrue(items.getJsonObject(r - 1).getDouble("score") >= items.getJsonObject(r).getDouble("score"));
    }
    String recId = recs.getString("recommendationId");
    assertTrue(recId.matches("[A-Za-z0-9_-]{16,}"), recId);
    assertNotEquals(recId, get(t, "/v1/users/ua000/recommendations?count=5").getString("recommendationId"));

    assertEquals(3, ids(get(t, "/v1/users/ua000/recommendations?count=3")).size());
    List<String> excluded = ids(get(t, "/v1/users/ua000/recommendations?count=5&exclude=" + top.get(0) + "," + top.get(1)));
    assertFalse(excluded.contains(top.get(0)) || excluded.contains(top.get(1)), excluded.toString());
    assertEquals(top.subList(2, 5), excluded.subList(0, 3), "excluding items shifts the rest up");

    JsonObject beta = get(t, "/v1/users/ua000/recommendations?count=5&category=beta");
    assertEquals(5, ids(beta).size());
    ids(beta).forEach(id -> assertTrue(id.startsWith("b"), "category beta, got " + id));
    assertEquals("popularity:v1", beta.getString("model"), "no kNN candidate of ua000 is in beta: popularity fills");

    List<String> all = ids(get(t, "/v1/users/ua000/recommendations?count=50"));
    assertEquals(29 - seen.size(), all.size(), "every active unseen item of both groups");
    all.forEach(id -> assertFalse(seen.contains(id)));
    List<String> withSeen = ids(get(t, "/v1/users/ua000/recommendations?count=50&includeSeen=true"));
    assertEquals(29, withSeen.size());
    assertTrue(withSeen.containsAll(seen), "includeSeen returns the user's items too");

    JsonObject unknown = get(t, "/v1/users/nobody-" + UUID.randomUUID() + "/recommendations");
    assertEquals("popularity:v1", unknown.getString("model"));
    JsonObject popular = get(t, "/v1/items/popular");
    assertEquals("popularity:v1", popular.getString("model"));
    assertEquals(ids(popular), ids(unknown), "cold start is the popularity list");
    assertEquals(10, ids(popular).size());
    assertFalse(ids(popular).contains("a014"));
    JsonArray pop = popular.getJsonArray("items");
    for (int r = 1; r < pop.size(); r++) {
      assertTrue(pop.getJsonObject(r - 1).getDouble("score") >= pop.getJsonObject(r).getDouble("score"));
    }
    ids(get(t, "/v1/items/popular?count=20&category=beta")).forEach(id -> assertTrue(id.startsWith("b"), id));

    JsonObject similar = get(t, "/v1/items/a000/similar?count=5");
    assertEquals("item-knn:v1", similar.getString("model"));
    assertEquals(5, ids(similar).size());
    ids(similar).forEach(id -> assertTrue(id.startsWith("a") && !id.equals("a000") && !id.equals("a014"), id));
    assertEquals(404, http.get("/v1/items/no-such-item/similar", t.apiKey()).status());
  }

  @Test
  void aDislikedItemIsNeverRecommendedBack() {
    TestTenant t = planted("dislike");
    assertEquals(202, http.post("/v1/models/train", t.apiKey(), "{}").status());
    String user = "fresh-" + UUID.randomUUID();
    String top = ids(get(t, "/v1/users/" + user + "/recommendations?count=1")).getFirst();
    Http.Response r = http.post("/v1/events", t.apiKey(), new JsonArray().add(new JsonObject()
        .put("userId", user).put("itemId", top).put("type", "dislike")).encode());
    assertEquals(200, r.status(), r.toString());
    List<String> after = ids(get(t, "/v1/users/" + user + "/recommendations?count=10"));
    assertFalse(after.contains(top), "the disliked " + top + " came back: " + after);
    assertFalse(after.isEmpty());
  }

  @Test
  void badInputsAre4xxAndOtherTenantsJobsAreInvisible() {
    TestTenant t = node.createTenant("rec-bad");
    TestTenant other = node.createTenant("rec-other");
    String key = t.apiKey();
    assertEquals(400, http.get("/v1/users/u1/recommendations?count=0", key).status());
    assertEquals(400, http.get("/v1/users/u1/recommendations?count=501", key).status());
    assertEquals(400, http.get("/v1/users/u1/recommendations?count=ten", key).status());
    assertEquals(400, http.get("/v1/items/popular?count=0", key).status());
    assertEquals(400, http.get("/v1/items/x/similar?count=501", key).status());
    assertEquals(400, http.post("/v1/models/train", key, "{\"model\":\"deep-magic\"}").status());
    assertEquals(400, http.post("/v1/models/train", key, "{\"model\":\"item-knn\",\"extra\":1}").status());
    assertEquals(404, http.get("/v1/models/jobs/job_doesnotexist", key).status());

    String recommendOnly = createKey(t, "recommend");
    String ingestOnly = createKey(t, "ingest");
    assertEquals(403, http.post("/v1/models/train", recommendOnly, "{}").status());
    assertEquals(403, http.get("/v1/models", recommendOnly).status());
    assertEquals(403, http.get("/v1/users/u1/recommendations", ingestOnly).status());
    assertEquals(403, http.get("/v1/items/popular", ingestOnly).status());
    assertEquals(200, http.get("/v1/items/popular", recommendOnly).status());
    assertEquals(401, http.get("/v1/items/popular", null).status());

    Http.Response accepted = http.post("/v1/models/train", other.apiKey(), "{}");
    assertEquals(202, accepted.status(), accepted.toString());
    String jobId = accepted.json().getString("jobId");
    assertEquals(404, http.get("/v1/models/jobs/" + jobId, key).status(), "another tenant's job does not exist here");
    RecommendFixtures.awaitJob(http, other.apiKey(), jobId);
    assertEquals(0, get(t, "/v1/models").getJsonArray("models").size());
  }

  @Test
  void withoutEventsTrainingFailsClearlyAndServingAnswersEmpty() {
    TestTenant t = node.createTenant("rec-empty");
    JsonObject recs = get(t, "/v1/users/someone/recommendations");
    assertEquals("popularity:live", recs.getString("model"));
    assertEquals(0, recs.getJsonArray("items").size());
    assertEquals(0, get(t, "/v1/items/popular").getJsonArray("items").size());
    assertEquals(404, http.get("/v1/items/ghost/similar", t.apiKey()).status());

    JsonObject job = RecommendFixtures.train(http, t.apiKey(), null);
    assertEquals("failed", job.getString("state"));
    assertTrue(job.getString("message").contains("no positive events"), job.getString("message"));
    assertNotNull(job.getString("finishedAt"));
    assertNull(get(t, "/v1/models").getValue("active"));
  }

  @Test
  void tenantDefaultModelAppliesAndVersionsCountUp() {
    TestTenant t = planted("rec-default");
    node.node().services().pool()
        .preparedQuery("insert into tenant_settings (tenant_id, default_model) values ($1, 'popularity')")
        .execute(Tuple.of(UUID.fromString(t.id()))).await();

    JsonObject first = RecommendFixtures.train(http, t.apiKey(), null);
    assertEquals("popularity", first.getString("model"));
    assertEquals(1L, first.getLong("version"));
    JsonObject recs = get(t, "/v1/users/ub003/recommendations?count=4");
    assertEquals("popularity:v1", recs.getString("model"));
    ids(recs).forEach(id -> assertFalse(seen("ub003").contains(id)));
    assertEquals(400, http.get("/v1/items/a000/similar?count=0", t.apiKey()).status());
    assertEquals("popularity:v1", get(t, "/v1/items/a000/similar").getString("model"), "no neighbours: popularity");

    JsonObject second = RecommendFixtures.train(http, t.apiKey(), "{}");
    assertEquals("popularity", second.getString("model"), "an empty body also means the tenant's default");
    JsonObject third = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals(3L, third.getLong("version"));
    JsonObject models = get(t, "/v1/models");
    assertEquals(3L, models.getLong("active"));
    assertEquals(List.of(3L, 2L, 1L), models.getJsonArray("models").stream()
        .map(o -> ((JsonObject) o).getLong("version")).toList(), "newest first");
    assertEquals("item-knn:v3", get(t, "/v1/users/ub003/recommendations").getString("model"));
  }

  @Test
  void theSqlEventWeightsAreTheDocumentedOnes() {
    Object[][] cases = {{"purchase", null}, {"cart", null}, {"like", null}, {"click", null}, {"view", null},
        {"dislike", null}, {"rating", 5.0}, {"rating", 3.5}, {"rating", 1.0}, {"rating", 9.0}, {"rating", null},
        {"mystery", null}};
    for (Object[] c : cases) {
      double sql = node.node().services().pool()
          .preparedQuery("select " + EventWeights.SQL + " from (select $1::text as type, $2::float8 as value) e")
          .execute(Tuple.of(c[0], c[1])).await().iterator().next().getDouble(0);
      assertEquals(EventWeights.weight((String) c[0], (Double) c[1]), sql, 1e-9, c[0] + " " + c[1]);
    }
  }

  private static String createKey(TestTenant t, String scope) {
    Http.Response r = http.post("/v1/api-keys", t.apiKey(),
        new JsonObject().put("name", scope + "-only").put("scopes", new JsonArray().add(scope)).encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("apiKey");
  }
}
