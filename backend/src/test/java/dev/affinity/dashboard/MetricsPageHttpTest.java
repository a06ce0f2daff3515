package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's metrics page and its JSON over HTTP: session-only, and each admin sees exactly their own
 * tenant's requests, errors and events — never another tenant's.
 */
class MetricsPageHttpTest {
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

  @Test
  void eachAdminSeesOnlyTheirTenantsFigures() {
    TestTenant a = node.createTenant("dash-metrics-a");
    TestTenant b = node.createTenant("dash-metrics-b");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, http.get("/v1/items/popular", a.apiKey()).status());
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(200, http.get("/v1/items/popular", b.apiKey()).status());
    }
    assertEquals(404, http.get("/v1/items/nope/similar", b.apiKey()).status());
    assertEquals(404, http.get("/v1/items/nada/similar", b.apiKey()).status());
    String event = new JsonArray().add(new JsonObject().put("userId", "u").put("itemId", "i").put("type", "view")
        .put("timestamp", "2026-11-01T00:00:00Z")).encode();
    assertEquals(200, http.post("/v1/events", b.apiKey(), event).status());

    FormClient browserA = new FormClient(http);
    browserA.login(a.adminEmail(), a.adminPassword());
    Http.Response page = browserA.get("/dashboard/metrics");
    assertEquals(200, page.status(), page.toString());
    assertEquals(Pages.CSP, page.header("Content-Security-Policy"));
    String html = page.body();
    assertTrue(html.contains(a.name()) && !html.contains(b.name()), "the page names A only");
    assertEquals("3", cell(html, "metrics-requests"));
    assertEquals("0", cell(html, "metrics-events"));
    assertEquals("none", cell(html, "metrics-model"));
    assertTrue(html.contains("<code>/v1/items/popular</code>"), html);
    assertFalse(html.contains("/v1/items/{itemId}/similar"), "B's failing route is not on A's page");
    assertTrue(html.contains("class=\"num requests\">3<"), html);
    assertTrue(html.contains("src=\"/static/js/metrics.js\""));
    assertTrue(html.contains("id=\"nav-metrics\"") && html.contains("aria-current=\"page\">Metrics<"));

    JsonObject jsonA = json(browserA);
    assertEquals(3, jsonA.getLong("requests"));
    assertEquals(1, jsonA.getJsonArray("routes").size(), jsonA.encode());
    JsonObject popular = jsonA.getJsonArray("routes").getJsonObject(0);
    assertEquals("/v1/items/popular", popular.getString("route"));
    assertEquals("GET", popular.getString("method"));
    assertEquals(3, popular.getLong("requests"));
    assertEquals(0.0, popular.getDouble("errorRate"));
    assertTrue(popular.getDouble("p50Ms") > 0 && popular.getDouble("p50Ms") <= popular.getDouble("p99Ms"),
        popular.encode());

    FormClient browserB = new FormClient(http);
    browserB.login(b.adminEmail(), b.adminPassword());
    JsonObject jsonB = json(browserB);
    assertEquals(8, jsonB.getLong("requests"), jsonB.encode());
    assertEquals(1, jsonB.getLong("eventsIngested"));
    JsonObject similar = jsonB.getJsonArray("routes").stream().map(JsonObject.class::cast)
        .filter(r -> r.getString("route").equals("/v1/items/{itemId}/similar")).findFirst().orElseThrow();
    assertEquals(2, similar.getLong("clientErrors"));
    assertEquals(1.0, similar.getDouble("errorRate"));
    assertTrue(browserB.get("/dashboard/metrics").body().contains("class=\"num requests\">5<"));

    assertEquals(3, json(browserA).getLong("requests"), "dashboard visits are not counted as the tenant's API calls");
  }

  @Test
  void withoutASessionThePageAndItsJsonSendToLogin() {
    FormClient anonymous = new FormClient(http);
    for (String path : new String[] {"/dashboard/metrics", "/dashboard/metrics.json"}) {
      Http.Response r = anonymous.get(path);
      assertEquals(303, r.status(), path);
      assertEquals("/dashboard/login", r.header("Location"));
    }
    TestTenant t = node.createTenant("dash-metrics-key");
    Http.Response withKey = http.get("/dashboard/metrics.json", t.apiKey());
    assertEquals(303, withKey.status(), "an API key is not a dashboard session");
  }

  private static JsonObject json(FormClient browser) {
    Http.Response r = browser.get("/dashboard/metrics.json");
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("application/json"));
    assertEquals("no-store", r.header("Cache-Control"));
    return r.json();
  }

  private static String cell(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(html);
    assertTrue(m.find(), id + " in " + html);
    return m.group(1).strip();
  }
}
