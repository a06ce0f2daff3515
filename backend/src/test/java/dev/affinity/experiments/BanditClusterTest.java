package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.tenants.TenantId;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two real clustered nodes (Hazelcast, one PostgreSQL), both running the bandit every second: each due
 * re-allocation is applied once (one audit entry per version), and the node that did not apply it serves the new
 * weights at once, because its running-experiment cache was evicted over the clustered event bus (well before the
 * cache's 30-second safety TTL).
 */
@Tag("slow")
class BanditClusterTest {
  static TestNode node1;
  static TestNode node2;

  @BeforeAll
  static void start() {
    String cluster = "affinity-bandit-" + UUID.randomUUID();
    Consumer<java.util.Map<String, String>> bandit = e -> {
      e.put("AFFINITY_BANDIT_INTERVAL_SECONDS", "1");
      e.put("AFFINITY_BANDIT_MIN_EXPOSURES", "100");
    };
    node1 = TestNode.clustered(cluster, bandit);
    node2 = TestNode.clustered(cluster, bandit);
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

  /** Variants seen by 100 new users on a node: [A, B]. */
  private static int[] split(TestNode node, String key, String prefix) {
    int[] seen = new int[2];
    for (int u = 0; u < 100; u++) {
      JsonObject r = node.http().get("/v1/users/" + prefix + u + "/recommendations?count=2", key).json();
      seen[r.getString("variant").equals("A") ? 0 : 1]++;
    }
    return seen;
  }

  @Test
  void bothNodesRunTheBanditButEachReallocationIsAppliedOnceAndServedEverywhere() throws Exception {
    TestTenant t = node1.createTenant("bandit-cluster");
    String key = t.apiKey();
    Http.Response created = node1.http().post("/v1/experiments", key,
        Bodies.ab("cluster", "home", 1.0).put("allocation", "thompson").encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals(200, node1.http().post("/v1/experiments/" + id + "/start", key, "").status());
    int[] before = split(node2, key, "warm");
    assertTrue(before[0] > 25 && before[1] > 25, "node 2 serves (and caches) the 50/50 split: A, B = "
        + before[0] + ", " + before[1]);

    // 300 exposures per variant, B's clicked on half, A's on one in twenty; one transaction, so no bandit sees half
    UUID tenant = TenantId.parse(t.id()).orElseThrow().value();
    node1.node().services().pool().withTransaction(conn -> conn.preparedQuery("""
        insert into exposures (tenant_id, recommendation_id, experiment_id, variant, user_id, ts)
        select $1, 'sim' || g, $2, case when g % 2 = 0 then 'A' else 'B' end, 'sim' || g, now()
        from generate_series(1, 600) g""").execute(Tuple.of(tenant, id))
        .compose(v -> conn.preparedQuery("""
            insert into events (tenant_id, user_id, item_id, type, ts, recommendation_id)
            select $1, 'sim' || g, 'i1', 'click', now(), 'sim' || g
            from generate_series(1, 600) g where (g % 2 = 1 and g % 4 = 1) or (g % 2 = 0 and g % 40 = 0)""")
            .execute(Tuple.of(tenant))))
        .await(60, TimeUnit.SECONDS);

    long deadline = System.nanoTime() + 30_000_000_000L;
    JsonObject current = node1.http().get("/v1/experiments/" + id, key).json();
    while (current.getInteger("version") < 3 && System.nanoTime() < deadline) {
      Thread.sleep(100);
      current = node1.http().get("/v1/experiments/" + id, key).json();
    }
    assertEquals(95.0, current.getJsonArray("variants").getJsonObject(1).getDouble("weight"), current.encode());

    // both nodes keep looking every second for a few more seconds: still one entry per version
    Thread.sleep(3_000);
    JsonArray trail = node2.http().get("/v1/experiments/" + id + "/audit", key).json().getJsonArray("entries");
    List<JsonObject> byBandit = trail.stream().map(o -> (JsonObject) o)
        .filter(e -> e.getString("actor").equals("bandit")).toList();
    assertEquals(1, byBandit.size(), "95/5 is where the counts put it; later looks change nothing: " + trail);
    Set<Integer> versions = new HashSet<>();
    byBandit.forEach(e -> assertTrue(versions.add(e.getJsonObject("details").getInteger("version")), trail.encode()));

    // both nodes serve the new split at once, well within the cache's 30 s TTL
    for (TestNode node : List.of(node1, node2)) {
      int[] after = split(node, key, "new-" + node.port() + "-");
      assertTrue(after[1] >= 85, "B has 95% of the traffic on every node: A, B = " + after[0] + ", " + after[1]);
    }
  }
}
