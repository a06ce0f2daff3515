package dev.affinity.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * Renders every dashboard template with realistic variables, exactly as the backend will
 * (template names "templates/x.html"), and checks ids, escaping, null handling, CSP-friendliness
 * and that every static file the pages reference is really in the jar.
 */
class TemplatesRenderTest {

  private static final String HOSTILE = "<script>alert(1)</script>";
  private static final String HOSTILE_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
  private static final Pattern STATIC_REF = Pattern.compile("(?:href|src)=\"(/static/[^\"]+)\"");

  private final TemplateRenderer renderer = new TemplateRenderer();

  // ---------- variables ----------

  private static Map<String, Object> session(String tenantName) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("tenantName", tenantName);
    vars.put("adminEmail", "admin@acme.test");
    vars.put("csrfToken", "csrf-123");
    return vars;
  }

  private static List<Map<String, Object>> series(boolean allZero) {
    Instant start = Instant.parse("2025-06-01T10:00:00Z").truncatedTo(ChronoUnit.HOURS);
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("hour", start.plus(i, ChronoUnit.HOURS).toString());
      p.put("count", allZero ? 0L : (long) i * 10);
      points.add(p);
    }
    return points;
  }

  private static Map<String, Object> overviewVars(String tenantName, Map<String, Object> model, boolean zero) {
    Map<String, Object> vars = session(tenantName);
    vars.put("counts", Map.of("users", 5949L, "items", 2810L, "events", 1_000_209L));
    vars.put("eventsPerHour", series(zero));
    vars.put("model", model);
    return vars;
  }

  private static Map<String, Object> key(String id, String name, String scopes, String revokedAt) {
    Map<String, Object> k = new HashMap<>();
    k.put("keyId", id);
    k.put("name", name);
    k.put("scopes", scopes);
    k.put("createdAt", "2025-06-01T10:00:00Z");
    k.put("revokedAt", revokedAt);
    return k;
  }

  private static Map<String, Object> apiKeysVars(List<Map<String, Object>> keys, String newKey, String error) {
    Map<String, Object> vars = session("Acme");
    vars.put("keys", keys);
    vars.put("newKey", newKey);
    vars.put("error", error);
    return vars;
  }

  /** The models page with one version (parameters {@code params}) and a live and a failed job. */
  static Map<String, Object> modelsVars(String params, String error) {
    Map<String, Object> vars = session("Acme");
    Map<String, Object> version = new HashMap<>();
    version.put("version", 2L);
    version.put("name", "ease");
    version.put("createdAt", "2026-11-22T10:00:00Z");
    version.put("trainSeconds", "1.5");
    version.put("recall", "0.1234");
    version.put("ndcg", "0.0987");
    version.put("params", params);
    version.put("active", true);
    Map<String, Object> running = new HashMap<>();
    running.put("jobId", "job_1");
    running.put("model", "ials");
    running.put("state", "running");
    running.put("percent", 40L);
    running.put("message", "ials sweep 3/8");
    running.put("live", true);
    Map<String, Object> failed = new HashMap<>(running);
    failed.put("jobId", "job_0");
    failed.put("state", "failed");
    failed.put("message", params);
    failed.put("live", false);
    vars.put("versions", List.of(version));
    vars.put("jobs", List.of(running, failed));
    vars.put("kinds", List.of("item-knn", "popularity", "ease", "ials"));
    vars.put("defaultModel", "item-knn");
    vars.put("chosenModel", "ease");
    vars.put("params", params);
    vars.put("error", error);
    vars.put("active", 2L);
    return vars;
  }

  @Test
  void modelsPageEscapesParametersMessagesAndErrors() {
    String html = renderer.render("models.html", modelsVars(HOSTILE, HOSTILE));
    assertFalse(html.contains(HOSTILE), "no raw markup from parameters, job messages or errors");
    assertTrue(html.contains(HOSTILE_ESCAPED));
    assertTrue(html.contains("data-live=\"true\""), "the running job is polled");
    assertTrue(html.contains("<option value=\"ease\" selected"), html);
  }

  private static Map<String, Object> metricsVars(String tenantName, boolean withRoutes) {
    Map<String, Object> vars = session(tenantName);
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("method", "GET");
    route.put("route", withRoutes ? "/v1/users/{userId}/recommendations" : HOSTILE);
    route.put("requests", 1200L);
    route.put("rate", "3.50");
    route.put("clientErrors", 12L);
    route.put("serverErrors", 0L);
    route.put("errorRate", "1.0 %");
    route.put("p50", "0.71 ms");
    route.put("p95", "2.40 ms");
    route.put("p99", "8.00 ms");
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("since", "2025-06-01T10:00:00Z");
    metrics.put("nodes", "all 3 nodes");
    metrics.put("requests", 1200L);
    metrics.put("eventsIngested", 5000L);
    metrics.put("model", withRoutes ? "item-knn" : null);
    metrics.put("modelVersion", withRoutes ? "3" : null);
    metrics.put("routes", List.of(route));
    vars.put("metrics", metrics);
    return vars;
  }

  private static Map<String, Object> loginVars(String error, String email) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("error", error);
    vars.put("email", email);
    vars.put("csrfToken", "csrf-login");
    return vars;
  }

  private static Map<String, Object> errorVars(int status, String message) {
    Map<String, Object> vars = new HashMap<>();
    vars.put("status", status);
    vars.put("message", message);
    return vars;
  }

  /** One rendering of each page template, used by the cross-cutting checks. */
  private Map<String, String> renderAll() {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("login.html", renderer.render("login.html", loginVars("Bad password", "a@b.test")));
    pages.put("overview.html", renderer.render("overview.html",
        overviewVars("Acme", Map.of("name", "ease", "version", 3, "trainedAt", "2025-06-01T09:00:00Z"), false)));
    pages.put("api-keys.html", renderer.render("api-keys.html", apiKeysVars(
        List.of(key("k1", "prod", "ingest,recommend", null), key("k0", "old", "admin", "2025-06-02")),
        "ak_live_secret", "oops")));
    pages.put("error.html", renderer.render("error.html", errorVars(404, "Not found")));
    pages.put("models.html", renderer.render("models.html", modelsVars("lambda=400", "oops")));
    pages.put("experiments.html", renderer.render("experiments.html", ExperimentTemplatesRenderTest.listVars()));
    pages.put("experiment-form.html", renderer.render("experiment-form.html",
        ExperimentTemplatesRenderTest.formVars("Home", "oops", false)));
    pages.put("experiment.html", renderer.render("experiment.html",
        ExperimentTemplatesRenderTest.resultsVars("B", false)));
    pages.put("experiment-confirm.html", renderer.render("experiment-confirm.html",
        ExperimentTemplatesRenderTest.confirmVars("Home", "start")));
    pages.put("metrics.html", renderer.render("metrics.html", metricsVars("Acme", true)));
    return pages;
  }

  // ---------- login ----------

  @Test
  void loginRendersFormWithoutErrorWhenNull() {
    Document doc = renderer.renderDocument("login.html", loginVars(null, null));
    Element form = doc.selectFirst("form[action=/dashboard/login]");
    assertNotNull(form);
    assertEquals("post", form.attr("method"));
    assertEquals("email", doc.getElementById("email").attr("name"));
    assertEquals("", doc.getElementById("email").attr("value"));
    assertEquals("password", doc.getElementById("password").attr("name"));
    assertEquals("submit", doc.getElementById("login-button").attr("type"));
    assertEquals("button", doc.getElementById("login-button").tagName());
    assertEquals("csrf-login", form.selectFirst("input[type=hidden][name=_csrf]").val());
    assertNull(doc.getElementById("login-error"));
    assertEquals("Sign in · Affinity", doc.title());
  }

  @Test
  void loginShowsErrorEscapedAndPrefillsEmail() {
    String html = renderer.render("login.html", loginVars(HOSTILE, "x\"@y.test"));
    assertFalse(html.contains(HOSTILE), html);
    assertTrue(html.contains(HOSTILE_ESCAPED), html);
    Document doc = Jsoup.parse(html);
    assertEquals(HOSTILE, doc.getElementById("login-error").text());
    assertEquals("x\"@y.test", doc.getElementById("email").val());
  }

  // ---------- metrics ----------

  @Test
  void metricsShowsTotalsRoutesAndWhichNodesAnswered() {
    Document doc = renderer.renderDocument("metrics.html", metricsVars("Acme", true));
    assertEquals("/dashboard/metrics.json", doc.getElementById("metrics").attr("data-source"));
    assertEquals("all 3 nodes", doc.getElementById("metrics-nodes").text());
    assertEquals("1200", doc.getElementById("metrics-requests").text());
    assertEquals("5000", doc.getElementById("metrics-events").text());
    assertEquals("item-knn v3", doc.getElementById("metrics-model").text());
    List<Element> rows = doc.select("#metrics-routes tbody tr");
    assertEquals(1, rows.size());
    assertEquals("/v1/users/{userId}/recommendations", rows.get(0).selectFirst("td.route").text());
    assertEquals("3.50", rows.get(0).selectFirst("td.rate").text());
    assertEquals("8.00 ms", rows.get(0).selectFirst("td.p99").text());
    assertNull(doc.getElementById("routes-empty"));
    assertNotNull(doc.selectFirst("script[src=/static/js/metrics.js]"));
    assertNav(doc, "Acme", "nav-metrics");
  }

  @Test
  void metricsWithoutModelEscapesRoutes() {
    String html = renderer.render("metrics.html", metricsVars("Acme", false));
    assertFalse(html.contains(HOSTILE), html);
    assertTrue(html.contains(HOSTILE_ESCAPED));
    assertEquals("none", Jsoup.parse(html).getElementById("metrics-model").text());
  }

  // ---------- overview ----------

  @Test
  void overviewShowsCountsSeriesAndModel() {
    Document doc = renderer.renderDocument("overview.html", overviewVars("Acme Shop",
        Map.of("name", "ease", "version", 3, "trainedAt", "2025-06-01T09:00:00Z"), false));
    assertNotNull(doc.getElementById("overview"));
    assertTrue(doc.selectFirst("h1").text().contains("Acme Shop"));
    assertEquals("5949", doc.getElementById("count-users").text());
    assertEquals("2810", doc.getElementById("count-items").text());
    assertEquals("1000209", doc.getElementById("count-events").text());
    assertEquals("canvas", doc.getElementById("events-chart").tagName());
    List<Element> rows = doc.select("#events-per-hour tbody tr");
    assertEquals(24, rows.size());
    assertEquals("2025-06-01T10:00:00Z", rows.get(0).selectFirst("td.hour").text());
    assertEquals("230", rows.get(23).selectFirst("td.count").text());
    assertEquals("ease", doc.getElementById("model-name").text());
    assertEquals("3", doc.getElementById("model-version").text());
    assertEquals("2025-06-01T09:00:00Z", doc.getElementById("model-trained-at").text());
    assertNull(doc.getElementById("model-none"));
    assertNotNull(doc.selectFirst("script[src=/static/vendor/chart.umd.js]"));
    assertNotNull(doc.selectFirst("script[src=/static/js/overview.js]"));
    assertNav(doc, "Acme Shop", "nav-overview");
  }

  @Test
  void overviewWithoutModelAndWithZeroSeries() {
    Document doc = renderer.renderDocument("overview.html", overviewVars("Acme", null, true));
    assertEquals("No model trained yet — POST /v1/models/train", doc.getElementById("model-none").text());
    assertNull(doc.getElementById("model-name"));
    assertEquals(24, doc.select("#events-per-hour td.count").size());
    assertTrue(doc.select("#events-per-hour td.count").stream().allMatch(td -> td.text().equals("0")));
  }

  @Test
  void overviewEscapesTenantName() {
    String html = renderer.render("overview.html", overviewVars(HOSTILE, null, true));
    assertFalse(html.contains(HOSTILE), html);
    assertTrue(html.contains(HOSTILE_ESCAPED), html);
    Document doc = Jsoup.parse(html);
    assertTrue(doc.selectFirst("h1").text().contains(HOSTILE));
    assertEquals(HOSTILE, doc.getElementById("nav-tenant").text());
  }

  // ---------- api keys ----------

  @Test
  void apiKeysListsKeysWithRevokeFormsOnlyForActiveKeys() {
    Document doc = renderer.renderDocument("api-keys.html", apiKeysVars(List.of(
        key("k_1", "prod backend", "ingest,recommend", null),
        key("k_0", "old", "admin", "2025-06-02T08:00:00Z")), null, null));
    assertNotNull(doc.getElementById("api-keys"));
    Element form = doc.selectFirst("form[action=/dashboard/api-keys]");
    assertEquals("post", form.attr("method"));
    assertEquals("csrf-123", form.selectFirst("input[name=_csrf]").val());
    assertEquals("name", doc.getElementById("key-name").attr("name"));
    for (String scope : List.of("ingest", "recommend", "admin")) {
      Element box = doc.getElementById("scope-" + scope);
      assertEquals("checkbox", box.attr("type"));
      assertEquals("scopes", box.attr("name"));
      assertEquals(scope, box.val());
    }
    assertEquals("submit", doc.getElementById("create-key").attr("type"));

    Element active = doc.selectFirst("#keys-table tr[data-key-id=k_1]");
    Element revoke = active.selectFirst("form[action=/dashboard/api-keys/k_1/revoke]");
    assertEquals("post", revoke.attr("method"));
    assertEquals("csrf-123", revoke.selectFirst("input[type=hidden][name=_csrf]").val());
    Element button = revoke.selectFirst("button.revoke");
    assertTrue(button.attr("data-confirm").contains("prod backend"));
    assertEquals("ingest,recommend", active.selectFirst(".key-scopes").text());

    Element revoked = doc.selectFirst("#keys-table tr[data-key-id=k_0]");
    assertNull(revoked.selectFirst("form"));
    assertEquals("revoked 2025-06-02T08:00:00Z", revoked.selectFirst(".key-status").text());
    assertEquals(2, doc.select("#keys-table tr[data-key-id]").size());

    assertNull(doc.getElementById("new-key"));
    assertNull(doc.getElementById("form-error"));
    assertNull(doc.getElementById("keys-empty"));
    assertNotNull(doc.selectFirst("script[src=/static/js/confirm.js]"));
    assertNav(doc, "Acme", "nav-api-keys");
  }

  @Test
  void apiKeysShowsNewKeyOnceAndEmptyState() {
    Document doc = renderer.renderDocument("api-keys.html", apiKeysVars(List.of(), "ak_live_abc123", null));
    assertEquals("ak_live_abc123", doc.getElementById("new-key").text());
    assertTrue(doc.getElementById("new-key-panel").text().toLowerCase()
        .contains("copy it now, it will not be shown again"));
    assertNotNull(doc.getElementById("keys-empty"));
    assertEquals(0, doc.select("#keys-table tr[data-key-id]").size());
  }

  @Test
  void apiKeysEscapesKeyNameIdAndError() {
    String html = renderer.render("api-keys.html",
        apiKeysVars(List.of(key("a/b?c", HOSTILE, "ingest", null)), null, HOSTILE));
    assertFalse(html.contains(HOSTILE), html);
    assertFalse(html.contains("<script>"), html);
    Document doc = Jsoup.parse(html);
    assertEquals(HOSTILE, doc.getElementById("form-error").text());
    Element row = doc.selectFirst("#keys-table tr[data-key-id]");
    assertEquals("a/b?c", row.attr("data-key-id"));
    assertEquals(HOSTILE, row.selectFirst(".key-name").text());
    assertTrue(row.selectFirst("button.revoke").attr("data-confirm").contains(HOSTILE));
    // the key id is one path segment: '/' and '?' may not change the route
    assertEquals("/dashboard/api-keys/a%2Fb%3Fc/revoke", row.selectFirst("form").attr("action"));
  }

  // ---------- error ----------

  @Test
  void errorPageShowsStatusMessageAndWayBack() {
    String html = renderer.render("error.html", errorVars(403, HOSTILE));
    assertFalse(html.contains(HOSTILE), html);
    Document doc = Jsoup.parse(html);
    assertEquals("403", doc.getElementById("error-status").text());
    assertEquals(HOSTILE, doc.getElementById("error-message").text());
    assertEquals("/dashboard", doc.getElementById("back-link").attr("href"));
  }

  // ---------- all pages ----------

  @Test
  void everyPageIsFullHtml5WithoutInlineScriptsOrStyles() {
    for (Map.Entry<String, String> page : renderAll().entrySet()) {
      String name = page.getKey();
      String html = page.getValue();
      assertTrue(html.startsWith("<!DOCTYPE html>"), name);
      assertFalse(html.contains("th:"), name + " leaks Thymeleaf attributes");
      Document doc = Jsoup.parse(html);
      assertEquals("en", doc.selectFirst("html").attr("lang"), name);
      assertNotNull(doc.selectFirst("head > meta[charset=utf-8]"), name);
      assertNotNull(doc.selectFirst("head > meta[name=viewport]"), name);
      assertNotNull(doc.selectFirst("head > link[rel=stylesheet][href=/static/css/app.css]"), name);
      assertTrue(doc.title().endsWith("· Affinity"), name);
      for (Element script : doc.select("script")) {
        assertFalse(script.attr("src").isEmpty(), name + " has an inline script");
        assertTrue(script.data().isBlank(), name + " has an inline script body");
      }
      for (Element element : doc.getAllElements()) {
        element.attributes().forEach(a -> {
          assertFalse(a.getKey().startsWith("on"), name + " inline handler " + a.getKey());
          assertFalse(a.getKey().equals("style"), name + " inline style on " + element.tagName());
        });
      }
      assertTrue(doc.select("style").isEmpty(), name + " has a <style> block");
      Matcher external = Pattern.compile("(?:href|src|action)=\"(?:https?:)?//").matcher(html);
      assertFalse(external.find(), name + " references an external URL (the dashboard must work air-gapped)");
      // every id is unique
      Set<String> ids = new TreeSet<>();
      doc.select("[id]").forEach(e -> assertTrue(ids.add(e.id()), name + " duplicate id " + e.id()));
    }
  }

  @Test
  void everyTemplateFileIsRenderedHere() throws IOException, URISyntaxException {
    URL dir = getClass().getClassLoader().getResource("templates");
    assertNotNull(dir);
    Set<String> files = new TreeSet<>();
    try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
      list.map(p -> p.getFileName().toString()).forEach(files::add);
    }
    Set<String> covered = new TreeSet<>(renderAll().keySet());
    covered.add("layout.html"); // fragments only; exercised by every page above
    assertEquals(covered, files);
  }

  @Test
  void everyReferencedStaticFileIsOnTheClasspath() {
    Set<String> refs = new TreeSet<>();
    for (String html : renderAll().values()) {
      Matcher m = STATIC_REF.matcher(html);
      while (m.find()) {
        refs.add(m.group(1));
      }
    }
    assertTrue(refs.containsAll(List.of("/static/css/app.css", "/static/js/overview.js",
        "/static/js/confirm.js", "/static/vendor/chart.umd.js")), refs.toString());
    for (String ref : refs) {
      String resource = ref.equals(WebAssets.CHART_JS_URL)
          ? WebAssets.CHART_JS
          : WebAssets.STATIC_ROOT + ref.substring("/static".length());
      assertNotNull(getClass().getClassLoader().getResource(resource), ref + " -> " + resource + " missing");
    }
  }

  @Test
  void chartJsWebjarIsOnTheClasspath() throws IOException {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(WebAssets.CHART_JS)) {
      assertNotNull(in, WebAssets.CHART_JS);
      String head = new String(in.readNBytes(400), StandardCharsets.UTF_8);
      assertTrue(head.contains("Chart.js v4.4.1"), head);
    }
  }

  private static void assertNav(Document doc, String tenant, String currentLinkId) {
    assertEquals("Affinity", doc.selectFirst(".topbar .brand").text());
    assertEquals("/dashboard", doc.getElementById("nav-overview").attr("href"));
    assertEquals("/dashboard/api-keys", doc.getElementById("nav-api-keys").attr("href"));
    assertEquals("/dashboard/models", doc.getElementById("nav-models").attr("href"));
    assertEquals("/dashboard/experiments", doc.getElementById("nav-experiments").attr("href"));
    assertEquals("/dashboard/metrics", doc.getElementById("nav-metrics").attr("href"));
    assertEquals("page", doc.getElementById(currentLinkId).attr("aria-current"));
    assertEquals(1, doc.select("[aria-current]").size());
    assertEquals(tenant, doc.getElementById("nav-tenant").text());
    assertEquals("admin@acme.test", doc.getElementById("nav-email").text());
    Element logout = doc.selectFirst("form[action=/dashboard/logout]");
    assertEquals("post", logout.attr("method"));
    assertEquals("csrf-123", logout.selectFirst("input[type=hidden][name=_csrf]").val());
    assertEquals("submit", logout.selectFirst("#logout-button").attr("type"));
  }
}
