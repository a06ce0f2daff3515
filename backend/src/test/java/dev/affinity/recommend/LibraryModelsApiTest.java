package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.model.PlantedData;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model library behind the API: dense models (EASE, iALS) and RP3beta train with request
 * parameters, report them with their metrics, serve through fold-in on every request, and become the
 * tenant's default through {@code PUT /v1/models/default}.
 */
class LibraryModelsApiTest {
  static final List<PlantedData.Event> EVENTS = PlantedData.events(30, 15, 10, 9);
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

  static TestTenant planted(String prefix) {
    TestTenant t = node.createTenant(prefix);
    RecommendFixtures.items(http, t.apiKey(), 15);
    RecommendFixtures.events(http, t.apiKey(), EVENTS);
    return t;
  }

  static JsonObject get(TestTenant t, String path) {
    Http.Response r = http.get(path, t.apiKey());
    assertEquals(200, r.status(), path + " → " + r);
    return r.json();
  }

  @Test
  void denseAndGraphModelsTrainWithParametersAndServeTheUsersOwnGroup() {
    TestTenant t = planted("lib-models");
    Map<String, String> bodies = Map.of(
        "ease", "{\"model\":\"ease\",\"params\":{\"lambda\":100}}",
        "ials", "{\"model\":\"ials\",\"params\":{\"factors\":16,\"iterations\":4}}",
        "rp3beta", "{\"model\":\"rp3beta\"}");
    long version = 0;
    for (String model : List.of("ease", "ials", "rp3beta")) {
      JsonObject job = RecommendFixtures.train(http, t.apiKey(), bodies.get(model));
      assertEquals("succeeded", job.getString("state"), job.encode());
      version++;
      assertEquals(version, job.getLong("version"));
      for (String user : List.of("ua004", "ub011")) {
        // the top 3: a user has seen about half of the 15 items of the group, so the top is in it
        JsonObject recs = get(t, "/v1/users/" + user + "/recommendations?count=3");
        assertEquals(model + ":v" + version, recs.getString("model"), "served by the new version");
        List<String> ids = recs.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
        assertEquals(3, ids.size());
        for (String id : ids) {
          assertEquals(user.charAt(1), id.charAt(0), model + " recommends " + user + " " + id);
          assertFalse(RecommendApiTest.seen(EVENTS, user).contains(id), "never what the user has seen");
        }
      }
    }
    JsonObject models = get(t, "/v1/models");
    JsonObject easeVersion = models.getJsonArray("models").getJsonObject(2);
    assertEquals("ease", easeVersion.getString("name"));
    assertEquals("100", easeVersion.getJsonObject("metrics").getJsonObject("params").getString("lambda"),
        "the parameters a version was trained with are kept with its metrics");
    assertTrue(easeVersion.getJsonObject("metrics").getDouble("recall@10") > 0.2,
        "offline metrics of a planted structure: " + easeVersion.encode());
  }

  @Test
  void diffrecTakesTheReferencesListOfWidthsAndServesTheDeepDenoiser() {
    TestTenant t = planted("lib-diffrec");
    JsonObject job = RecommendFixtures.train(http, t.apiKey(),
        "{\"model\":\"diffrec\",\"params\":{\"dims\":[16,32],\"epochs\":30,\"batch\":10,\"steps\":10}}");
    assertEquals("succeeded", job.getString("state"), job.encode());
    JsonObject version = get(t, "/v1/models").getJsonArray("models").getJsonObject(0);
    assertEquals("16,32", version.getJsonObject("metrics").getJsonObject("params").getString("dims"));
    JsonObject recs = get(t, "/v1/users/ua004/recommendations?count=3");
    assertEquals("diffrec:v1", recs.getString("model"));
    assertEquals(3, recs.getJsonArray("items").size());
    recs.getJsonArray("items").forEach(o -> assertFalse(
        RecommendApiTest.seen(EVENTS, "ua004").contains(((JsonObject) o).getString("id")), "never what was seen"));
    Http.Response words = http.post("/v1/models/train", t.apiKey(),
        "{\"model\":\"diffrec\",\"params\":{\"dims\":[\"wide\"]}}");
    assertEquals(400, words.status(), words.toString());
    Http.Response zero = http.post("/v1/models/train", t.apiKey(), "{\"model\":\"diffrec\",\"params\":{\"dims\":[0]}}");
    assertEquals(400, zero.status(), zero.toString());
    assertTrue(zero.body().contains("dims"), zero.body());
  }

  @Test
  void aDenseModelFoldsInEventsSentAfterTraining() {
    TestTenant t = planted("lib-foldin");
    RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"ease\"}");
    // a brand-new user, unknown at training time, whose only events are in group b
    http.post("/v1/events", t.apiKey(), "[{\"userId\":\"newcomer\",\"itemId\":\"b001\",\"type\":\"purchase\"},"
        + "{\"userId\":\"newcomer\",\"itemId\":\"b002\",\"type\":\"purchase\"}]");
    JsonObject recs = get(t, "/v1/users/newcomer/recommendations?count=5");
    assertEquals("ease:v1", recs.getString("model"), "personalised, not the popularity fallback");
    recs.getJsonArray("items").forEach(o -> {
      String id = ((JsonObject) o).getString("id");
      assertEquals('b', id.charAt(0), "folded in from events after training: " + id);
      assertFalse(id.equals("b001") || id.equals("b002"));
    });
  }

  @Test
  void contentBasedAndHybridModelsReadTheCatalogueAndRecommendANewItem() {
    TestTenant t = node.createTenant("lib-content");
    // the catalogue describes each group in its own words; "b-new" is a beta item no one has touched yet
    io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
    for (String group : new String[] {"a", "b"}) {
      for (int i = 0; i < 15; i++) {
        items.add(new JsonObject().put("id", String.format("%s%03d", group, i))
            .put("text", group.equals("a") ? "alpine meadow hiking boots" : "ocean surf beach towel")
            .put("categories", new io.vertx.core.json.JsonArray().add(group.equals("a") ? "mountains" : "sea")));
      }
    }
    items.add(new JsonObject().put("id", "b-new").put("text", "surf beach towel, new season")
        .put("categories", new io.vertx.core.json.JsonArray().add("sea")));
    assertEquals(200, http.post("/v1/items", t.apiKey(), items.encode()).status());
    RecommendFixtures.events(http, t.apiKey(), EVENTS);

    JsonObject job = RecommendFixtures.train(http, t.apiKey(), "{\"model\":\"content\"}");
    assertEquals("succeeded", job.getString("state"), job.encode());
    // every beta item reads alike, so all the user's unseen beta items (about half of 15) tie ahead of alpha
    JsonObject recs = get(t, "/v1/users/ub011/recommendations?count=12");
    assertEquals("content:v1", recs.getString("model"));
    List<String> ids = recs.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")).toList();
    assertTrue(ids.contains("b-new"), "the new item is recommended from its description alone: " + ids);
    int firstAlpha = ids.stream().filter(id -> id.startsWith("a")).findFirst().map(ids::indexOf).orElse(ids.size());
    assertTrue(ids.indexOf("b-new") < firstAlpha, "the new beta item ranks above every alpha item: " + ids);
    ids.subList(0, firstAlpha).forEach(id -> assertEquals('b', id.charAt(0)));

    JsonObject hybrid = RecommendFixtures.train(http, t.apiKey(),
        "{\"model\":\"hybrid\",\"params\":{\"models\":\"content,ease\"}}");
    assertEquals("succeeded", hybrid.getString("state"), hybrid.encode());
    get(t, "/v1/users/ub011/recommendations?count=3").getJsonArray("items")
        .forEach(o -> assertEquals('b', ((JsonObject) o).getString("id").charAt(0)));
  }

  @Test
  void theDefaultModelIsChosenThroughTheApiAndBadRequestsSayWhy() {
    TestTenant t = planted("lib-default");
    assertEquals("item-knn", get(t, "/v1/models").getString("defaultModel"));
    Http.Response set = http.send("PUT", "/v1/models/default", t.apiKey(), "{\"model\":\"ease\"}", Map.of());
    assertEquals(200, set.status(), set.toString());
    assertEquals("ease", get(t, "/v1/models").getString("defaultModel"));
    JsonObject job = RecommendFixtures.train(http, t.apiKey(), null);
    assertEquals("ease", job.getString("model"));

    Http.Response unknown = http.send("PUT", "/v1/models/default", t.apiKey(), "{\"model\":\"magic\"}", Map.of());
    assertEquals(400, unknown.status());
    assertTrue(unknown.body().contains("ease"), "lists the known models: " + unknown.body());
    Http.Response badParam = http.post("/v1/models/train", t.apiKey(), "{\"model\":\"ease\",\"params\":{\"lamda\":5}}");
    assertEquals(400, badParam.status());
    assertTrue(badParam.body().contains("lamda"), badParam.body());
    Http.Response badValue = http.post("/v1/models/train", t.apiKey(), "{\"model\":\"ease\",\"params\":{\"lambda\":-1}}");
    assertEquals(400, badValue.status());
    assertTrue(badValue.body().contains("lambda"), badValue.body());
    assertEquals(400, http.post("/v1/models/train", t.apiKey(), "{\"params\":{\"lambda\":5}}").status(),
        "parameters without a model are ambiguous");
  }
}
