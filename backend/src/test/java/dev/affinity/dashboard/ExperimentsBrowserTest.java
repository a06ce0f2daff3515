package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An experiment run from the dashboard in a real headless Chromium: the admin creates it through the form, starts
 * it through the confirmation page, traffic arrives through the real API (recommendation requests served under the
 * experiment, clicks sent back with their recommendation ids), and the results page shows the verdict and draws both
 * Chart.js charts from the timeline endpoint (which only happens if the CSP, the session and the scripts all work).
 */
class ExperimentsBrowserTest {
  static final int USERS = 160;
  static final int ITEMS = 20;
  static final int ASKS = 3;
  static TestNode node;
  static HeadlessChromium chromium;
  static WebDriver driver;

  @BeforeAll
  static void start() throws IOException {
    chromium = HeadlessChromium.start();
    driver = chromium.driver;
    node = TestNode.start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (chromium != null) {
      chromium.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void anAdminCreatesStartsAndReadsAnExperiment() throws Exception {
    TestTenant t = node.createTenant("browser-exp");
    plantAndTrain(t.apiKey());
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

    driver.get(node.baseUrl() + "/dashboard/login");
    driver.findElement(By.id("email")).sendKeys(t.adminEmail());
    driver.findElement(By.id("password")).sendKeys(t.adminPassword());
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-experiments"))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("experiments-empty")));
    driver.findElement(By.id("new-experiment")).click();

    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("experiment-form")));
    type("exp-name", "Home feed: item-knn vs popularity");
    type("exp-hypothesis", "Personalised neighbours get more clicks than the bestseller list.");
    type("exp-layer", "home");
    type("exp-coverage", "1");
    assertFalse(driver.findElement(By.id("v2-name")).isDisplayed(), "spare rows wait for 'Add a variant'");
    driver.findElement(By.id("add-variant")).click();
    assertTrue(driver.findElement(By.id("v2-name")).isDisplayed());
    type("v0-name", "A");
    type("v0-weight", "50");
    new Select(driver.findElement(By.id("v0-model"))).selectByValue("popularity");
    type("v1-name", "B");
    type("v1-weight", "40");
    new Select(driver.findElement(By.id("v1-model"))).selectByValue("item-knn");
    driver.findElement(By.id("v0-control")).click();
    driver.findElement(By.id("save-experiment")).click();

    // the weights sum to 90: refused with the API's message, input kept
    WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-error")));
    assertTrue(error.getText().startsWith("Variant weights must sum to 100"), error.getText());
    assertEquals("Home feed: item-knn vs popularity", driver.findElement(By.id("exp-name")).getAttribute("value"));
    chromium.assertOnlyConsoleErrors("status of 400"); // the refused form's own 400, nothing else
    chromium.screenshot("experiment-form-refused.png");
    type("v1-weight", "50");
    driver.findElement(By.id("save-experiment")).click();

    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("start-experiment")));
    assertEquals("draft", driver.findElement(By.id("experiment-status")).getText());
    String id = driver.findElement(By.id("experiment")).getAttribute("data-experiment-id");
    driver.findElement(By.id("start-experiment")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("confirm-button")));
    assertTrue(driver.findElement(By.id("confirm-title")).getText().startsWith("Start"));
    chromium.screenshot("experiment-confirm.png");
    driver.findElement(By.id("confirm-button")).click();
    wait.until(ExpectedConditions.textToBe(By.id("experiment-status"), "running"));
    assertTrue(driver.findElement(By.id("audit-table")).getText().contains(t.adminEmail()));

    sendTraffic(t.apiKey(), id);

    driver.navigate().refresh();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
    String verdict = driver.findElement(By.id("verdict")).getText();
    assertTrue(verdict.startsWith("B beats A on CTR by +"), verdict);
    assertTrue(verdict.contains("chance to beat control"), verdict);
    assertEquals("Sample ratio OK", driver.findElement(By.id("srm-badge")).getText().replaceAll(" \\(.*", ""));
    assertTrue(driver.findElement(By.id("sequential-note")).getText().contains("always-valid"));
    long shown = Long.parseLong(driver.findElement(By.cssSelector("tr[data-variant='A'] .exposures")).getText())
        + Long.parseLong(driver.findElement(By.cssSelector("tr[data-variant='B'] .exposures")).getText());
    assertEquals((long) USERS * ASKS, shown);
    wait.until(ExpectedConditions.attributeToBe(By.id("rate-chart"), "data-rendered", "true"));
    wait.until(ExpectedConditions.attributeToBe(By.id("uplift-chart"), "data-rendered", "true"));
    assertTrue(driver.findElement(By.id("charts-empty")).getAttribute("hidden") != null, "the charts have points");
    Number points = (Number) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "return window.affinityExperimentCharts.rate.data.labels.length");
    assertTrue(points.intValue() >= 1, "at least one hourly point");
    driver.findElement(By.cssSelector("#timeline-details summary")).click();
    assertEquals(2L * points.intValue(), driver.findElements(By.cssSelector("#timeline-table tbody tr")).size(),
        "the charts' numbers as a table: one row per variant and bucket");
    chromium.screenshot("experiment-results.png");
    ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
        "document.getElementById('charts').scrollIntoView()");
    chromium.screenshot("experiment-charts.png");
    chromium.assertNoConsoleErrors();
  }

  private static void type(String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  private static void ok(Http.Response r) {
    assertTrue(r.status() / 100 == 2, r.toString());
  }

  /** Items, a few past views per user and a trained item-kNN model, as {@code ExperimentServingE2ETest} does. */
  private static void plantAndTrain(String key) throws InterruptedException {
    Http http = node.http();
    JsonArray items = new JsonArray();
    for (int i = 0; i < ITEMS; i++) {
      items.add(new JsonObject().put("id", "i" + i).put("categories", new JsonArray().add("all")).put("active", true));
    }
    ok(http.post("/v1/items", key, items.encode()));
    Instant past = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonArray events = new JsonArray();
    for (int u = 0; u < USERS; u++) {
      for (int k = 0; k < 3; k++) {
        events.add(new JsonObject().put("userId", "u" + u).put("itemId", "i" + ((u + k * 3) % ITEMS))
            .put("type", "view").put("timestamp", past.toString()));
      }
    }
    ok(http.post("/v1/events", key, events.encode()));
    Http.Response train = http.post("/v1/models/train", key, "{\"model\":\"item-knn\"}");
    assertEquals(202, train.status(), train.toString());
    String job = train.json().getString("jobId");
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!"succeeded".equals(http.get("/v1/models/jobs/" + job, key).json().getString("state"))) {
      assertTrue(System.nanoTime() < deadline, "training did not finish");
      Thread.sleep(50);
    }
  }

  /**
   * Every user asks for recommendations {@value #ASKS} times; B's recommendations are clicked 40% of the time and
   * A's 5%, a difference the always-valid test calls at this size. Waits until the exposures are in the results.
   */
  private static void sendTraffic(String key, String id) throws InterruptedException {
    Http http = node.http();
    JsonArray clicks = new JsonArray();
    Map<String, Integer> served = new HashMap<>(Map.of("A", 0, "B", 0));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    for (int u = 0; u < USERS; u++) {
      for (int ask = 0; ask < ASKS; ask++) {
        Http.Response r = http.get("/v1/users/u" + u + "/recommendations?count=5", key);
        assertEquals(200, r.status(), r.toString());
        JsonObject rec = r.json();
        assertEquals(id, rec.getString("experiment"), rec.encode());
        String variant = rec.getString("variant");
        int k = served.merge(variant, 1, Integer::sum);
        boolean clicked = variant.equals("B") ? k % 5 < 2 : k % 20 == 0;
        if (clicked) {
          clicks.add(new JsonObject().put("userId", "u" + u).put("itemId", rec.getJsonArray("items")
              .getJsonObject(0).getString("id")).put("type", "click").put("timestamp", now.toString())
              .put("recommendationId", rec.getString("recommendationId")));
        }
      }
    }
    ok(http.post("/v1/events", key, clicks.encode()));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      long seen = 0;
      for (Object o : http.get("/v1/experiments/" + id + "/results", key).json().getJsonArray("variants")) {
        seen += ((JsonObject) o).getLong("exposures");
      }
      if (seen == (long) USERS * ASKS) {
        return;
      }
      assertTrue(System.nanoTime() < deadline, "exposures not recorded: " + seen);
      Thread.sleep(100);
    }
  }
}
