package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: login, overview with counts and the Chart.js chart (which
 * only renders if the CSP, the static routes and the scripts all work), API key create and revoke with the
 * confirmation dialog. Skips only where Debian's chromium or chromium-driver is not installed.
 */
class DashboardBrowserTest {
  static TestNode node;
  static HeadlessChromium chromium;
  static WebDriver driver;

  @BeforeAll
  static void start() throws IOException {
    chromium = HeadlessChromium.start();
    node = TestNode.start();
    driver = chromium.driver;
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
  void anAdminLogsInSeesTheirDataAndManagesKeys() throws IOException {
    TestTenant t = node.createTenant("browser");
    sendEvents(t);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

    driver.get(node.baseUrl() + "/dashboard");
    assertTrue(driver.getCurrentUrl().endsWith("/dashboard/login"), driver.getCurrentUrl());
    driver.findElement(By.id("email")).sendKeys(t.adminEmail());
    driver.findElement(By.id("password")).sendKeys(t.adminPassword());
    driver.findElement(By.id("login-button")).click();

    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("count-events")));
    assertEquals(t.name(), driver.findElement(By.id("nav-tenant")).getText());
    assertEquals(t.adminEmail(), driver.findElement(By.id("nav-email")).getText());
    assertEquals("3", driver.findElement(By.id("count-users")).getText());
    assertEquals("4", driver.findElement(By.id("count-items")).getText());
    assertEquals("12", driver.findElement(By.id("count-events")).getText());
    wait.until(ExpectedConditions.attributeToBe(By.id("events-chart"), "data-rendered", "true"));
    chromium.screenshot("overview.png");
    chromium.assertNoConsoleErrors();

    driver.findElement(By.id("nav-api-keys")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("create-key-form")));
    driver.findElement(By.id("key-name")).sendKeys("pipeline <b>bold</b>");
    driver.findElement(By.id("scope-ingest")).click();
    driver.findElement(By.id("create-key")).click();
    String apiKey = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).getText();
    assertTrue(apiKey.length() > 20, apiKey);
    assertEquals(403, node.http().get("/v1/api-keys", apiKey).status(), "the shown key is real (ingest only)");
    WebElement row = rowNamed("pipeline <b>bold</b>");
    assertEquals("ingest", row.findElement(By.className("key-scopes")).getText());
    String keyId = row.getAttribute("data-key-id");
    chromium.screenshot("api-keys.png");

    row.findElement(By.cssSelector("button.revoke")).click();
    wait.until(ExpectedConditions.alertIsPresent());
    assertTrue(driver.switchTo().alert().getText().contains("pipeline <b>bold</b>"));
    driver.switchTo().alert().accept();
    wait.until(d -> d.findElement(By.cssSelector("tr[data-key-id='" + keyId + "'] .key-status")).getText()
        .startsWith("revoked"));
    assertTrue(driver.findElements(By.id("new-key")).isEmpty(), "the key is not shown again");
    assertEquals(401, node.http().get("/v1/api-keys", apiKey).status(), "the revoked key stops working");
    chromium.assertNoConsoleErrors();

    driver.findElement(By.id("logout-button")).click();
    wait.until(ExpectedConditions.urlContains("/dashboard/login"));
    driver.get(node.baseUrl() + "/dashboard");
    assertTrue(driver.getCurrentUrl().endsWith("/dashboard/login"), "logged out for real");
  }

  @Test
  void anAdminTrainsAModelAndWatchsTheJobFinish() throws IOException {
    TestTenant t = node.createTenant("browser-models");
    sendEvents(t);
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    driver.get(node.baseUrl() + "/dashboard/login");
    driver.findElement(By.id("email")).sendKeys(t.adminEmail());
    driver.findElement(By.id("password")).sendKeys(t.adminPassword());
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("count-events")));

    driver.findElement(By.id("nav-models")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("versions-empty")));
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("train-model"))).selectByValue("ease");
    driver.findElement(By.id("train-params")).sendKeys("lambda=10");
    driver.findElement(By.id("train-button")).click();

    // the job is listed with a progress bar; models.js polls it and reloads when it is done
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#jobs .job .job-progress")));
    // a job that is still running (as a long training would be) moves its bar and finishes without a reload
    node.node().services().pool().preparedQuery("insert into training_jobs (tenant_id, id, model, state, progress, "
        + "message) values ($1, 'job_slow', 'ials', 'running', 0.3, 'ials sweep 2/8')")
        .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(t.id()))).await();
    driver.navigate().refresh();
    WebElement slow = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".job[data-job-id='job_slow'][data-live='true']")));
    assertEquals("30", slow.findElement(By.className("job-progress")).getAttribute("value"));
    node.node().services().pool().preparedQuery("update training_jobs set progress = 0.7, message = 'ials sweep 6/8' "
        + "where tenant_id = $1 and id = 'job_slow'")
        .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(t.id()))).await();
    wait.until(d -> "70".equals(d.findElement(By.cssSelector(".job[data-job-id='job_slow'] .job-progress"))
        .getAttribute("value")));
    assertEquals("ials sweep 6/8", driver.findElement(By.cssSelector(".job[data-job-id='job_slow'] .job-message"))
        .getText(), "the bar and the message follow the job without a reload");
    node.node().services().pool().preparedQuery("update training_jobs set state = 'failed', message = 'stopped' "
        + "where tenant_id = $1 and id = 'job_slow'")
        .execute(io.vertx.sqlclient.Tuple.of(java.util.UUID.fromString(t.id()))).await();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".job[data-job-id='job_slow'][data-live='false']")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#versions-table tr[data-version='1']")));
    // models.js reloads the page when a live job ends, so read the rows afresh until one read sees a settled page
    List<String> versionCells = wait.ignoring(StaleElementReferenceException.class).until(d -> {
      WebElement version = d.findElement(By.cssSelector("#versions-table tr[data-version='1']"));
      return List.of(version.findElement(By.className("version-model")).getText(),
          version.findElement(By.className("version-params")).getText());
    });
    assertEquals("ease", versionCells.get(0));
    assertTrue(versionCells.get(1).contains("lambda=10"));
    List<String> easeJob = wait.ignoring(StaleElementReferenceException.class).until(d ->
        d.findElements(By.cssSelector("#jobs .job")).stream()
            .filter(j -> j.findElement(By.className("job-model")).getText().equals("ease")).findFirst()
            .map(j -> List.of(j.findElement(By.className("job-progress")).getAttribute("value"),
                j.findElement(By.className("job-state")).getText()))
            .orElse(null));
    assertEquals("100", easeJob.get(0), "a finished job's bar is full");
    assertEquals("succeeded", easeJob.get(1));
    chromium.screenshot("models.png");
    chromium.assertNoConsoleErrors();
  }

  /** 12 events of 3 users on 4 items over the last few hours, through the public API. */
  private static void sendEvents(TestTenant t) {
    JsonArray events = new JsonArray();
    Instant now = Instant.now();
    for (int i = 0; i < 12; i++) {
      events.add(new JsonObject().put("userId", "user-" + (i % 3)).put("itemId", "item-" + (i % 4))
          .put("type", i % 5 == 0 ? "purchase" : "view")
          .put("timestamp", now.minus(Duration.ofMinutes(20L + 37L * i)).toString()));
    }
    Http.Response r = node.http().post("/v1/events", t.apiKey(), events.encode());
    assertEquals(200, r.status(), r.toString());
  }

  private static WebElement rowNamed(String name) {
    List<WebElement> rows = driver.findElements(By.cssSelector("#keys-table tr[data-key-id]"));
    return rows.stream().filter(r -> r.findElement(By.className("key-name")).getText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no key row named " + name));
  }
}
