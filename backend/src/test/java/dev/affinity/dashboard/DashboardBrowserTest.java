package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.Http;
import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: login, overview with counts and the Chart.js chart (which
 * only renders if the CSP, the static routes and the scripts all work), API key create and revoke with the
 * confirmation dialog. Skips only where Debian's chromium or chromium-driver is not installed.
 */
class DashboardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  static TestNode node;
  static WebDriver driver;
  static Path profile;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (ops/test installs them)");
    node = TestNode.start();
    profile = Files.createTempDirectory("affinity-chromium");
    // Never let Selenium Manager look for (or download) a driver: the network is closed.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    driver = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (node != null) {
      node.close();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
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
    screenshot("overview.png");
    assertNoConsoleErrors();

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
    screenshot("api-keys.png");

    row.findElement(By.cssSelector("button.revoke")).click();
    wait.until(ExpectedConditions.alertIsPresent());
    assertTrue(driver.switchTo().alert().getText().contains("pipeline <b>bold</b>"));
    driver.switchTo().alert().accept();
    wait.until(d -> d.findElement(By.cssSelector("tr[data-key-id='" + keyId + "'] .key-status")).getText()
        .startsWith("revoked"));
    assertTrue(driver.findElements(By.id("new-key")).isEmpty(), "the key is not shown again");
    assertEquals(401, node.http().get("/v1/api-keys", apiKey).status(), "the revoked key stops working");
    assertNoConsoleErrors();

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
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#versions-table tr[data-version='1']")));
    WebElement version = driver.findElement(By.cssSelector("#versions-table tr[data-version='1']"));
    assertEquals("ease", version.findElement(By.className("version-model")).getText());
    assertEquals("lambda=10", version.findElement(By.className("version-params")).getText());
    WebElement bar = driver.findElement(By.cssSelector("#jobs .job .job-progress"));
    assertEquals("100", bar.getAttribute("value"), "a finished job's bar is full");
    assertEquals("succeeded", driver.findElement(By.cssSelector("#jobs .job .job-state")).getText());
    screenshot("models.png");
    assertNoConsoleErrors();
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

  /** CSP violations and script errors show up as SEVERE console entries. */
  private static void assertNoConsoleErrors() {
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  /** Saves a screenshot when -Daffinity.screenshots=<dir> is given (for a person to look at). */
  private static void screenshot(String name) throws IOException {
    String dir = System.getProperty("affinity.screenshots");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of(dir, name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
