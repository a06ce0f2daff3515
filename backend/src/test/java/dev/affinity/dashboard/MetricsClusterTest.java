package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.PrometheusText;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes: each exports only its own requests at {@code /metrics} (Prometheus adds them up), while the
 * dashboard's metrics page on either node shows the tenant's figures of the whole cluster, and only that tenant's.
 */
@Tag("slow")
class MetricsClusterTest {
  static TestNode node1;
  static TestNode node2;

  @BeforeAll
  static void start() {
    String cluster = "affinity-metrics-" + UUID.randomUUID();
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
  void thePageAddsUpEveryNodeWhileEachNodeExportsItsOwn() throws InterruptedException {
    TestTenant t = node1.createTenant("metrics-cluster");
    TestTenant other = node1.createTenant("metrics-cluster-other");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, node1.http().get("/v1/items/popular", t.apiKey()).status());
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(200, node2.http().get("/v1/items/popular", t.apiKey()).status());
    }
    assertEquals(404, node2.http().get("/v1/items/gone/similar", t.apiKey()).status());
    assertEquals(200, node2.http().get("/v1/items/popular", other.apiKey()).status());

    assertEquals(3, scrape(node1).sum("affinity_http_responses_total", "tenant", t.id()));
    assertEquals(5, scrape(node2).sum("affinity_http_responses_total", "tenant", t.id()));

    for (TestNode node : new TestNode[] {node1, node2}) {
      FormClient browser = new FormClient(node.http());
      browser.login(t.adminEmail(), t.adminPassword());
      JsonObject figures = figuresOfAllNodes(browser);
      assertEquals(8, figures.getLong("requests"), figures.encode());
      assertEquals("all 2 nodes", figures.getString("nodesText"));
      JsonObject popular = route(figures, "/v1/items/popular");
      assertEquals(7, popular.getLong("requests"));
      assertEquals(7, popular.getJsonArray("buckets").getLong(popular.getJsonArray("buckets").size() - 1),
          "the merged histogram holds every request of both nodes");
      assertEquals(1, route(figures, "/v1/items/{itemId}/similar").getLong("clientErrors"));
      assertEquals(2, figures.getJsonArray("routes").size(), "the other tenant's request is not here");
      Http.Response page = browser.get("/dashboard/metrics");
      assertTrue(page.body().contains("id=\"metrics-nodes\">all 2 nodes<"), page.body());
      assertTrue(page.body().contains("class=\"num requests\">7<"), page.body());
    }
  }

  /** The JSON once both nodes answer (a node's metrics address is known cluster-wide shortly after it starts). */
  private static JsonObject figuresOfAllNodes(FormClient browser) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonObject figures;
    do {
      Http.Response r = browser.get("/dashboard/metrics.json");
      assertEquals(200, r.status(), r.toString());
      figures = r.json();
      if (figures.getInteger("nodes") == 2) {
        return figures;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("only " + figures.getInteger("nodes") + " node(s) answered: " + figures.encode());
  }

  private static JsonObject route(JsonObject figures, String route) {
    return figures.getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals(route)).findFirst().orElseThrow(() -> new AssertionError(route));
  }

  private static PrometheusText scrape(TestNode node) {
    return PrometheusText.parse(node.http().get("/metrics", null).body());
  }
}
