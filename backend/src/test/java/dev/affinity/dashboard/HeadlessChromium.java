package dev.affinity.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless Chromium driven through chromium-driver, set up the way {@link DashboardBrowserTest} does it
 * (never Selenium Manager: the network is closed), with a throw-away profile. Browser tests skip only where
 * chromium or chromium-driver is not installed.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final WebDriver driver;
  private final Path profile;

  private HeadlessChromium(WebDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** Starts Chromium, or skips the calling test class where it is not installed. */
  static HeadlessChromium start() throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (ops/test installs them)");
    Path profile = Files.createTempDirectory("affinity-chromium");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--window-size=1280,1000", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    return new HeadlessChromium(new ChromeDriver(service, options), profile);
  }

  /** CSP violations and script errors show up as SEVERE console entries (read once: reading drains them). */
  void assertNoConsoleErrors() {
    List<LogEntry> severe = severe();
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  /** For a page answered with an error status on purpose, which Chromium logs as SEVERE: only that is allowed. */
  void assertOnlyConsoleErrors(String expected) {
    List<LogEntry> other = severe().stream().filter(e -> !e.getMessage().contains(expected)).toList();
    assertTrue(other.isEmpty(), "browser console errors: " + other);
  }

  private List<LogEntry> severe() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
  }

  /** Saves a screenshot when -Daffinity.screenshots=<dir> is given (for a person to look at). */
  void screenshot(String name) throws IOException {
    String dir = System.getProperty("affinity.screenshots");
    if (dir != null) {
      Files.createDirectories(Path.of(dir));
      Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of(dir, name),
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public void close() throws IOException {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }
}
