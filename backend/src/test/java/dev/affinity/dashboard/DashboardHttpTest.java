package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard over plain HTTP: sessions, CSRF, pages, forms, escaping and security headers. */
class DashboardHttpTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void loginPageSetsAStrictCsrfCookieAndSecurityHeaders() {
    FormClient browser = new FormClient(node.http());
    Http.Response page = browser.get("/dashboard/login");
    assertEquals(200, page.status());
    String cookie = FormClient.setCookie(page, Csrf.COOKIE);
    assertNotNull(cookie, "a CSRF cookie is set");
    String attrs = cookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attrs.contains("; httponly") && attrs.contains("; samesite=strict") && attrs.contains("; path=/dashboard"),
        cookie);
    assertEquals(browser.cookies.get(Csrf.COOKIE), FormClient.csrfField(page), "double submit: field equals cookie");
    assertEquals(Pages.CSP, page.header("Content-Security-Policy"));
    assertEquals("nosniff", page.header("X-Content-Type-Options"));
    assertEquals("same-origin", page.header("Referrer-Policy"));
    assertEquals("no-store", page.header("Cache-Control"));
    assertTrue(page.header("Content-Type").startsWith("text/html"));

    Http.Response again = browser.get("/dashboard/login");
    assertNull(FormClient.setCookie(again, Csrf.COOKIE), "an existing token is reused");
    assertEquals(browser.cookies.get(Csrf.COOKIE), FormClient.csrfField(again));
  }

  @Test
  void loginWithoutOrWithAWrongCsrfTokenIsForbidden() {
    TestTenant t = node.createTenant("dash-csrf");
    FormClient browser = new FormClient(node.http());
    String token = FormClient.csrfField(browser.get("/dashboard/login"));

    Http.Response none = browser.post("/dashboard/login", "email", t.adminEmail(), "password", t.adminPassword());
    assertEquals(403, none.status());
    assertTrue(none.header("Content-Type").startsWith("text/html"), "an HTML error page, not problem+json");
    assertTrue(none.body().contains("id=\"error-status\">403<"), none.body());
    Http.Response wrong = browser.post("/dashboard/login", "email", t.adminEmail(), "password", t.adminPassword(),
        "_csrf", token.substring(1) + "A");
    assertEquals(403, wrong.status());
    assertNull(FormClient.setCookie(wrong, Sessions.COOKIE));

    FormClient noCookie = new FormClient(node.http());
    assertEquals(403, noCookie.post("/dashboard/login", "email", t.adminEmail(), "password", t.adminPassword(),
        "_csrf", token).status(), "a token without its cookie (as a cross-site form would send) is refused");
  }

  @Test
  void wrongPasswordIs401WithAGenericMessage() {
    TestTenant t = node.createTenant("dash-wrong");
    FormClient browser = new FormClient(node.http());
    Http.Response r = browser.login(t.adminEmail(), "not the password");
    assertEquals(401, r.status());
    assertTrue(r.body().contains(DashboardFeature.LOGIN_ERROR));
    assertNull(FormClient.setCookie(r, Sessions.COOKIE));
    Http.Response unknown = new FormClient(node.http()).login("nobody@nowhere.example", "whatever-password");
    assertEquals(401, unknown.status());
    assertTrue(unknown.body().contains(DashboardFeature.LOGIN_ERROR), "unknown email reads the same");
  }

  @Test
  void rightPasswordSetsAStrictHttpOnlySessionAndTheOverviewShowsTheTenantsCounts() {
    TestTenant t = node.createTenant("dash-ok");
    TestTenant other = node.createTenant("dash-other");
    seed(t, 2, 3, List.of(1, 1, 1, 1, 3, 48));
    seed(other, 5, 5, List.of(1, 1, 1, 1, 1, 1, 1));
    activeModel(t, "ease", 3);

    FormClient browser = new FormClient(node.http());
    Http.Response login = browser.login(t.adminEmail(), t.adminPassword());
    assertEquals(303, login.status(), login.toString());
    assertEquals("/dashboard", login.header("Location"));
    String cookie = FormClient.setCookie(login, Sessions.COOKIE);
    String attrs = cookie.toLowerCase(java.util.Locale.ROOT);
    assertTrue(attrs.contains("; httponly") && attrs.contains("; samesite=strict") && attrs.contains("; path=/;")
        && attrs.contains("; max-age=28800"), cookie);
    assertFalse(attrs.contains("; secure"), "not Secure unless configured (tests run on plain HTTP)");

    Http.Response page = browser.get("/dashboard");
    assertEquals(200, page.status(), page.toString());
    assertEquals(Pages.CSP, page.header("Content-Security-Policy"));
    assertTrue(page.body().contains(t.name()));
    assertEquals(2, number(page, "count-users"));
    assertEquals(3, number(page, "count-items"));
    assertEquals(6, number(page, "count-events"), "all of the tenant's events, none of the other tenant's");
    Matcher hours = Pattern.compile("class=\"count\">(\\d+)<").matcher(page.body());
    int rows = 0;
    int sum = 0;
    while (hours.find()) {
      rows++;
      sum += Integer.parseInt(hours.group(1));
    }
    assertEquals(24, rows, "one row per hour of the last day");
    assertEquals(5, sum, "the event from two days ago is outside the chart");
    assertTrue(page.body().contains("id=\"model-name\">ease<") && page.body().contains("id=\"model-version\">3<"));

    FormClient otherBrowser = new FormClient(node.http());
    otherBrowser.login(other.adminEmail(), other.adminPassword());
    Http.Response otherPage = otherBrowser.get("/dashboard");
    assertEquals(7, number(otherPage, "count-events"));
    assertTrue(otherPage.body().contains("id=\"model-none\""));
  }

  @Test
  void pagesWithoutAValidSessionRedirectToLogin() {
    FormClient anonymous = new FormClient(node.http());
    for (String path : List.of("/dashboard", "/dashboard/api-keys")) {
      Http.Response r = anonymous.get(path);
      assertEquals(303, r.status(), path);
      assertEquals("/dashboard/login", r.header("Location"));
    }
    Http.Response root = anonymous.get("/");
    assertEquals(303, root.status());
    assertEquals("/dashboard", root.header("Location"));

    TestTenant t = node.createTenant("dash-tamper");
    FormClient browser = new FormClient(node.http());
    browser.login(t.adminEmail(), t.adminPassword());
    String jwt = browser.cookies.get(Sessions.COOKIE);
    String[] parts = jwt.split("\\.");
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1])));
    claims.put("tid", UUID.randomUUID().toString());
    String forgedClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.encode().getBytes());
    String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    for (String bad : List.of(parts[0] + "." + forgedClaims + "." + parts[2], noneHeader + "." + parts[1] + ".",
        jwt.substring(0, jwt.length() - 2) + (jwt.endsWith("AA") ? "BB" : "AA"), "garbage")) {
      browser.cookies.put(Sessions.COOKIE, bad);
      Http.Response r = browser.get("/dashboard");
      assertEquals(303, r.status(), "tampered session " + bad);
      assertEquals("/dashboard/login", r.header("Location"));
      assertTrue(FormClient.setCookie(r, Sessions.COOKIE).contains("Max-Age=0"), "the bad cookie is cleared");
    }
  }

  @Test
  void apiKeysAreCreatedShownOnceEscapedAndRevokedThroughTheForms() {
    TestTenant t = node.createTenant("dash-keys");
    FormClient browser = new FormClient(node.http());
    browser.login(t.adminEmail(), t.adminPassword());
    Http.Response list = browser.get("/dashboard/api-keys");
    assertEquals(200, list.status());
    assertTrue(list.body().contains(">default<"), "the tenant's first key is listed");
    String csrf = FormClient.csrfField(list);

    String hostile = "<script>alert(1)</script>";
    Http.Response created = browser.post("/dashboard/api-keys", "name", hostile, "scopes", "ingest",
        "scopes", "recommend", "_csrf", csrf);
    assertEquals(200, created.status(), created.toString());
    assertFalse(created.body().contains(hostile), "tenant-supplied text is never raw HTML");
    assertTrue(created.body().contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    Matcher m = Pattern.compile("id=\"new-key\"[^>]*>([^<]+)<").matcher(created.body());
    assertTrue(m.find(), "the new key is shown");
    String apiKey = m.group(1);
    JsonArray keys = node.http().get("/v1/api-keys", t.apiKey()).json().getJsonArray("keys");
    JsonObject info = keys.stream().map(JsonObject.class::cast).filter(k -> hostile.equals(k.getString("name")))
        .findFirst().orElseThrow();
    assertEquals(new JsonArray().add("ingest").add("recommend"), info.getJsonArray("scopes"));
    String keyId = info.getString("keyId");
    assertEquals(403, node.http().get("/v1/api-keys", apiKey).status(), "the shown key works (and lacks admin)");
    Http.Response relisted = browser.get("/dashboard/api-keys");
    assertFalse(relisted.body().contains(apiKey), "the key is shown once only");
    assertTrue(relisted.body().contains("data-key-id=\"" + keyId + "\""));

    Http.Response noScopes = browser.post("/dashboard/api-keys", "name", "x", "_csrf", csrf);
    assertEquals(400, noScopes.status());
    assertTrue(noScopes.body().contains("id=\"form-error\""), noScopes.body());
    assertEquals(400, browser.post("/dashboard/api-keys", "name", " ", "scopes", "admin", "_csrf", csrf).status());
    assertEquals(400, browser.post("/dashboard/api-keys", "name", "x", "scopes", "root", "_csrf", csrf).status());
    assertEquals(403, browser.post("/dashboard/api-keys", "name", "x", "scopes", "admin").status());

    TestTenant stranger = node.createTenant("dash-stranger");
    FormClient strangerBrowser = new FormClient(node.http());
    strangerBrowser.login(stranger.adminEmail(), stranger.adminPassword());
    String strangerCsrf = FormClient.csrfField(strangerBrowser.get("/dashboard/api-keys"));
    Http.Response foreign = strangerBrowser.post("/dashboard/api-keys/" + keyId + "/revoke", "_csrf", strangerCsrf);
    assertEquals(404, foreign.status(), "another tenant's key is not found");
    assertTrue(foreign.header("Content-Type").startsWith("text/html"));
    assertEquals(403, node.http().get("/v1/api-keys", apiKey).status(), "and still works");

    Http.Response revoked = browser.post("/dashboard/api-keys/" + keyId + "/revoke", "_csrf", csrf);
    assertEquals(303, revoked.status());
    assertEquals("/dashboard/api-keys", revoked.header("Location"));
    assertEquals(401, node.http().get("/v1/api-keys", apiKey).status(), "a revoked key stops working");
    assertTrue(browser.get("/dashboard/api-keys").body().contains("revoked "));
    assertEquals(404, browser.post("/dashboard/api-keys/nosuchkey/revoke", "_csrf", csrf).status());
  }

  @Test
  void logoutNeedsCsrfAndEndsTheSession() {
    TestTenant t = node.createTenant("dash-logout");
    FormClient browser = new FormClient(node.http());
    browser.login(t.adminEmail(), t.adminPassword());
    String csrf = FormClient.csrfField(browser.get("/dashboard"));
    assertEquals(403, browser.post("/dashboard/logout").status());
    Http.Response out = browser.post("/dashboard/logout", "_csrf", csrf);
    assertEquals(303, out.status());
    assertEquals("/dashboard/login", out.header("Location"));
    assertTrue(FormClient.setCookie(out, Sessions.COOKIE).contains("Max-Age=0"));
    assertEquals(303, browser.get("/dashboard").status());
  }

  @Test
  void staticAssetsAndUnknownPagesAreServed() {
    Http.Response css = node.http().get("/static/css/app.css", null);
    assertEquals(200, css.status());
    assertEquals("nosniff", css.header("X-Content-Type-Options"));
    Http.Response chart = node.http().get("/static/vendor/chart.umd.js", null);
    assertEquals(200, chart.status());
    assertTrue(chart.header("Content-Type").startsWith("text/javascript"));
    assertTrue(chart.body().contains("Chart"));
    assertEquals(200, node.http().get("/static/js/overview.js", null).status());
    Http.Response missing = node.http().get("/dashboard/no-such-page", null);
    assertEquals(404, missing.status());
    assertTrue(missing.header("Content-Type").startsWith("text/html"));
    assertEquals(Pages.CSP, missing.header("Content-Security-Policy"));
  }

  private static int number(Http.Response page, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>(\\d+)<").matcher(page.body());
    assertTrue(m.find(), "no #" + id + " in " + page.body());
    return Integer.parseInt(m.group(1));
  }

  /** Users, items and one event per entry of {@code hoursAgo}, straight into PostgreSQL. */
  private static void seed(TestTenant t, int users, int items, List<Integer> hoursAgo) {
    UUID tenant = UUID.fromString(t.id());
    var pool = node.node().services().pool();
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try {
      for (int u = 0; u < users; u++) {
        pool.preparedQuery("insert into users (tenant_id, id) values ($1, $2)").execute(Tuple.of(tenant, "u" + u))
            .await(30, TimeUnit.SECONDS);
      }
      for (int i = 0; i < items; i++) {
        pool.preparedQuery("insert into items (tenant_id, id) values ($1, $2)").execute(Tuple.of(tenant, "i" + i))
            .await(30, TimeUnit.SECONDS);
      }
      for (int h : hoursAgo) {
        pool.preparedQuery("insert into events (tenant_id, user_id, item_id, type, ts) values ($1, 'u0', 'i0', 'view', $2)")
            .execute(Tuple.of(tenant, now.minusHours(h).minusMinutes(h == 0 ? 0 : 5))).await(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void activeModel(TestTenant t, String name, long version) {
    UUID tenant = UUID.fromString(t.id());
    var pool = node.node().services().pool();
    try {
      pool.preparedQuery("insert into models (tenant_id, version, name, train_seconds, payload) values ($1, $2, $3, 1.5, $4)")
          .execute(Tuple.of(tenant, version, name, io.vertx.core.buffer.Buffer.buffer(new byte[] {1})))
          .await(30, TimeUnit.SECONDS);
      pool.preparedQuery("insert into tenant_settings (tenant_id, active_version) values ($1, $2) "
              + "on conflict (tenant_id) do update set active_version = excluded.active_version")
          .execute(Tuple.of(tenant, version)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
