package dev.affinity.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.recommend.model.PlantedData;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered nodes (Hazelcast, same cluster name, same PostgreSQL): what one node changes, the
 * other obeys at once — key revocations and model switches travel over the clustered event bus.
 */
@Tag("slow")
class RecommendClusterTest {
  static TestNode node1;
  static TestNode node2;

  @BeforeAll
  static void start() {
    String cluster = "affinity-recommend-" + UUID.randomUUID();
    node1 = TestNode.clustered(cluster);
    node2 = TestNode.clustered(cluster);
  }

  @AfterAll
  static void stop() {
    if (node2 != null) {
      node2.close();
    }
    if (node1 != null) {
      node1.close();
    }
  }

  @Test
  void aKeyRevokedOnOneNodeStopsWorkingOnTheOtherAtOnce() {
    TestTenant t = node1.createTenant("cluster-keys");
    Http.Response created = node1.http().post("/v1/api-keys", t.apiKey(),
        new JsonObject().put("name", "front-end").put("scopes", new JsonArray().add("recommend")).encode());
    assertEquals(201, created.status(), created.toString());
    String key = created.json().getString("apiKey");
    assertEquals(200, node2.http().get("/v1/items/popular", key).status(), "the key works (and is cached) on node 2");
    assertEquals(200, node2.http().get("/v1/items/popular", key).status());

    assertEquals(204, node1.http().delete("/v1/api-keys/" + created.json().getString("keyId"), t.apiKey()).status());
    long took = awaitTrue(() -> node2.http().get("/v1/items/popular", key).status() == 401, 5_000);
    assertTrue(took >= 0, "node 2 still accepted the key revoked on node 1 after 5 s");
  }

  @Test
  void aModelTrainedOnOneNodeIsServedByTheOtherWithoutRestart() {
    TestTenant t = node1.createTenant("cluster-models");
    RecommendFixtures.items(node1.http(), t.apiKey(), 15);
    RecommendFixtures.events(node1.http(), t.apiKey(), PlantedData.events(30, 15, 10, 5));
    String recs = "/v1/users/ua001/recommendations?count=5";
    assertEquals("popularity:live", node2.http().get(recs, t.apiKey()).json().getString("model"));

    JsonObject v1 = RecommendFixtures.train(node1.http(), t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals("succeeded", v1.getString("state"), v1.encode());
    awaitTrue(() -> "item-knn:v1".equals(node2.http().get(recs, t.apiKey()).json().getString("model")), 5_000);

    // node 2 now holds v1 in memory and never re-reads it: only the activation message can move it to v2
    Http.Response accepted = node1.http().post("/v1/models/train", t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals(202, accepted.status());
    JsonObject v2 = RecommendFixtures.awaitJob(node2.http(), t.apiKey(), accepted.json().getString("jobId"));
    assertEquals("succeeded", v2.getString("state"), "node 2 reports the job node 1 runs: " + v2.encode());
    assertEquals(2L, v2.getLong("version"));
    long took = awaitTrue(() -> "item-knn:v2".equals(node2.http().get(recs, t.apiKey()).json().getString("model")), 5_000);
    assertTrue(took >= 0, "node 2 did not switch to v2 within 5 s");
    assertEquals(2L, node2.http().get("/v1/models", t.apiKey()).json().getLong("active"));
  }

  @Test
  void writesOnOneNodeReachTheOtherNodesWarmServingCaches() {
    TestTenant t = node1.createTenant("cluster-caches");
    RecommendFixtures.items(node1.http(), t.apiKey(), 15);
    RecommendFixtures.events(node1.http(), t.apiKey(), PlantedData.events(30, 15, 10, 7));
    JsonObject v1 = RecommendFixtures.train(node1.http(), t.apiKey(), "{\"model\":\"item-knn\"}");
    assertEquals("succeeded", v1.getString("state"), v1.encode());
    String recs = "/v1/users/ua002/recommendations?count=5";
    String popular = "/v1/items/popular?count=10";
    String similar = "/v1/items/a000/similar?count=5";
    awaitTrue(() -> "item-knn:v1".equals(node2.http().get(recs, t.apiKey()).json().getString("model")), 5_000);
    Http http2 = node2.http();
    List<String> warmRecs = ids(http2.get(recs, t.apiKey()));
    List<String> warmPopular = ids(http2.get(popular, t.apiKey()));
    List<String> warmSimilar = ids(http2.get(similar, t.apiKey()));
    assertEquals(5, warmRecs.size());

    String bought = warmRecs.get(0);
    ServingCacheApiTest.event(node1.http(), t, "ua002", bought);
    assertTrue(awaitTrue(() -> !ids(http2.get(recs, t.apiKey())).contains(bought), 5_000) >= 0,
        "node 2 still recommends the item ua002 bought on node 1");

    String deactivated = warmPopular.get(0);
    ServingCacheApiTest.upsert(node1.http(), t, deactivated, false);
    assertTrue(awaitTrue(() -> !ids(http2.get(popular, t.apiKey())).contains(deactivated), 5_000) >= 0,
        "node 2 still serves the item deactivated on node 1 as popular");

    String deleted = warmSimilar.get(0);
    assertEquals(204, node1.http().delete("/v1/items/" + deleted, t.apiKey()).status());
    assertTrue(awaitTrue(() -> !ids(http2.get(similar, t.apiKey())).contains(deleted), 5_000) >= 0,
        "node 2 still serves the item deleted on node 1 as similar");
    assertEquals(404, http2.get("/v1/items/" + deleted + "/similar", t.apiKey()).status());

    assertEquals("item-knn:v1", http2.get(recs, t.apiKey()).json().getString("model"));
    assertEquals(204, node1.http().delete("/v1/users/ua002", t.apiKey()).status());
    assertTrue(awaitTrue(() -> "popularity:v1".equals(http2.get(recs, t.apiKey()).json().getString("model")), 5_000)
        >= 0, "node 2 still serves the history of the user erased on node 1");
  }

  private static List<String> ids(Http.Response r) {
    assertEquals(200, r.status(), r.toString());
    List<String> out = new ArrayList<>();
    r.json().getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("id")));
    return out;
  }

  /** Polls until true; returns the milliseconds it took, or -1 after {@code timeoutMs}. */
  private static long awaitTrue(Supplier<Boolean> condition, long timeoutMs) {
    long start = System.nanoTime();
    while (System.nanoTime() - start < timeoutMs * 1_000_000) {
      if (condition.get()) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      RecommendFixtures.sleep(20);
    }
    return -1;
  }
}
