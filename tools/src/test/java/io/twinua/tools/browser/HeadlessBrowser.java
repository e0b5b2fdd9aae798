package io.twinua.tools.browser;

import io.twinua.server.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code
 * tools/test} installs) driven by Selenium, for tests of the station's status page and the web
 * HMI. Each page opened is a tab of its own ({@link Page}); the profile is fresh per browser. The
 * browser talks to nothing but the pages the test opens (no sync, updates or other background
 * traffic: a plant has no internet, nor does this machine).
 */
public final class HeadlessBrowser implements AutoCloseable {

  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final List<String> FLAGS = List.of(
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage", "--window-size=1400,1100");

  private final ChromeDriverService service;
  private final ChromeDriver driver;

  private HeadlessBrowser(ChromeDriverService service, ChromeDriver driver) {
    this.service = service;
    this.driver = driver;
  }

  /** Starts Chromium with an empty profile under {@code profileDir} (created if missing). */
  public static HeadlessBrowser start(Path profileDir) throws IOException {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new IllegalStateException(p + " missing: install Debian's chromium and chromium-driver "
            + "(tools/test does: apt-get install -y chromium chromium-driver)");
      }
    }
    Files.createDirectories(profileDir);
    // both paths given: Selenium Manager (which would download a browser) is never asked
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments(FLAGS);
    options.addArguments("--user-data-dir=" + profileDir.toAbsolutePath());
    try {
      return new HeadlessBrowser(service, new ChromeDriver(service, options));
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
  }

  /** Opens {@code url} in a new tab (the first page uses the first tab). */
  public Page open(String url) {
    if (!driver.getWindowHandles().isEmpty() && !"about:blank".equals(driver.getCurrentUrl())) {
      driver.switchTo().newWindow(WindowType.TAB);
    }
    driver.get(url);
    return new Page(driver.getWindowHandle());
  }

  /** The Selenium driver, for what {@link Page} does not offer. */
  public WebDriver driver() {
    return driver;
  }

  /** One tab: reads elements by id, waits for their text, runs script, takes screenshots. */
  public final class Page {
    private final String window;

    private Page(String window) {
      this.window = window;
    }

    private WebDriver here() {
      return driver.switchTo().window(window);
    }

    /** The visible text of the element with {@code id}, or null while there is none. */
    public String text(String id) {
      try {
        return here().findElement(By.id(id)).getText();
      } catch (NoSuchElementException e) {
        return null;
      }
    }

    /** The elements {@code css} selects, e.g. the rows of a table. */
    public List<WebElement> all(String css) {
      return here().findElements(By.cssSelector(css));
    }

    /** Waits until the text of {@code id} satisfies {@code wanted}; returns that text. */
    public String awaitText(String id, Predicate<String> wanted, Duration timeout, String what)
        throws InterruptedException {
      Await.until(timeout, Duration.ofMillis(100), what + " (#" + id + " on " + url() + ")", () -> {
        String t = text(id);
        return t != null && wanted.test(t);
      });
      return text(id);
    }

    /** Runs {@code script} in the page and returns its result. */
    public Object script(String script) {
      return ((JavascriptExecutor) here()).executeScript(script);
    }

    public String url() {
      return here().getCurrentUrl();
    }

    /** Saves a PNG of the tab's viewport to {@code file}. */
    public Path screenshot(Path file) throws IOException {
      byte[] png = ((TakesScreenshot) here()).getScreenshotAs(OutputType.BYTES);
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, png);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }
}
