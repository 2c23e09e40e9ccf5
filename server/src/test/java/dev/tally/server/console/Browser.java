package dev.tally.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium from Debian's packages ({@code /usr/bin/chromium}, driven through {@code
 * /usr/bin/chromedriver}), with a fresh profile and a download folder, for one test class. The
 * driver's path is given, so Selenium never tries to download one. Without Chromium the test fails
 * in CI ({@code CI=true}) and is skipped, loudly, elsewhere.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  final ChromeDriver driver;
  final Path downloads;
  private final Path profile;
  private final WebDriverWait wait;

  private Browser(ChromeDriver driver, Path downloads, Path profile) {
    this.driver = driver;
    this.downloads = downloads;
    this.profile = profile;
    this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    // A page re-renders its view after each navigation: an element found just before is stale.
    this.wait.ignoring(StaleElementReferenceException.class);
  }

  /** Starts Chromium, or fails (in CI) or skips (elsewhere) when it is not installed. */
  static Browser start() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String message =
          "the browser tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install -y chromium chromium-driver (.ci/run does)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        Assertions.fail("CI=true and " + message);
      }
      System.err.println("WARNING: SKIPPING the console's browser tests: " + message);
      Assumptions.abort(message);
    }
    try {
      Path profile = Files.createTempDirectory("tally-chromium-profile");
      Path downloads = Files.createTempDirectory("tally-chromium-downloads");
      Files.createDirectories(SCREENSHOTS);
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--lang=en-US",
          "--window-size=1280,900",
          "--user-data-dir=" + profile);
      options.setExperimentalOption(
          "prefs",
          Map.of(
              "download.default_directory", downloads.toString(),
              "download.prompt_for_download", false,
              "download.directory_upgrade", true,
              "safebrowsing.enabled", false));
      LoggingPreferences logs = new LoggingPreferences();
      logs.enable(LogType.BROWSER, Level.ALL);
      options.setCapability("goog:loggingPrefs", logs);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(1280, 900));
      return new Browser(driver, downloads, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WebDriverWait waiting() {
    return wait;
  }

  /**
   * Saves a screenshot of the whole page, beyond the window's height, as {@code
   * target/console-screenshots/<name>.png}.
   */
  Path screenshot(String name) {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Number> content = (Map<String, Number>) metrics.get("cssContentSize");
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", content.get("width"),
            "height", content.get("height"),
            "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    try {
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.write(target, Base64.getDecoder().decode((String) shot.get("data")));
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The browser console's errors since the last call (CSP violations, script errors). */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Waits for a file of that name to be completely downloaded, and returns it. */
  Path downloaded(String fileName) {
    Path file = downloads.resolve(fileName);
    new WebDriverWait(driver, Duration.ofSeconds(20))
        .until(
            d ->
                Files.isRegularFile(file)
                    && !Files.exists(downloads.resolve(fileName + ".crdownload")));
    return file;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
      deleteQuietly(downloads);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; the OS cleans it eventually
    }
  }
}
