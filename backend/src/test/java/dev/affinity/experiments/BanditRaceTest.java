package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.config.BanditSettings;
import dev.affinity.experiments.serving.RunningCache;
import dev.affinity.tenants.TenantId;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every node runs the bandit, so a re-allocation must be applied once however many callers race: against real
 * PostgreSQL, two writes computed from the same version leave exactly one re-allocation (one version bump, one
 * audit entry), a write from a stale version or before the interval is up writes nothing, and two bandit jobs (as
 * on two nodes) looking at the same due experiment at the same moment re-allocate it once.
 */
class BanditRaceTest {
  static TestNode node;
  static Http http;
  static Pool pool;

  @BeforeAll
  static void start() {
    node = TestNode.start();
    http = node.http();
    pool = node.node().services().pool();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A started thompson A/B experiment; returns its id. */
  private static String runningThompson(TestTenant t) {
    Http.Response created = http.post("/v1/experiments", t.apiKey(),
        Bodies.ab("race", "home", 1.0).put("allocation", "thompson").encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    assertEquals(200, http.post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());
    return id;
  }

  private static List<String> bandit(TestTenant t, String id) {
    JsonArray entries = http.get("/v1/experiments/" + id + "/audit", t.apiKey()).json().getJsonArray("entries");
    return entries.stream().map(o -> (JsonObject) o).filter(e -> e.getString("actor").equals("bandit"))
        .map(e -> e.getString("action")).toList();
  }

  @Test
  void twoWritesFromTheSameVersionApplyOnce() throws Exception {
    TestTenant t = node.createTenant("bandit-race");
    TenantId tenant = TenantId.parse(t.id()).orElseThrow();
    String id = runningThompson(t);
    ExperimentStore experiments = new ExperimentStore(pool);
    Experiment seen = await(experiments.get(tenant, id)).orElseThrow();
    BanditStore store = new BanditStore(pool);
    JsonObject evidence = new JsonObject().put("test", true);

    Future<Optional<Experiment>> one = store.apply(tenant, seen, Map.of("A", 30.0, "B", 70.0), evidence,
        Duration.ZERO);
    Future<Optional<Experiment>> two = store.apply(tenant, seen, Map.of("A", 30.0, "B", 70.0), evidence,
        Duration.ZERO);
    int applied = (await(one).isPresent() ? 1 : 0) + (await(two).isPresent() ? 1 : 0);
    assertEquals(1, applied, "exactly one of two racing writes applies");

    JsonObject after = http.get("/v1/experiments/" + id, t.apiKey()).json();
    assertEquals(seen.version() + 1, after.getInteger("version"), "one version bump");
    assertEquals(70.0, after.getJsonArray("variants").getJsonObject(1).getDouble("weight"));
    assertEquals(List.of("reallocated"), bandit(t, id), "one audit entry");

    assertTrue(await(store.apply(tenant, seen, Map.of("A", 10.0, "B", 90.0), evidence, Duration.ZERO)).isEmpty(),
        "a write computed from a stale version writes nothing");
    Experiment current = await(experiments.get(tenant, id)).orElseThrow();
    assertTrue(await(store.apply(tenant, current, Map.of("A", 10.0, "B", 90.0), evidence, Duration.ofHours(1)))
        .isEmpty(), "the experiment was just looked at: the next re-allocation is due in an interval");
    assertTrue(!await(store.checked(tenant, current, Duration.ofHours(1))), "nor is the next look");
    assertEquals(List.of("reallocated"), bandit(t, id));
    assertEquals(current.version(), http.get("/v1/experiments/" + id, t.apiKey()).json().getInteger("version"));
  }

  @Test
  void twoJobsLookingAtOnceReallocateOnce() throws Exception {
    TestTenant t = node.createTenant("bandit-jobs");
    String id = runningThompson(t);
    // 200 exposures per variant; B's are clicked ten times as often
    // 200 exposures per variant; B's are clicked ten times as often (one transaction: the bandit of a node
    // running concurrently sees all of it or none)
    java.util.UUID tenant = TenantId.parse(t.id()).orElseThrow().value();
    pool.withTransaction(conn -> conn.preparedQuery("""
        insert into exposures (tenant_id, recommendation_id, experiment_id, variant, user_id, ts)
        select $1, 'rec' || g, $2, case when g % 2 = 0 then 'A' else 'B' end, 'u' || g, now() - interval '1 minute'
        from generate_series(1, 400) g""").execute(Tuple.of(tenant, id))
        .compose(v -> conn.preparedQuery("""
            insert into events (tenant_id, user_id, item_id, type, ts, recommendation_id)
            select $1, 'u' || g, 'i1', 'click', now(), 'rec' || g
            from generate_series(1, 400) g where (g % 2 = 1 and g % 4 = 1) or (g % 2 = 0 and g % 40 = 0)""")
            .execute(Tuple.of(tenant))))
        .await(60, TimeUnit.SECONDS);
    Thread.sleep(1_100); // started more than one interval (1 s) ago: due

    BanditSettings settings = new BanditSettings(Duration.ofSeconds(1), 100, 0.05);
    RunningCache running = new RunningCache(node.node().vertx(), pool);
    BanditJob first = new BanditJob(node.node().vertx(), pool, running, settings);
    BanditJob second = new BanditJob(node.node().vertx(), pool, running, settings);
    Future<Integer> a = first.runOnce();
    Future<Integer> b = second.runOnce();
    await(a);
    await(b);

    assertEquals(List.of("reallocated"), bandit(t, id), "one re-allocation between two racing jobs");
    JsonObject after = http.get("/v1/experiments/" + id, t.apiKey()).json();
    assertEquals(3, after.getInteger("version"), "created 1, started 2, re-allocated 3");
    JsonArray variants = after.getJsonArray("variants");
    assertEquals(5.0, variants.getJsonObject(0).getDouble("weight"), "A keeps the floor");
    assertEquals(95.0, variants.getJsonObject(1).getDouble("weight"));
  }
}
