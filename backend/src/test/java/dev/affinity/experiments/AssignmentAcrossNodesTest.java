package dev.affinity.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Assignment is a pure function of (tenant, experiment, user), so it must not depend on which node answers or
 * on what a node remembers: two clustered nodes (real Hazelcast, one PostgreSQL) give every user the same
 * experiment and variant — including "no experiment" for users outside the coverage — and so do fresh nodes
 * started after the first ones are stopped, with nothing carried over but the database.
 */
@Tag("slow")
class AssignmentAcrossNodesTest {
  static final int USERS = 200;
  private final List<TestNode> running = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (int i = running.size() - 1; i >= 0; i--) {
      running.get(i).close();
    }
  }

  @Test
  void everyUserGetsTheSameVariantFromEveryNodeAndAfterRestarts() {
    String cluster = "affinity-assignment-" + UUID.randomUUID();
    TestNode node1 = start(cluster);
    TestNode node2 = start(cluster);
    TestTenant t = node1.createTenant("assign-cluster");
    JsonArray items = new JsonArray();
    for (int i = 0; i < 10; i++) {
      items.add(new JsonObject().put("id", "i" + i).put("active", true));
    }
    ok(node1.http().post("/v1/items", t.apiKey(), items.encode()));

    // three arms and 60 % coverage, so "not in the experiment" is an outcome that must agree too
    JsonObject spec = new JsonObject().put("name", "sticky").put("hypothesis", "assignment is stateless")
        .put("layer", "home").put("coverage", 0.6).put("variants", new JsonArray()
            .add(Bodies.variant("A", 50, true, "popularity"))
            .add(Bodies.variant("B", 30, false, "item-knn"))
            .add(Bodies.variant("C", 20, false, "popularity")));
    Http.Response created = node1.http().post("/v1/experiments", t.apiKey(), spec.encode());
    assertEquals(201, created.status(), created.toString());
    String id = created.json().getString("id");
    ok(node2.http().post("/v1/experiments/" + id + "/start", t.apiKey(), ""));

    Map<String, String> first = assignments(node1, t);
    assertEquals(first, assignments(node2, t), "node 2 assigns every user as node 1 does");
    Set<String> outcomes = new HashSet<>(first.values());
    assertEquals(Set.of(id + "/A", id + "/B", id + "/C", "none"), outcomes, "every arm and 'outside' occur");
    long outside = first.values().stream().filter("none"::equals).count();
    assertTrue(outside > 40 && outside < 120, outside + " of " + USERS + " users outside 60 % coverage");

    stop(node2);
    TestNode node3 = start(cluster);
    assertEquals(first, assignments(node3, t), "a fresh node joining the cluster assigns the same");
    assertEquals(first, assignments(node1, t), "and the surviving node still does");

    stop(node1);
    TestNode node4 = start(cluster);
    assertEquals(first, assignments(node4, t), "with every original node gone, a fresh node still agrees");
    assertEquals(first, assignments(node3, t));
  }

  /** user id -> "experiment/variant", or "none" when the user is served outside any experiment. */
  private static Map<String, String> assignments(TestNode node, TestTenant t) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int u = 0; u < USERS; u++) {
      String user = "user-" + u;
      Http.Response r = node.http().get("/v1/users/" + user + "/recommendations?count=3", t.apiKey());
      assertEquals(200, r.status(), r.toString());
      JsonObject body = r.json();
      String experiment = body.getString("experiment");
      out.put(user, experiment == null ? "none" : experiment + "/" + body.getString("variant"));
    }
    return out;
  }

  private TestNode start(String cluster) {
    TestNode node = TestNode.clustered(cluster);
    running.add(node);
    return node;
  }

  private void stop(TestNode node) {
    running.remove(node);
    node.close();
  }

  private static void ok(Http.Response r) {
    assertTrue(r.status() / 100 == 2, r.toString());
  }
}
