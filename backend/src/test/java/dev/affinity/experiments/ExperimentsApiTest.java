package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** Experiments CRUD, edit rules, lifecycle and audit through real HTTP and PostgreSQL. */
class ExperimentsApiTest {
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

  static JsonObject created(TestTenant t, JsonObject body) {
    Http.Response r = http.post("/v1/experiments", t.apiKey(), body.encode());
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  static Http.Response put(TestTenant t, String id, JsonObject body) {
    return http.send("PUT", "/v1/experiments/" + id, t.apiKey(), body.encode(), Map.of());
  }

  @Test
  void createGetListEditDelete() {
    TestTenant t = node.createTenant("exp-crud");
    JsonObject body = Bodies.ab("knn vs pop", "home", 0.3)
        .put("primaryMetric", "conversionRate")
        .put("targeting", new JsonObject().put("country", "DE"));
    JsonObject e = created(t, body);
    String id = e.getString("id");
    assertEquals("draft", e.getString("status"));
    assertEquals("home", e.getString("layer"));
    assertEquals(0.3, e.getDouble("coverage"), 1e-9);
    assertEquals(new JsonObject().put("start", 0).put("end", 3000), e.getJsonObject("bucketRange"));
    assertEquals("conversionRate", e.getString("primaryMetric"));
    assertEquals("DE", e.getJsonObject("targeting").getString("country"));
    assertNull(e.getValue("salt"), "the salt is not shown");
    JsonArray vs = e.getJsonArray("variants");
    assertEquals(2, vs.size());
    assertEquals("A", vs.getJsonObject(0).getString("name"));
    assertTrue(vs.getJsonObject(0).getBoolean("control"));
    assertEquals("item-knn", vs.getJsonObject(1).getString("model"));
    assertEquals(1, e.getInteger("version"));

    assertEquals(e, http.get("/v1/experiments/" + id, t.apiKey()).json());

    // a second experiment in the same layer takes the next free range
    JsonObject second = created(t, Bodies.ab("second", "home", 0.5));
    assertEquals(new JsonObject().put("start", 3000).put("end", 8000), second.getJsonObject("bucketRange"));
    JsonArray list = http.get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments");
    assertEquals(2, list.size());
    assertEquals(second.getString("id"), list.getJsonObject(0).getString("id"), "newest first");

    // a draft may change anything, weights as fractions included
    JsonObject edit = new JsonObject().put("name", "renamed").put("coverage", 0.2).put("version", 1)
        .put("variants", new JsonArray().add(Bodies.variant("A", 0.25, true, "popularity"))
            .add(Bodies.variant("B", 0.75, false, "item-knn")));
    Http.Response edited = put(t, id, edit);
    assertEquals(200, edited.status(), edited.toString());
    JsonObject after = edited.json();
    assertEquals("renamed", after.getString("name"));
    assertEquals(2, after.getInteger("version"));
    assertEquals(new JsonObject().put("start", 0).put("end", 2000), after.getJsonObject("bucketRange"));
    assertEquals(25.0, after.getJsonArray("variants").getJsonObject(0).getDouble("weight"), 1e-9);
    assertEquals(75.0, after.getJsonArray("variants").getJsonObject(1).getDouble("weight"), 1e-9);
    Http.Response stale = put(t, id, new JsonObject().put("name", "lost update").put("version", 1));
    assertEquals(409, stale.status(), stale.toString());
    assertTrue(stale.json().getString("detail").contains("version 2"), stale.body());

    // rejected edits change nothing: bad weights, no room for the new coverage, an empty edit
    Http.Response badWeights = put(t, id, new JsonObject().put("name", "never stored").put("variants", new JsonArray()
        .add(Bodies.variant("A", 10, true, "popularity")).add(Bodies.variant("B", 10, false, "item-knn"))));
    assertEquals(400, badWeights.status(), badWeights.toString());
    Http.Response noRoom = put(t, id, new JsonObject().put("name", "never stored").put("coverage", 0.6));
    assertEquals(409, noRoom.status(), noRoom.toString());
    assertTrue(noRoom.json().getString("detail").contains("Layer 'home' has only 50% free"), noRoom.body());
    assertEquals(400, put(t, id, new JsonObject()).status());
    assertEquals(after, http.get("/v1/experiments/" + id, t.apiKey()).json());

    assertEquals(204, http.delete("/v1/experiments/" + id, t.apiKey()).status());
    assertEquals(404, http.get("/v1/experiments/" + id, t.apiKey()).status());
    assertEquals(1, http.get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments").size());
  }

  @Test
  void everyImpossibleConfigurationIs400WithAReasonAndStoresNothing() {
    TestTenant t = node.createTenant("exp-bad");
    JsonObject base = Bodies.ab("bad", "home", 0.5);
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 60, true, "popularity"))
        .add(Bodies.variant("B", 30, false, "item-knn"))), "sum to 90");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 50, true, "popularity"))
        .add(Bodies.variant("B", 50, true, "item-knn"))), "A, B all do");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 50, false, "popularity"))
        .add(Bodies.variant("B", 50, false, "item-knn"))), "none does");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 50, true, "popularity"))
        .add(Bodies.variant("B", 50, false, "deep-magic"))), "unknown model 'deep-magic'; known models: popularity, item-knn, rp3beta, ease, slist, ials");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 50, true, "popularity"))
        .add(Bodies.variant("A", 50, false, "item-knn"))), "'A' appears more than once");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 100, true, "popularity"))),
        "at least 2 variants");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 100, true, "popularity"))
        .add(Bodies.variant("B", 0, false, "item-knn"))), "'B' has weight 0");
    assertBad(t, base.copy().put("variants", new JsonArray().add(Bodies.variant("A", 150, true, "popularity"))
        .add(Bodies.variant("B", -50, false, "item-knn"))), "'B' has weight -50");
    assertBad(t, base.copy().put("coverage", 0), "coverage must be in (0, 1]");
    assertBad(t, base.copy().put("coverage", 1.5), "coverage must be in (0, 1]");
    assertBad(t, base.copy().put("coverage", 0.00001), "smallest share");
    assertBad(t, base.copy().put("layer", "no spaces"), "layer");
    assertBad(t, base.copy().put("primaryMetric", "revenue"), "primaryMetric");
    assertBad(t, base.copy().put("color", "blue"), "color");
    assertEquals(0, http.get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments").size());
  }

  private static void assertBad(TestTenant t, JsonObject body, String expected) {
    Http.Response r = http.post("/v1/experiments", t.apiKey(), body.encode());
    assertEquals(400, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertTrue(r.json().getString("detail").contains(expected), "'" + expected + "' not in: " + r.body());
  }

  @Test
  void aFullLayerIs409AndAStoppedExperimentFreesItsRange() {
    TestTenant t = node.createTenant("exp-layer");
    JsonObject first = created(t, Bodies.ab("seventy", "home", 0.7));
    Http.Response full = http.post("/v1/experiments", t.apiKey(), Bodies.ab("forty", "home", 0.4).encode());
    assertEquals(409, full.status(), full.toString());
    assertTrue(full.json().getString("detail").contains("Layer 'home' has only 30% free"), full.body());
    // other layers are independent, and 30% still fits
    created(t, Bodies.ab("other layer", "search", 1.0));
    JsonObject thirty = created(t, Bodies.ab("thirty", "home", 0.3));
    assertEquals(7000, thirty.getJsonObject("bucketRange").getInteger("start"));
    Http.Response none = http.post("/v1/experiments", t.apiKey(), Bodies.ab("any", "home", 0.01).encode());
    assertEquals(409, none.status());
    assertTrue(none.json().getString("detail").contains("has only 0% free"), none.body());

    String id = first.getString("id");
    assertEquals(200, http.post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());
    assertEquals(200, http.post("/v1/experiments/" + id + "/stop", t.apiKey(), "").status());
    JsonObject reuse = created(t, Bodies.ab("reuses the range", "home", 0.7));
    assertEquals(0, reuse.getJsonObject("bucketRange").getInteger("start"));
  }

  @Test
  void concurrentCreatesNeverShareALayersBuckets() throws Exception {
    TestTenant t = node.createTenant("exp-race");
    int n = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      java.util.List<java.util.concurrent.Future<Http.Response>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        String body = Bodies.ab("racer " + i, "race", 0.3).encode();
        answers.add(pool.submit(() -> http.post("/v1/experiments", t.apiKey(), body)));
      }
      int created = 0;
      int conflicts = 0;
      for (java.util.concurrent.Future<Http.Response> f : answers) {
        Http.Response r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
        if (r.status() == 201) {
          created++;
        } else {
          assertEquals(409, r.status(), r.toString());
          conflicts++;
        }
      }
      assertEquals(3, created, "three 30% ranges fit into one layer");
      assertEquals(n - 3, conflicts);
    } finally {
      pool.shutdownNow();
    }
    JsonArray all = http.get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments");
    java.util.Set<Integer> starts = new java.util.TreeSet<>();
    all.forEach(o -> starts.add(((JsonObject) o).getJsonObject("bucketRange").getInteger("start")));
    assertEquals(java.util.Set.of(0, 3000, 6000), starts);
  }

  @Test
  void lifecycleIsDraftRunningStoppedAndOnlyThat() {
    TestTenant t = node.createTenant("exp-life");
    String id = created(t, Bodies.ab("life", "home", 0.5)).getString("id");
    String base = "/v1/experiments/" + id;
    assertConflict(http.post(base + "/stop", t.apiKey(), ""), "only a running experiment can stop");
    Http.Response started = http.post(base + "/start", t.apiKey(), "");
    assertEquals(200, started.status(), started.toString());
    assertEquals("running", started.json().getString("status"));
    assertNotNull(started.json().getString("startedAt"));
    assertConflict(http.post(base + "/start", t.apiKey(), ""), "only a draft experiment can start");
    assertConflict(http.delete(base, t.apiKey()), "stop it before deleting");

    // running: buckets are fixed, names are not
    assertConflict(put(t, id, new JsonObject().put("coverage", 0.4)), "changing coverage");
    assertConflict(put(t, id, new JsonObject().put("layer", "elsewhere")), "changing layer");
    assertConflict(put(t, id, new JsonObject().put("variants", new JsonArray()
        .add(Bodies.variant("A", 40, true, "popularity")).add(Bodies.variant("B", 60, false, "item-knn")))),
        "the weight of 'A', the weight of 'B'");
    assertConflict(put(t, id, new JsonObject().put("variants", new JsonArray()
        .add(Bodies.variant("A", 50, true, "popularity")).add(Bodies.variant("B", 50, false, "popularity")))),
        "model, params, count");
    Http.Response renamed = put(t, id, new JsonObject().put("name", "still running").put("hypothesis", "h2")
        .put("targeting", new JsonObject().put("tier", new JsonArray().add("gold").add("silver"))));
    assertEquals(200, renamed.status(), renamed.toString());
    assertEquals("still running", renamed.json().getString("name"));
    assertEquals("running", renamed.json().getString("status"));

    Http.Response stopped = http.post(base + "/stop", t.apiKey(), "");
    assertEquals(200, stopped.status());
    assertEquals("stopped", stopped.json().getString("status"));
    assertNotNull(stopped.json().getString("stoppedAt"));
    assertConflict(http.post(base + "/start", t.apiKey(), ""), "never runs again");
    assertConflict(http.post(base + "/stop", t.apiKey(), ""), "only a running experiment can stop");
    assertConflict(put(t, id, new JsonObject().put("coverage", 0.1)), "is stopped");
    assertEquals(204, http.delete(base, t.apiKey()).status());
    assertEquals(404, http.post(base + "/start", t.apiKey(), "").status());
  }

  private static void assertConflict(Http.Response r, String expected) {
    assertEquals(409, r.status(), r.toString());
    assertTrue(r.json().getString("detail").contains(expected), "'" + expected + "' not in: " + r.body());
  }

  @Test
  void theAuditTrailSaysWhoDidWhatAndOutlivesTheExperiment() throws Exception {
    TestTenant t = node.createTenant("exp-audit");
    String keyId = http.get("/v1/api-keys", t.apiKey()).json().getJsonArray("keys").getJsonObject(0)
        .getString("keyId");
    String session = node.node().services().jwt().issue(node.node().services().adminAuth()
        .login(t.adminEmail(), t.adminPassword()).await(30, java.util.concurrent.TimeUnit.SECONDS).orElseThrow());
    String id = created(t, Bodies.ab("audited", "home", 0.5)).getString("id");
    String base = "/v1/experiments/" + id;
    assertEquals(200, http.send("PUT", base, session, new JsonObject().put("name", "by admin").encode(), Map.of())
        .status());
    assertEquals(200, put(t, id, new JsonObject().put("name", "by admin")).status(), "a no-op edit");
    assertEquals(200, http.post(base + "/start", session, "").status());
    assertEquals(200, http.post(base + "/stop", t.apiKey(), "").status());
    assertEquals(204, http.delete(base, session).status());

    Http.Response r = http.get(base + "/audit", t.apiKey());
    assertEquals(200, r.status(), r.toString());
    JsonArray entries = r.json().getJsonArray("entries");
    assertEquals(5, entries.size(), "the no-op edit is not audited: " + r.body());
    String[] actions = {"created", "updated", "started", "stopped", "deleted"};
    String[] actors = {keyId, t.adminEmail(), t.adminEmail(), keyId, t.adminEmail()};
    for (int i = 0; i < actions.length; i++) {
      JsonObject entry = entries.getJsonObject(i);
      assertEquals(actions[i], entry.getString("action"), r.body());
      assertEquals(actors[i], entry.getString("actor"), r.body());
      assertNotNull(entry.getString("at"));
    }
    assertEquals("audited", entries.getJsonObject(0).getJsonObject("details").getString("name"));
    assertEquals(new JsonObject().put("from", "audited").put("to", "by admin"),
        entries.getJsonObject(1).getJsonObject("details").getJsonObject("changes").getJsonObject("name"));
    assertEquals("running", entries.getJsonObject(2).getJsonObject("details").getString("to"));
    assertEquals("stopped", entries.getJsonObject(4).getJsonObject("details").getString("status"));
    assertNotEquals(entries.getJsonObject(0).getLong("seq"), entries.getJsonObject(1).getLong("seq"));
    assertEquals(404, http.get("/v1/experiments/exp_nosuch/audit", t.apiKey()).status());
  }
}
