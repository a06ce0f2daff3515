package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The metrics page in a real headless Chromium: its script (loaded under the strict CSP) polls the JSON and
 * rewrites the figures as the tenant's requests arrive, with no console errors. Skips where Debian's chromium
 * or chromium-driver is not installed, like {@link DashboardBrowserTest}.
 */
class MetricsPageBrowserTest {
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
  void thePageFollowsTheTenantsRequestsLive() {
    TestTenant t = node.createTenant("browser-metrics");
    for (int i = 0; i < 2; i++) {
      assertEquals(200, node.http().get("/v1/items/popular", t.apiKey()).status());
    }
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    driver.get(node.baseUrl() + "/dashboard/login");
    driver.findElement(By.id("email")).sendKeys(t.adminEmail());
    driver.findElement(By.id("password")).sendKeys(t.adminPassword());
    driver.findElement(By.id("login-button")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("nav-metrics"))).click();

    wait.until(ExpectedConditions.attributeToBe(By.id("metrics"), "data-updated", "1"));
    assertEquals("2", driver.findElement(By.id("metrics-requests")).getText());
    assertEquals("/v1/items/popular", driver.findElement(By.cssSelector("#metrics-routes td.route")).getText());

    for (int i = 0; i < 5; i++) {
      assertEquals(200, node.http().get("/v1/items/popular", t.apiKey()).status());
    }
    assertEquals(404, node.http().get("/v1/items/none/similar", t.apiKey()).status());
    wait.until(ExpectedConditions.textToBe(By.id("metrics-requests"), "8"));
    assertTrue(driver.findElement(By.id("rate-header")).getDomProperty("textContent").contains("last 5 s"));
    assertEquals(2, driver.findElements(By.cssSelector("#metrics-routes tbody tr")).size());
    assertEquals("100.0 %", driver.findElement(By.xpath(
        "//tr[td[@class='route']/code='/v1/items/{itemId}/similar']/td[contains(@class,'error-rate')]")).getText());
    assertTrue(driver.findElement(By.id("metrics-refresh")).getText().startsWith("Refreshed every"));
    List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }
}
