package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.affinity.testing.TestNode;
import dev.affinity.testing.TestTenant;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The metrics page in a real headless Chromium: its script (loaded under the strict CSP) polls the JSON and
 * rewrites the figures as the tenant's requests arrive, with no console errors. Skips where Debian's chromium
 * or chromium-driver is not installed, like {@link DashboardBrowserTest}.
 */
class MetricsPageBrowserTest {
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
    chromium.assertNoConsoleErrors();
  }
}
