package io.twinua.tools.pair;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.switcher.Preference;
import io.twinua.switcher.discovery.ClientCertificate;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.browser.HeadlessBrowser;
import io.twinua.tools.hmi.HmiServer;
import io.twinua.tools.hmi.HmiSettings;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.testing.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * Issue 10, the web HMI ({@code twinua hmi}) on a real pair in a real headless Chromium, one pair
 * for all steps, in order: the page shows the plant live; a viewer's acknowledge is refused by
 * the station and an operator's accepted; after kill -9 of the station the HMI is on, the page
 * shows the other one within seconds and the trend of a +1-per-update counter has no gap.
 * Screenshots: {@code tools/target/web-hmi/normal.png} and {@code after-switch.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PairWebHmiTest {

  private static final Path SCREENSHOTS = Path.of("target", "web-hmi");
  private static final Duration LIVE = Duration.ofSeconds(20);
  private static final String COUNTER = "nsu=" + TestProject.PLANT_NS + ";s=Plant.Intake.Pump1.RunSeconds";
  private static final String ALARM = "Tank2Level";
  private static final String SPEED_SETPOINT = "nsu=" + TestProject.PLANT_NS + ";s=Plant.Intake.Pump1.SpeedSetpoint";
  private static final String LEVEL_SETPOINT = "nsu=" + TestProject.PLANT_NS + ";s=Plant.Treatment.Tank1.LevelSetpoint";

  @TempDir static Path dir;

  private PairHmi.Prepared prepared;
  private RunningPair run;
  private ServerTrust trust;
  private HmiServer hmi;
  private HeadlessBrowser browser;
  private HeadlessBrowser.Page page;
  private LoopbackPair.Station onStation;

  @BeforeAll
  void startPairHmiAndBrowser() throws Exception {
    prepared = PairHmi.prepareEdited(dir, TestProject::tank2AlwaysHigh);
    run = RunningPair.start(prepared, Duration.ofSeconds(2));
    onStation = run.master();
    TestProject project = prepared.hmi().project();
    trust = ServerTrust.trustEveryServer();
    Connector.Settings d = Connector.Settings.defaults();
    LoopbackPair pair = prepared.pair();
    hmi = HmiServer.start(new HmiSettings(List.of(pair.a().endpointUrl(), pair.b().endpointUrl()), Preference.master(),
        ServerAccess.anonymousInsecure(),
        Optional.of(new ClientCertificate(project.hmiKeys, new X509Certificate[] {project.hmiCertificate})), trust,
        new Connector.Settings(TestProject.HMI_URI, "TwinUA test web HMI", Duration.ofSeconds(10), Duration.ofSeconds(5),
            d.keepAliveInterval(), d.sessionTimeout()),
        "127.0.0.1", 0, Duration.ofSeconds(1), Duration.ofMinutes(5)), RunningPair.WAIT);
    hmi.feedStarted().get();
    browser = HeadlessBrowser.start(dir.resolve("chromium-profile"));
    page = browser.open(hmi.url());
  }

  @AfterAll
  void stopAll() throws Exception {
    try (PairHmi.Prepared p = prepared; RunningPair r = run; ServerTrust t = trust) {
      if (browser != null) {
        browser.close();
      }
      if (hmi != null) {
        hmi.close();
      }
    }
  }

  @Test
  @Order(1)
  void pageShowsThePlantLiveAndTheServers() throws Exception {
    page.awaitText("current-server", onStation.name()::equals, LIVE, "the page names the HMI's server");
    page.awaitText("feed-state", "live"::equals, LIVE, "the live feed is open");
    String first = awaitCounterValue(v -> !v.isEmpty());
    awaitCounterValue(v -> !v.equals(first));
    assertEquals("Good", counterRow().findElement(By.className("status")).getText());
    Await.until(LIVE, "both stations with their roles", () -> roles().equals(Map.of(
        onStation.name(), "Master", prepared.pair().partnerOf(onStation).name(), "Standby")));
    System.out.println("MEASURED plant rows on the page: " + page.all("#tree tbody tr").size());
    page.screenshot(SCREENSHOTS.resolve("normal.png"));
  }

  @Test
  @Order(2)
  void aViewerCannotAcknowledgeAnOperatorCan() throws Exception {
    var driver = browser.driver();
    driver.findElement(By.id("login-user")).sendKeys("operator");
    driver.findElement(By.id("login-password")).sendKeys("not-the-password");
    long tried = System.nanoTime();
    driver.findElement(By.id("login-button")).click();
    page.awaitText("login-result", t -> t.startsWith("login failed"), LIVE, "a wrong password refused");
    System.out.println("MEASURED wrong password refused on the page after " + (System.nanoTime() - tried) / 1_000_000 + " ms");
    assertTrue(page.text("login-result").contains("Bad_UserAccessDenied"), page.text("login-result"));
    assertTrue(browser.driver().manage().getCookieNamed("twinua-hmi") == null, "no session for a refused login");

    logIn(Role.VIEWER);
    Cookie session = browser.driver().manage().getCookieNamed("twinua-hmi");
    assertTrue(session.isHttpOnly(), "the session cookie is out of the page's scripts' reach");
    assertEquals("Strict", session.getSameSite());
    assertFalse(String.valueOf(page.script("return document.cookie;")).contains("twinua-hmi"));
    clickAck();
    page.awaitText("alarm-result", t -> t.contains(": Bad"), LIVE, "the station refuses the viewer's acknowledge");
    String refused = page.text("alarm-result");
    assertTrue(refused.contains("Bad_UserAccessDenied"), refused);
    assertTrue(alarmRowClass().contains("unacked"), "still unacknowledged after the viewer");
    browser.driver().findElement(By.id("logout-button")).click();
    page.awaitText("login-result", ""::equals, LIVE, "logged out");

    logIn(Role.OPERATOR);
    clickAck();
    page.awaitText("alarm-result", t -> t.endsWith(": Good"), LIVE, "the station accepts the operator's acknowledge");
    Await.until(LIVE, "the alarm shown acknowledged", () -> {
      String row = firstAlarmRowText();
      return row.contains("Acknowledged") && !row.contains("Unacknowledged");
    });
  }

  /**
   * The first alarm row's text; "" while there is none or while the page redraws the table (the
   * row found is gone by the time its text is asked for: seen once in CI).
   */
  private String firstAlarmRowText() {
    try {
      List<WebElement> rows = alarmRows();
      return rows.isEmpty() ? "" : rows.get(0).getText();
    } catch (StaleElementReferenceException e) {
      return "";
    }
  }

  @Test
  @Order(3)
  void anOperatorsSetpointReachesThePlcSimulatorAViewersIsRefused() throws Exception {
    assertEquals("operator", page.text("session-user"), "still the operator from the step before");
    // a process setpoint: written through to the AS by the station the HMI is on
    write(SPEED_SETPOINT, "12.5");
    page.awaitText("write-result", t -> t.contains("12.5: Good"), LIVE, "the AS confirms the operator's setpoint");
    Await.until(LIVE, "the PLC simulator logs SpeedSetpoint = 12.5", () -> truthOfSpeedSetpoint().contains("12.5"));
    Await.until(LIVE, "the new setpoint shown live", () -> "12.5".equals(value(SPEED_SETPOINT)));
    // an operator tag the station keeps (internal tag)
    write(LEVEL_SETPOINT, "42.5");
    page.awaitText("write-result", t -> t.contains("42.5: Good"), LIVE, "the station accepts the operator's write");
    Await.until(LIVE, "the new operator tag shown live", () -> "42.5".equals(value(LEVEL_SETPOINT)));

    browser.driver().findElement(By.id("logout-button")).click();
    logIn(Role.VIEWER);
    write(SPEED_SETPOINT, "13");
    page.awaitText("write-result", t -> t.contains("13: Bad"), LIVE, "the station refuses the viewer's setpoint");
    assertTrue(page.text("write-result").contains("Bad_UserAccessDenied"), page.text("write-result"));
    write(LEVEL_SETPOINT, "43");
    page.awaitText("write-result", t -> t.contains("43: Bad"), LIVE, "the station refuses the viewer's write");
    assertTrue(page.text("write-result").contains("Bad_UserAccessDenied"), page.text("write-result"));
    assertEquals("42.5", value(LEVEL_SETPOINT), "the viewer's write changed nothing");
    assertFalse(truthOfSpeedSetpoint().contains("13.0"), "the viewer's setpoint never reached the AS");
  }

  private List<String> truthOfSpeedSetpoint() {
    try {
      return PairArchives.truth(prepared.pair()).getOrDefault("Intake.Pump1.SpeedSetpoint", List.of()).stream()
          .map(t -> t.valueText()).toList();
    } catch (Exception e) {
      return List.of();
    }
  }

  @Test
  @Order(4)
  void aManualSwitchMovesTheHmiAndItReturnsToThePreference() throws Exception {
    LoopbackPair.Station other = prepared.pair().partnerOf(onStation);
    String shown = page.all("#servers tbody tr[data-server$=':" + other.name() + "'] button.switch").isEmpty() ? "none" : "ok";
    assertEquals("ok", shown, "a Switch here button on the other server's row");
    page.script("document.querySelector(\"#servers tbody tr[data-server$=':" + other.name() + "'] button.switch\").click();");
    page.awaitText("current-server", other.name()::equals, LIVE, "the HMI on the other server after the manual switch");
    page.awaitText("switches", t -> t.contains(onStation.name() + " → " + other.name() + ": manual switch (manual)"), LIVE,
        "the manual switch in the history");
    browser.driver().findElement(By.id("resume-button")).click();
    page.awaitText("current-server", onStation.name()::equals, LIVE, "back on the preferred Master");
  }

  @Test
  @Order(5)
  void afterAKillThePageShowsTheOtherServerAndTheTrendHasNoGap() throws Exception {
    counterRow().click();
    Await.until(LIVE, "the counter's trend with history and live values", () -> trend().size() > 20);
    LoopbackPair.Station other = prepared.pair().partnerOf(onStation);
    int before = trend().size();
    long killed = System.nanoTime();
    run.kill(onStation);
    page.awaitText("current-server", other.name()::equals, LIVE, "the page shows the other server");
    long shownMillis = (System.nanoTime() - killed) / 1_000_000;
    System.out.println("MEASURED kill -9 of " + onStation.name() + " to the page showing " + other.name() + ": " + shownMillis + " ms");
    Await.until(LIVE, "trend values from " + other.name(), () -> trend().size() > before + 20);
    List<double[]> points = trend();
    List<String> gaps = new ArrayList<>();
    for (int i = 1; i < points.size(); i++) {
      if (points.get(i)[1] - points.get(i - 1)[1] != 1) {
        gaps.add(points.get(i - 1)[1] + " -> " + points.get(i)[1] + " at " + points.get(i)[0]);
      }
    }
    assertTrue(gaps.isEmpty(), "the +1 counter's trend must have consecutive values across the switch: " + gaps);
    page.awaitText("switches", t -> t.contains(onStation.name() + " → " + other.name()), LIVE, "the switch in the history");
    page.screenshot(SCREENSHOTS.resolve("after-switch.png"));
    assertTrue(shownMillis < LIVE.toMillis(), "shown within " + LIVE);
    assertTrue(Files.size(SCREENSHOTS.resolve("after-switch.png")) > 0);
  }

  private void logIn(Role role) throws InterruptedException {
    var driver = browser.driver();
    driver.findElement(By.id("login-user")).clear();
    driver.findElement(By.id("login-user")).sendKeys(role.name().toLowerCase());
    driver.findElement(By.id("login-password")).sendKeys(prepared.hmi().project().passwords.get(role));
    driver.findElement(By.id("login-button")).click();
    page.awaitText("session-user", role.name().toLowerCase()::equals, LIVE, role + " logged in");
  }

  /** Types {@code text} into the setpoint field of {@code node}'s row and presses Set. */
  private void write(String node, String text) {
    page.script("const tr = document.querySelector(\"#tree tr[data-node='" + node + "']\");"
        + " tr.querySelector('input.setpoint').value = '" + text + "'; tr.querySelector('button.write').click();");
  }

  private String value(String node) {
    List<WebElement> cells = page.all("#tree tr[data-node='" + node + "'] td.value");
    return cells.isEmpty() ? null : cells.get(0).getText();
  }

  private WebElement counterRow() {
    return browser.driver().findElement(By.cssSelector("#tree tr[data-node='" + COUNTER + "']"));
  }

  private String awaitCounterValue(java.util.function.Predicate<String> wanted) throws InterruptedException {
    String[] got = new String[1];
    Await.until(LIVE, "the counter's value", () -> {
      List<WebElement> rows = page.all("#tree tr[data-node='" + COUNTER + "'] td.value");
      got[0] = rows.isEmpty() ? null : rows.get(0).getText();
      return got[0] != null && wanted.test(got[0]);
    });
    return got[0];
  }

  private Map<String, String> roles() {
    Map<String, String> roles = new java.util.HashMap<>();
    for (WebElement row : page.all("#servers tbody tr")) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      roles.put(cells.get(0).getText(), cells.get(1).getText());
    }
    return roles;
  }

  private List<WebElement> alarmRows() {
    return page.all("#alarms tbody tr[data-name='" + ALARM + "']");
  }

  /** The alarm row's class attribute, read in one script: the table is redrawn at every alarm event. */
  private String alarmRowClass() throws InterruptedException {
    String[] got = new String[1];
    Await.until(LIVE, "the " + ALARM + " alarm on the page", () -> {
      got[0] = String.valueOf(page.script("const r = document.querySelector(\"#alarms tbody tr[data-name='" + ALARM
          + "']\"); return r ? r.className : null;"));
      return !"null".equals(got[0]);
    });
    return got[0];
  }

  /** Clicks the alarm's Acknowledge button in one script: the table is redrawn at every alarm event. */
  private void clickAck() throws InterruptedException {
    Await.until(LIVE, "the " + ALARM + " alarm with its Acknowledge button clicked", () -> Boolean.TRUE.equals(page.script(
        "const b = document.querySelector(\"#alarms tbody tr[data-name='" + ALARM + "'] button.ack\");"
            + " if (b) { b.click(); return true; } return false;")));
  }

  /** The trend's series as the chart holds it: [seconds, value] pairs. */
  @SuppressWarnings("unchecked")
  private List<double[]> trend() {
    Map<String, Object> series = (Map<String, Object>) page.script("return window.hmiTrend();");
    List<Number> t = (List<Number>) series.get("t");
    List<Number> v = (List<Number>) series.get("v");
    List<double[]> points = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      points.add(new double[] {t.get(i).doubleValue(), v.get(i).doubleValue()});
    }
    return points;
  }
}
