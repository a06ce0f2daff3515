package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
 * Targeting through the real API: only users whose stored attributes match enter a targeted experiment
 * (an array matches any of its values, numbers and booleans compare by value), everyone else — users
 * without attributes and unknown users included — is served outside it, and an untargeted experiment in
 * another layer still takes them.
 */
class ExperimentTargetingTest {
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

  private static String startExperiment(String key, String layer, JsonObject targeting) {
    JsonObject spec = Bodies.ab("targeted-" + layer, layer, 1.0);
    if (targeting != null) {
      spec.put("targeting", targeting);
    }
    Http.Response created = http.post("/v1/experiments", key, spec.encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals(200, http.post("/v1/experiments/" + id + "/start", key, "").status());
    return id;
  }

  private static JsonObject recommend(String key, String user) {
    Http.Response r = http.get("/v1/users/" + user + "/recommendations?count=3", key);
    assertEquals(200, r.status(), r.toString());
    return r.json();
  }

  @Test
  void onlyMatchingUsersEnterATargetedExperiment() {
    TestTenant t = node.createTenant("exp-targeting");
    String key = t.apiKey();
    JsonArray users = new JsonArray();
    for (int u = 0; u < 60; u++) {
      JsonObject attrs = new JsonObject()
          .put("country", u % 3 == 0 ? "DE" : u % 3 == 1 ? "FR" : "IT")
          .put("tier", u % 2 == 0 ? "gold" : "bronze")
          .put("age", 20 + u % 5)
          .put("beta", u % 4 == 0);
      users.add(new JsonObject().put("id", "u" + u).put("attributes", attrs));
    }
    users.add(new JsonObject().put("id", "bare"));
    Http.Response stored = http.post("/v1/users", key, users.encode());
    assertEquals(200, stored.status(), stored.toString());

    String targeted = startExperiment(key, "targeted", new JsonObject()
        .put("country", new JsonArray().add("DE").add("IT")).put("tier", "gold").put("age", new JsonArray().add(20)
            .add(22).add(24)));
    int inside = 0;
    for (int u = 0; u < 60; u++) {
      boolean want = u % 3 != 1 && u % 2 == 0 && (20 + u % 5) % 2 == 0;
      JsonObject r = recommend(key, "u" + u);
      if (want) {
        assertEquals(targeted, r.getString("experiment"), "u" + u + " matches every targeted attribute");
        inside++;
      } else {
        assertNull(r.getValue("experiment"), "u" + u + " does not match: " + r.encode());
      }
    }
    assertTrue(inside >= 10, "enough matching users to mean something: " + inside);
    assertNull(recommend(key, "bare").getValue("experiment"), "a user without attributes is not targeted");
    assertNull(recommend(key, "nobody").getValue("experiment"), "an unknown user is not targeted");

    // a boolean attribute, and an untargeted experiment in another layer for everyone else
    String betas = startExperiment(key, "betas", new JsonObject().put("beta", true));
    String everyone = startExperiment(key, "everyone", null);
    for (int u = 0; u < 60; u++) {
      String got = recommend(key, "u" + u).getString("experiment");
      boolean first = u % 3 != 1 && u % 2 == 0 && (20 + u % 5) % 2 == 0;
      assertTrue(got != null, "u" + u + " is in some experiment now");
      if (!first && u % 4 != 0) {
        assertEquals(everyone, got, "u" + u + " matches neither targeted experiment");
      }
      if (got.equals(betas)) {
        assertEquals(0, u % 4, "only beta users enter the beta experiment");
      }
    }
    assertEquals(everyone, recommend(key, "bare").getString("experiment"));
  }
}
