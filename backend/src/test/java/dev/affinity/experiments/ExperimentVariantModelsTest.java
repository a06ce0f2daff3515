package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Variants serve the model they name, not whatever is active: "item-kNN vs EASE" runs side by side
 * with EASE active, a pinned {@code params.version} serves exactly that version, a model never
 * trained falls back to the active one (and the response says so), and bad parameters are refused.
 */
class ExperimentVariantModelsTest {
  static final int USERS = 120;
  static final int ITEMS = 20;
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



  private static String start(String key, String layer, JsonObject a, JsonObject b) {
    JsonObject spec = new JsonObject().put("name", "models-" + layer).put("hypothesis", "h").put("layer", layer)
        .put("coverage", 1.0).put("variants", new JsonArray().add(a).add(b));
    Http.Response created = http.post("/v1/experiments", key, spec.encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    ServingFixtures.ok(http.post("/v1/experiments/" + id + "/start", key, ""));
    return id;
  }

  /** For every user: which variant served and which model label it carried; asserts the mapping is consistent. */
  private static void assertVariantsServe(String key, String variantA, String labelA, String variantB, String labelB) {
    int a = 0;
    int b = 0;
    for (int u = 0; u < USERS; u++) {
      JsonObject r = http.get("/v1/users/u" + u + "/recommendations?count=3", key).json();
      String v = r.getString("variant");
      if (v.equals(variantA)) {
        assertEquals(labelA, r.getString("model"), r.encode());
        a++;
      } else {
        assertEquals(variantB, v, r.encode());
        assertEquals(labelB, r.getString("model"), r.encode());
        b++;
      }
    }
    assertTrue(a > 20 && b > 20, "both variants got traffic: " + a + "/" + b);
  }

  @Test
  void eachVariantServesItsOwnModelWhicheverIsActive() throws Exception {
    TestTenant t = node.createTenant("exp-models");
    String key = t.apiKey();
    ServingFixtures.plant(http, key, USERS, ITEMS);
    long knn = ServingFixtures.train(http, key, "item-knn");
    long ease = ServingFixtures.train(http, key, "ease");
    assertEquals(knn + 1, ease, "ease is now the active model");
    String id = start(key, "models", Bodies.variant("knn", 50, true, "item-knn"),
        Bodies.variant("ease", 50, false, "ease"));
    assertVariantsServe(key, "knn", "item-knn:v" + knn, "ease", "ease:v" + ease);

    // a newer item-knn version takes over its variant at once; ease's variant keeps its version
    long knn2 = ServingFixtures.train(http, key, "item-knn");
    assertVariantsServe(key, "knn", "item-knn:v" + knn2, "ease", "ease:v" + ease);
    ServingFixtures.ok(http.post("/v1/experiments/" + id + "/stop", key, ""));

    // pinned: the old item-knn version against the newest one
    start(key, "pinned", Bodies.variant("old", 50, true, "item-knn").put("params", new JsonObject().put("version", knn)),
        Bodies.variant("new", 50, false, "item-knn"));
    assertVariantsServe(key, "old", "item-knn:v" + knn, "new", "item-knn:v" + knn2);
  }

  @Test
  void aModelNeverTrainedFallsBackToTheActiveOneAndBadParamsAreRefused() throws Exception {
    TestTenant t = node.createTenant("exp-fallback");
    String key = t.apiKey();
    ServingFixtures.plant(http, key, USERS, ITEMS);
    long knn = ServingFixtures.train(http, key, "item-knn");
    start(key, "fallback", Bodies.variant("knn", 50, true, "item-knn"), Bodies.variant("ials", 50, false, "ials"));
    assertVariantsServe(key, "knn", "item-knn:v" + knn, "ials", "item-knn:v" + knn);

    JsonObject spec = new JsonObject().put("name", "bad").put("hypothesis", "h").put("layer", "bad")
        .put("coverage", 1.0).put("variants", new JsonArray()
            .add(Bodies.variant("A", 50, true, "item-knn"))
            .add(Bodies.variant("B", 50, false, "ease").put("params", new JsonObject().put("lambda", 5))));
    Http.Response unknown = http.post("/v1/experiments", key, spec.encode());
    assertEquals(400, unknown.status());
    assertTrue(unknown.body().contains("lambda"), unknown.body());
    spec.getJsonArray("variants").getJsonObject(1).put("params", new JsonObject().put("version", "three"));
    Http.Response badVersion = http.post("/v1/experiments", key, spec.encode());
    assertEquals(400, badVersion.status());
    assertTrue(badVersion.body().contains("positive integer"), badVersion.body());
  }
}
