package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.tenants.TenantId;
import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What serving reads: only running experiments of the tenant, assigning users by their configured weights. */
class RunningExperimentsTest {
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

  static String create(TestTenant t, JsonObject body) {
    Http.Response r = http.post("/v1/experiments", t.apiKey(), body.encode());
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  @Test
  void onlyRunningExperimentsOfTheTenantAreServedAndUsersSplitByWeight() throws Exception {
    TestTenant t = node.createTenant("exp-running");
    TestTenant other = node.createTenant("exp-running-other");
    JsonObject body = Bodies.ab("split", "home", 0.5).put("variants", new JsonArray()
        .add(Bodies.variant("A", 20, true, "popularity"))
        .add(Bodies.variant("B", 80, false, "item-knn").put("count", 5)));
    String running = create(t, body);
    assertEquals(200, http.post("/v1/experiments/" + running + "/start", t.apiKey(), "").status());
    create(t, Bodies.ab("still a draft", "search", 1.0));
    String stopped = create(t, Bodies.ab("stopped", "home", 0.5));
    assertEquals(200, http.post("/v1/experiments/" + stopped + "/start", t.apiKey(), "").status());
    assertEquals(200, http.post("/v1/experiments/" + stopped + "/stop", t.apiKey(), "").status());
    String othersId = create(other, Bodies.ab("other tenant", "home", 1.0));
    assertEquals(200, http.post("/v1/experiments/" + othersId + "/start", other.apiKey(), "").status());

    RunningExperiments reader = new RunningExperiments(node.node().services().pool());
    List<ActiveExperiment> active = reader.of(TenantId.parse(t.id()).orElseThrow()).await(30, TimeUnit.SECONDS);
    assertEquals(1, active.size(), active.toString());
    ActiveExperiment e = active.get(0);
    assertEquals(running, e.id());
    assertEquals(t.id(), e.layout().tenantId());
    assertEquals(5, e.arms().get(1).count());

    Map<String, Integer> seen = new HashMap<>();
    int users = 20_000;
    for (int i = 0; i < users; i++) {
      String user = "user-" + i;
      e.assign(user).ifPresent(arm -> seen.merge(arm.variant(), 1, Integer::sum));
      assertEquals(e.assign(user), e.assign(user), "sticky");
    }
    int in = seen.values().stream().mapToInt(Integer::intValue).sum();
    // coverage 0.5 and a 20/80 split; binomial standard deviations are below 1%, allow about 4 of them
    assertTrue(Math.abs(in / (double) users - 0.5) < 0.015, "in experiment: " + in);
    assertTrue(Math.abs(seen.get("A") / (double) in - 0.2) < 0.02, "A: " + seen);
  }
}
