package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The experiments pages over plain HTTP: list, form, results and confirmation render; a refused form comes back
 * with the API's own message and the admin's input; CSRF is enforced on every experiment POST; another tenant's
 * experiment is a 404 on every route; start and stop through the dashboard land in the audit trail with the admin
 * as actor, the same trail the API shows; a thompson experiment's pages say its weights are adaptive.
 */
class DashboardExperimentsHttpTest {
  private static final Pattern FORM_ERROR = Pattern.compile("id=\"form-error\"[^>]*>([^<]*)<");
  private static final Pattern EXPERIMENT_URL = Pattern.compile("^/dashboard/experiments/(exp_[0-9a-f]+)$");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A signed-in browser for the tenant's admin. */
  private static FormClient admin(TestTenant t) {
    FormClient browser = new FormClient(node.http());
    assertEquals(303, browser.login(t.adminEmail(), t.adminPassword()).status());
    return browser;
  }

  /** The fields of the create form: name, then per variant name, weight, model; the control is variant 0. */
  private static List<String> form(String csrf, String name, String coverage, String... variants) {
    List<String> f = new ArrayList<>(List.of("_csrf", csrf, "name", name, "hypothesis", "B is better",
        "layer", "home", "coverage", coverage, "primaryMetric", "ctr", "control", "0", "version", ""));
    for (int i = 0; i < variants.length / 3; i++) {
      String p = "v" + i + "-";
      f.addAll(List.of(p + "name", variants[3 * i], p + "weight", variants[3 * i + 1], p + "model",
          variants[3 * i + 2], p + "count", "", p + "params", ""));
    }
    // a spare row left blank, as the form offers
    f.addAll(List.of("v9-name", "", "v9-weight", "", "v9-model", "popularity", "v9-count", "", "v9-params", ""));
    return f;
  }

  private static Http.Response create(FormClient browser, List<String> fields) {
    return browser.post("/dashboard/experiments", fields.toArray(String[]::new));
  }

  /** Creates a 50/50 draft through the form and returns its id. */
  private static String createDraft(FormClient browser, String name) {
    String csrf = FormClient.csrfField(browser.get("/dashboard/experiments/new"));
    Http.Response r = create(browser, form(csrf, name, "0.5", "A", "50", "popularity", "B", "50", "item-knn"));
    assertEquals(303, r.status(), r.toString());
    Matcher m = EXPERIMENT_URL.matcher(r.header("Location"));
    assertTrue(m.matches(), r.header("Location"));
    return m.group(1);
  }

  private static String formError(Http.Response page) {
    Matcher m = FORM_ERROR.matcher(page.body());
    assertTrue(m.find(), "no form error in " + page.body());
    return unescape(m.group(1)).strip();
  }

  private static String unescape(String html) {
    return html.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  @Test
  void listFormResultsAndTimelineRender() {
    TestTenant t = node.createTenant("dx-pages");
    FormClient browser = admin(t);
    Http.Response empty = browser.get("/dashboard/experiments");
    assertEquals(200, empty.status(), empty.toString());
    assertEquals(Pages.CSP, empty.header("Content-Security-Policy"));
    assertTrue(empty.body().contains("id=\"experiments-empty\""));
    assertTrue(empty.body().contains("id=\"nav-experiments\" href=\"/dashboard/experiments\" aria-current=\"page\""));

    Http.Response form = browser.get("/dashboard/experiments/new");
    assertEquals(200, form.status());
    assertTrue(form.body().contains("id=\"experiment-form\""));
    assertTrue(form.body().contains("<option value=\"item-knn\"")
        && form.body().contains("<option value=\"popularity\""), "the models the service knows are offered");

    String id = createDraft(browser, "Home <b>feed</b>");
    Http.Response list = browser.get("/dashboard/experiments");
    assertTrue(list.body().contains("data-experiment-id=\"" + id + "\""));
    assertTrue(list.body().contains("Home &lt;b&gt;feed&lt;/b&gt;") && !list.body().contains("<b>feed</b>"));
    assertTrue(list.body().contains("badge-draft"));
    assertTrue(list.body().contains("A 50% (control) · B 50%"), list.body());
    assertTrue(list.body().contains(">50%<"), "coverage as a percentage");

    Http.Response results = browser.get("/dashboard/experiments/" + id);
    assertEquals(200, results.status(), results.toString());
    for (String piece : List.of("id=\"verdict\"", "id=\"srm-badge\"", "id=\"sequential-note\"", "id=\"rate-chart\"",
        "id=\"uplift-chart\"", "id=\"results-table\"", "data-variant=\"A\"", "data-variant=\"B\"",
        "id=\"start-experiment\"", "class=\"audit-actor\">" + t.adminEmail() + "<", "class=\"audit-action\">created<",
        "/static/js/experiment-results.js")) {
      assertTrue(results.body().contains(piece), piece);
    }
    assertFalse(results.body().contains("id=\"stop-experiment\""), "a draft cannot be stopped");

    Http.Response timeline = browser.get("/dashboard/experiments/" + id + "/timeline");
    assertEquals(200, timeline.status(), timeline.toString());
    assertTrue(timeline.header("Content-Type").startsWith("application/json"));
    assertEquals("no-store", timeline.header("Cache-Control"));
    assertEquals(new JsonArray(), timeline.json().getJsonArray("points"));
    assertEquals(400, browser.get("/dashboard/experiments/" + id + "/timeline?bucket=week").status());

    FormClient anonymous = new FormClient(node.http());
    for (String path : List.of("/dashboard/experiments", "/dashboard/experiments/new", "/dashboard/experiments/" + id,
        "/dashboard/experiments/" + id + "/timeline")) {
      assertEquals("/dashboard/login", anonymous.get(path).header("Location"), path);
    }
  }

  @Test
  void aRefusedFormComesBackWithTheApisMessageAndTheInput() {
    TestTenant t = node.createTenant("dx-invalid");
    FormClient browser = admin(t);
    String csrf = FormClient.csrfField(browser.get("/dashboard/experiments/new"));
    String hostile = "<script>alert(1)</script>";

    Http.Response sum = create(browser, form(csrf, hostile, "0.5", "A", "60", "popularity", "B", "60", "item-knn"));
    assertEquals(400, sum.status(), sum.toString());
    assertEquals(apiMessage(t, hostile, 0.5, 60, 60), formError(sum), "the same words as the API");
    assertTrue(formError(sum).startsWith("Variant weights must sum to 100"), formError(sum));
    assertFalse(sum.body().contains(hostile), "typed text is escaped");
    assertTrue(sum.body().contains("id=\"exp-name\" name=\"name\" required maxlength=\"200\" value=\"&lt;script&gt;"),
        "the name is kept");
    assertTrue(sum.body().contains("name=\"v1-weight\" value=\"60\""), "the weights are kept");
    assertTrue(sum.body().contains("value=\"0.5\""), "the coverage is kept");

    Http.Response coverage = create(browser, form(csrf, "x", "lots", "A", "50", "popularity", "B", "50", "item-knn"));
    assertEquals(400, coverage.status());
    assertTrue(formError(coverage).startsWith("coverage must be a number in (0, 1]"), formError(coverage));
    assertTrue(coverage.body().contains("value=\"lots\""));

    Http.Response weight = create(browser, form(csrf, "x", "1", "A", "half", "popularity", "B", "50", "item-knn"));
    assertEquals(400, weight.status());
    assertEquals("Variant 'A' needs a weight, a number (percent of the experiment's traffic).", formError(weight));

    List<String> noControl = form(csrf, "x", "1", "A", "50", "popularity", "B", "50", "item-knn");
    noControl.set(noControl.indexOf("control") + 1, "9");
    assertEquals("Exactly one variant must have \"control\": true; none does.", formError(create(browser, noControl)));

    Http.Response one = create(browser, form(csrf, "x", "1", "A", "100", "popularity"));
    assertEquals("An experiment needs at least 2 variants (a control and a treatment); got 1.", formError(one));

    Http.Response noName = create(browser, form(csrf, "", "1", "A", "50", "popularity", "B", "50", "item-knn"));
    assertEquals(400, noName.status());
    assertTrue(formError(noName).startsWith("name is required"), formError(noName));

    assertEquals(0, node.http().get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments").size(),
        "nothing refused was stored");
  }

  /** What {@code POST /v1/experiments} answers for the same A/B body. */
  private static String apiMessage(TestTenant t, String name, double coverage, double a, double b) {
    JsonObject body = new JsonObject().put("name", name).put("hypothesis", "B is better").put("layer", "home")
        .put("coverage", coverage).put("variants", new JsonArray()
            .add(new JsonObject().put("name", "A").put("weight", a).put("control", true).put("model", "popularity"))
            .add(new JsonObject().put("name", "B").put("weight", b).put("model", "item-knn")));
    Http.Response r = node.http().post("/v1/experiments", t.apiKey(), body.encode());
    assertEquals(400, r.status(), r.toString());
    return r.json().getString("detail");
  }

  @Test
  void everyExperimentPostNeedsTheCsrfToken() {
    TestTenant t = node.createTenant("dx-csrf");
    FormClient browser = admin(t);
    String id = createDraft(browser, "csrf");
    String csrf = FormClient.csrfField(browser.get("/dashboard/experiments/new"));
    List<String> fields = form(csrf, "forged", "1", "A", "50", "popularity", "B", "50", "item-knn");
    List<String> withoutToken = fields.subList(2, fields.size());
    assertEquals(403, create(browser, withoutToken).status());
    for (String path : List.of("/dashboard/experiments/" + id + "/start", "/dashboard/experiments/" + id + "/stop",
        "/dashboard/experiments/" + id)) {
      Http.Response none = browser.post(path, "name", "forged");
      assertEquals(403, none.status(), path);
      assertTrue(none.body().contains("id=\"error-status\">403<"));
      assertEquals(403, browser.post(path, "name", "forged", "_csrf", csrf.substring(1) + "A").status(), path);
    }
    JsonObject stored = node.http().get("/v1/experiments/" + id, t.apiKey()).json();
    assertEquals("draft", stored.getString("status"));
    assertEquals("csrf", stored.getString("name"));
    assertEquals(1, node.http().get("/v1/experiments", t.apiKey()).json().getJsonArray("experiments").size());
  }

  @Test
  void anotherTenantsExperimentIsNotFoundEverywhere() {
    TestTenant owner = node.createTenant("dx-owner");
    TestTenant other = node.createTenant("dx-other");
    String id = createDraft(admin(owner), "private");
    FormClient intruder = admin(other);
    String csrf = FormClient.csrfField(intruder.get("/dashboard/experiments/new"));
    for (String path : List.of("", "/edit", "/timeline", "/start", "/stop")) {
      Http.Response r = intruder.get("/dashboard/experiments/" + id + path);
      assertEquals(404, r.status(), path);
      assertFalse(r.body().contains("private"), path);
    }
    for (String path : List.of("/start", "/stop", "")) {
      assertEquals(404, intruder.post("/dashboard/experiments/" + id + path, "_csrf", csrf, "name", "taken").status(),
          path);
    }
    assertFalse(intruder.get("/dashboard/experiments").body().contains(id), "not listed to another tenant");
    JsonObject stored = node.http().get("/v1/experiments/" + id, owner.apiKey()).json();
    assertEquals("draft", stored.getString("status"));
    assertEquals("private", stored.getString("name"));
  }

  @Test
  void startAndStopThroughTheConfirmationAreAuditedWithTheAdmin() {
    TestTenant t = node.createTenant("dx-audit");
    FormClient browser = admin(t);
    String id = createDraft(browser, "lifecycle");

    Http.Response confirm = browser.get("/dashboard/experiments/" + id + "/start");
    assertEquals(200, confirm.status());
    assertTrue(confirm.body().contains("action=\"/dashboard/experiments/" + id + "/start\""));
    assertEquals("draft", node.http().get("/v1/experiments/" + id, t.apiKey()).json().getString("status"),
        "the confirmation page changes nothing");
    Http.Response started = browser.post("/dashboard/experiments/" + id + "/start", "_csrf",
        FormClient.csrfField(confirm));
    assertEquals(303, started.status(), started.toString());
    assertEquals("/dashboard/experiments/" + id, started.header("Location"));
    assertEquals("running", node.http().get("/v1/experiments/" + id, t.apiKey()).json().getString("status"));

    Http.Response again = browser.post("/dashboard/experiments/" + id + "/start", "_csrf",
        FormClient.csrfField(confirm));
    assertEquals(409, again.status(), "the API's rule: only a draft starts");
    assertTrue(unescape(again.body()).contains("is running; only a draft experiment can start"), again.body());

    Http.Response page = browser.get("/dashboard/experiments/" + id);
    assertTrue(page.body().contains("id=\"stop-experiment\"") && !page.body().contains("id=\"start-experiment\""));
    Http.Response stopConfirm = browser.get("/dashboard/experiments/" + id + "/stop");
    assertEquals(303, browser.post("/dashboard/experiments/" + id + "/stop", "_csrf",
        FormClient.csrfField(stopConfirm)).status());
    assertEquals("stopped", node.http().get("/v1/experiments/" + id, t.apiKey()).json().getString("status"));

    JsonArray audit = node.http().get("/v1/experiments/" + id + "/audit", t.apiKey()).json().getJsonArray("entries");
    assertEquals(List.of("created", "started", "stopped"),
        audit.stream().map(e -> ((JsonObject) e).getString("action")).toList());
    for (Object e : audit) {
      assertEquals(t.adminEmail(), ((JsonObject) e).getString("actor"), "the admin is the actor");
    }
    Http.Response after = browser.get("/dashboard/experiments/" + id);
    assertTrue(after.body().contains("class=\"audit-action\">stopped<"));
    assertTrue(after.body().contains("badge-stopped"));
  }

  @Test
  void editingFollowsTheApisRules() {
    TestTenant t = node.createTenant("dx-edit");
    FormClient browser = admin(t);
    String id = createDraft(browser, "before");
    Http.Response edit = browser.get("/dashboard/experiments/" + id + "/edit");
    assertEquals(200, edit.status());
    assertTrue(edit.body().contains("name=\"version\" value=\"1\""));
    assertTrue(edit.body().contains("name=\"v0-weight\" value=\"50\""), "stored weights shown as typed");
    String csrf = FormClient.csrfField(edit);

    List<String> draft = form(csrf, "after", "0.25", "A", "30", "popularity", "B", "70", "item-knn");
    draft.set(draft.indexOf("version") + 1, "1");
    assertEquals(303, browser.post("/dashboard/experiments/" + id, draft.toArray(String[]::new)).status());
    JsonObject saved = node.http().get("/v1/experiments/" + id, t.apiKey()).json();
    assertEquals("after", saved.getString("name"));
    assertEquals(0.25, saved.getDouble("coverage"), 1e-9);
    assertEquals(70.0, saved.getJsonArray("variants").getJsonObject(1).getDouble("weight"), 1e-9);

    Http.Response stale = browser.post("/dashboard/experiments/" + id, draft.toArray(String[]::new));
    assertEquals(409, stale.status(), "version 1 is gone: two admins cannot overwrite each other");
    assertTrue(formError(stale).contains("someone changed it meanwhile"), formError(stale));
    assertTrue(stale.body().contains("value=\"after\""), "the input is kept");
    draft.set(draft.indexOf("version") + 1, "two");
    Http.Response tampered = browser.post("/dashboard/experiments/" + id, draft.toArray(String[]::new));
    assertEquals(400, tampered.status(), "a bad version is bad input, not a server fault");
    assertEquals("version must be a whole number: the version the edit is based on.", formError(tampered));

    assertEquals(200, node.http().post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());
    Http.Response locked = browser.get("/dashboard/experiments/" + id + "/edit");
    assertTrue(locked.body().contains("id=\"locked-note\"") && !locked.body().contains("id=\"v0-weight\""));
    List<String> rename = form(csrf, "renamed", "1", "A", "90", "popularity", "B", "10", "item-knn");
    rename.set(rename.indexOf("version") + 1, "3");
    assertEquals(303, browser.post("/dashboard/experiments/" + id, rename.toArray(String[]::new)).status(),
        "a started experiment takes a new name; the bucket fields it cannot change are not sent");
    JsonObject running = node.http().get("/v1/experiments/" + id, t.apiKey()).json();
    assertEquals("renamed", running.getString("name"));
    assertEquals(0.25, running.getDouble("coverage"), 1e-9);
    assertEquals(70.0, running.getJsonArray("variants").getJsonObject(1).getDouble("weight"), 1e-9);
    JsonArray audit = node.http().get("/v1/experiments/" + id + "/audit", t.apiKey()).json().getJsonArray("entries");
    assertEquals(List.of("created", "updated", "started", "updated"),
        audit.stream().map(e -> ((JsonObject) e).getString("action")).toList());
    assertEquals(t.adminEmail(), audit.getJsonObject(3).getString("actor"));
  }

  @Test
  void aThompsonExperimentFromTheFormSaysItsResultsAreAdaptive() {
    TestTenant t = node.createTenant("dx-thompson");
    FormClient browser = admin(t);
    Http.Response page = browser.get("/dashboard/experiments/new");
    assertTrue(page.body().contains("<option value=\"thompson\""), "the form offers the bandit");
    String csrf = FormClient.csrfField(page);

    List<String> wrong = form(csrf, "bandit", "0.5", "A", "50", "popularity", "B", "50", "item-knn");
    wrong.addAll(List.of("allocation", "greedy"));
    Http.Response refused = create(browser, wrong);
    assertEquals(400, refused.status(), refused.toString());
    assertTrue(formError(refused).startsWith("allocation must be \"fixed\""), formError(refused));

    List<String> fields = form(csrf, "bandit", "0.5", "A", "50", "popularity", "B", "50", "item-knn");
    fields.addAll(List.of("allocation", "thompson"));
    Http.Response created = create(browser, fields);
    assertEquals(303, created.status(), created.toString());
    Matcher m = EXPERIMENT_URL.matcher(created.header("Location"));
    assertTrue(m.matches());
    String id = m.group(1);
    assertEquals("thompson", node.http().get("/v1/experiments/" + id, t.apiKey()).json().getString("allocation"));
    assertEquals(200, node.http().post("/v1/experiments/" + id + "/start", t.apiKey(), "").status());

    Http.Response list = browser.get("/dashboard/experiments");
    assertTrue(list.body().contains("experiment-allocation"), "the list marks adaptive experiments");
    Http.Response results = browser.get("/dashboard/experiments/" + id);
    assertEquals(200, results.status(), results.toString());
    for (String piece : List.of("id=\"experiment-allocation\">Thompson sampling", "id=\"srm-not-applicable\"",
        "id=\"adaptive-note\"", "Current weight", "class=\"num weight\">50%<", "Traffic is allocated adaptively")) {
      assertTrue(results.body().contains(piece), piece);
    }
    assertFalse(results.body().contains("id=\"srm-badge\""), "no sample-ratio verdict for adaptive weights");
    Http.Response locked = browser.get("/dashboard/experiments/" + id + "/edit");
    assertTrue(locked.body().contains("id=\"locked-allocation\">Thompson sampling"), "fixed once started");
    assertFalse(locked.body().contains("id=\"exp-allocation\""));
  }
}
