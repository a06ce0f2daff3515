package dev.affinity.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.PrometheusText;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} over real HTTP: per-tenant request counts by route template and status class match exactly
 * what each tenant sent, one tenant's requests never show under another, unknown paths share one series, events
 * ingested are counted per tenant, and the model-info series follows the model a tenant is served.
 */
class RequestMetricsHttpTest {
  static final String RESPONSES = "affinity_http_responses_total";
  static final String LATENCY_COUNT = "affinity_http_requests_seconds_count";
  static final String LATENCY_BUCKET = "affinity_http_requests_seconds_bucket";
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

  static PrometheusText scrape() {
    Http.Response r = http.get("/metrics", null);
    assertEquals(200, r.status());
    return PrometheusText.parse(r.body());
  }

  static String events(int n, String user) {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < n; i++) {
      batch.add(new JsonObject().put("userId", user).put("itemId", "item-" + i).put("type", "view")
          .put("timestamp", Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i).toString()));
    }
    return batch.encode();
  }

  static void expect(int status, Http.Response r) {
    assertEquals(status, r.status(), r.toString());
  }

  @Test
  void countsPerTenantRouteAndStatusClassAreExactAndNeverMix() {
    TestTenant a = node.createTenant("metrics-a");
    TestTenant b = node.createTenant("metrics-b");
    for (int i = 0; i < 7; i++) {
      expect(200, http.get("/v1/items/popular", a.apiKey()));
    }
    for (int i = 0; i < 3; i++) {
      expect(404, http.get("/v1/items/missing-" + i + "/similar", a.apiKey()));
    }
    expect(400, http.get("/v1/users/u1/recommendations?count=0", a.apiKey()));
    expect(200, http.post("/v1/events", a.apiKey(), events(5, "ua")));
    expect(200, http.post("/v1/events", a.apiKey(), events(4, "ua")));
    for (int i = 0; i < 4; i++) {
      expect(200, http.get("/v1/items/popular", b.apiKey()));
    }
    expect(200, http.get("/v1/users/u2/recommendations", b.apiKey()));
    expect(401, http.get("/v1/items/popular", "ak_not-a-real-key"));

    PrometheusText m = scrape();
    String ta = a.id();
    String tb = b.id();
    assertEquals(7, m.sum(RESPONSES, "tenant", ta, "method", "GET", "route", "/v1/items/popular", "status", "2xx"));
    assertEquals(3, m.sum(RESPONSES, "tenant", ta, "method", "GET", "route", "/v1/items/{itemId}/similar",
        "status", "4xx"));
    assertEquals(1, m.sum(RESPONSES, "tenant", ta, "method", "GET", "route", "/v1/users/{userId}/recommendations",
        "status", "4xx"));
    assertEquals(2, m.sum(RESPONSES, "tenant", ta, "method", "POST", "route", "/v1/events", "status", "2xx"));
    assertEquals(13, m.sum(RESPONSES, "tenant", ta), "every request of A, and only those");
    assertEquals(9, m.sum("affinity_events_ingested_total", "tenant", ta));

    assertEquals(4, m.sum(RESPONSES, "tenant", tb, "route", "/v1/items/popular", "status", "2xx"));
    assertEquals(1, m.sum(RESPONSES, "tenant", tb, "route", "/v1/users/{userId}/recommendations", "status", "2xx"));
    assertEquals(5, m.sum(RESPONSES, "tenant", tb), "B's requests only: none of A's leak into B");
    assertTrue(m.find(RESPONSES, "tenant", tb, "status", "4xx").isEmpty(), "B made no failing request");
    assertTrue(m.find("affinity_events_ingested_total", "tenant", tb).isEmpty(), "B sent no events");
    assertEquals(1, m.sum(RESPONSES, "tenant", "none", "route", "/v1/items/popular", "status", "4xx"),
        "a request with a bad key is counted, but under no tenant");

    // the latency histogram counts the same requests, and its buckets are cumulative up to +Inf
    assertEquals(7, m.sum(LATENCY_COUNT, "tenant", ta, "method", "GET", "route", "/v1/items/popular"));
    assertEquals(7, m.sum(LATENCY_BUCKET, "tenant", ta, "method", "GET", "route", "/v1/items/popular", "le", "+Inf"));
    assertEquals(NodeMetrics.LATENCY_BUCKETS.length + 1,
        m.find(LATENCY_BUCKET, "tenant", ta, "method", "GET", "route", "/v1/items/popular").size());
    assertEquals(13, m.sum(LATENCY_COUNT, "tenant", ta));

    // the dashboard's view of the same registry agrees, and holds only A's routes
    TenantFigures figures = node.node().services().metrics().figures(dev.affinity.tenants.TenantId.parse(ta)
        .orElseThrow());
    assertEquals(13, figures.requests());
    assertEquals(9, figures.eventsIngested());
    assertEquals(4, figures.routes().size(), figures.routes().toString());
  }

  @Test
  void unknownPathsShareOneSeriesAndNeverBecomeLabels() {
    TestTenant t = node.createTenant("metrics-unknown");
    expect(200, http.get("/v1/items/popular", t.apiKey()));
    int before = series(scrape());
    List<String> secrets = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String junk = UUID.randomUUID().toString();
      secrets.add(junk);
      expect(404, http.get("/v1/" + junk, t.apiKey()));
      expect(404, http.get("/" + junk + "/x", null));
      expect(404, http.get("/static/" + junk + ".js", null));
      http.get("/dashboard/" + junk, null); // the dashboard's catch-all: a login redirect or its 404 page
    }
    String body = http.get("/metrics", null).body();
    for (String junk : secrets) {
      assertFalse(body.contains(junk), "a raw path became a label: " + junk);
    }
    PrometheusText m = PrometheusText.parse(body);
    assertEquals(30, m.sum(RESPONSES, "tenant", t.id(), "route", RouteTemplates.UNMATCHED, "status", "4xx"));
    assertTrue(m.sum(RESPONSES, "tenant", "none", "route", RouteTemplates.UNMATCHED) >= 30);
    assertTrue(m.sum(RESPONSES, "tenant", "none", "route", "/static/*") >= 30);
    assertTrue(m.sum(RESPONSES, "tenant", "none", "route", "/dashboard*") >= 30);
    int added = series(m) - before;
    // a route template per caller is 16 buckets + count + sum + max + a status counter or two
    assertTrue(added <= 6 * (NodeMetrics.LATENCY_BUCKETS.length + 6),
        "120 distinct unknown paths added " + added + " series; expected only a few route templates' worth");
    Set<String> routes = m.samples().stream().filter(s -> s.name().equals(RESPONSES))
        .map(s -> s.label("route")).collect(Collectors.toSet());
    assertTrue(routes.stream().allMatch(r -> r.equals(RouteTemplates.UNMATCHED) || r.startsWith("/")), routes.toString());
  }

  @Test
  void modelInfoFollowsTheServedModelWithOneSeriesPerTenant() throws Exception {
    TestTenant t = node.createTenant("metrics-model");
    JsonArray items = new JsonArray();
    for (int i = 0; i < 6; i++) {
      items.add(new JsonObject().put("id", "item-" + i).put("active", true));
    }
    expect(200, http.post("/v1/items", t.apiKey(), items.encode()));
    expect(200, http.post("/v1/events", t.apiKey(), events(6, "ua")));
    expect(200, http.post("/v1/events", t.apiKey(), events(3, "ub")));
    assertTrue(scrape().find("affinity_model_info", "tenant", t.id()).isEmpty(), "no model yet");

    train(t, 1);
    List<PrometheusText.Sample> info = scrape().find("affinity_model_info", "tenant", t.id());
    assertEquals(1, info.size(), info.toString());
    assertEquals("1", info.getFirst().label("version"));
    assertEquals(1.0, info.getFirst().value());

    train(t, 2);
    info = scrape().find("affinity_model_info", "tenant", t.id());
    assertEquals(1, info.size(), "the old version's series is gone: " + info);
    assertEquals("2", info.getFirst().label("version"));
    assertEquals(info.getFirst().label("model"), node.node().services().metrics()
        .figures(dev.affinity.tenants.TenantId.parse(t.id()).orElseThrow()).model());
  }

  private static void train(TestTenant t, long version) throws InterruptedException {
    Http.Response r = http.post("/v1/models/train", t.apiKey(), "{\"model\":\"item-knn\"}");
    expect(202, r);
    String job = r.json().getString("jobId");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonObject j = http.get("/v1/models/jobs/" + job, t.apiKey()).json();
      if ("succeeded".equals(j.getString("state"))) {
        assertEquals(version, j.getLong("version"));
        return;
      }
      assertFalse("failed".equals(j.getString("state")), j.encode());
      Thread.sleep(50);
    }
    throw new AssertionError("training did not finish");
  }

  /** Number of affinity_http_* series in the scrape. */
  private static int series(PrometheusText m) {
    return (int) m.samples().stream().filter(s -> s.name().startsWith("affinity_http_")).count();
  }
}
