package io.twinua.tools.pair;

import static io.twinua.tools.pair.PairClients.tag;
import static io.twinua.tools.pair.RunningPair.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinua.server.security.Role;
import io.twinua.server.testing.Await;
import io.twinua.server.testing.DiagJsonContract;
import io.twinua.tools.browser.HeadlessBrowser;
import io.twinua.tools.pairlab.LoopbackPair;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 §3: each station of a real pair serves its status page, and a real headless Chromium
 * shows the roles, the station time moving, the last system messages, a manual switch and a
 * station restart, all without reloading the page. Screenshots go to {@code target/status-page/}.
 */
class StatusPagePairTest {

  private static final Path SCREENSHOTS = Path.of("target", "status-page");
  /** The page pushes at least once a second; this leaves room for a loaded machine. */
  private static final Duration LIVE = Duration.ofSeconds(15);

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void pagesShowTheRolesLiveThroughASwitchAndARestart() throws Exception {
    try (PairHmi.Prepared prepared = PairHmi.prepareWithStatusPages(dir);
         RunningPair run = started(prepared)) {
      LoopbackPair pair = prepared.pair();
      try {
        LoopbackPair.Station master = run.master();
        LoopbackPair.Station standby = pair.partnerOf(master);
        readOnlyAndNoSecrets(prepared, master);

        try (HeadlessBrowser browser = HeadlessBrowser.start(dir.resolve("chromium-profile"))) {
          HeadlessBrowser.Page onMaster = browser.open(master.statusPageUrl());
          HeadlessBrowser.Page onStandby = browser.open(standby.statusPageUrl());
          onMaster.awaitText("role", "Master"::equals, LIVE, "the Master's page shows Master");
          onStandby.awaitText("role", "Standby"::equals, LIVE, "the Standby's page shows Standby");
          assertEquals(master.name(), onMaster.text("station"));
          assertEquals(standby.name(), onStandby.text("station"));
          onMaster.awaitText("connection", "live"::equals, LIVE, "the page follows the station");
          // a mark in each page's memory: gone if anything reloads the page
          onMaster.script("window.notReloaded = true");
          onStandby.script("window.notReloaded = true");

          String shown = onMaster.text("time");
          onMaster.awaitText("time", t -> !t.equals(shown), LIVE, "the station time moves without reload");
          Await.until(LIVE, "the Master's page lists system messages", () -> !onMaster.all("#messages tr").isEmpty());
          onMaster.screenshot(SCREENSHOTS.resolve("1-master.png"));
          onStandby.screenshot(SCREENSHOTS.resolve("1-standby.png"));

          switchByEngineer(prepared.hmi(), standby);
          onStandby.awaitText("role", "Master"::equals, WAIT, "the switched-to station's page shows Master");
          onMaster.awaitText("role", "Standby"::equals, WAIT, "the former Master's page shows Standby");
          onStandby.awaitText("messages", t -> t.contains("1012219"), LIVE, "the manual switch message (1012219)");
          assertEquals(true, onMaster.script("return window.notReloaded === true"), "page reloaded");
          assertEquals(true, onStandby.script("return window.notReloaded === true"), "page reloaded");
          onStandby.screenshot(SCREENSHOTS.resolve("2-switched-to-master.png"));

          run.kill(master);
          onMaster.awaitText("connection", t -> !t.equals("live"), LIVE, "the page says its station is gone");
          onMaster.screenshot(SCREENSHOTS.resolve("3-station-down.png"));
          run.restart(master);
          onMaster.awaitText("connection", "live"::equals, WAIT, "the page reconnects to the restarted station");
          onMaster.awaitText("role", "Standby"::equals, WAIT, "the restarted station's page shows Standby");
          assertEquals(true, onMaster.script("return window.notReloaded === true"), "page reloaded");
          onMaster.screenshot(SCREENSHOTS.resolve("4-restarted.png"));
        }
      } catch (AssertionError e) {
        throw run.explained(e);
      }
    }
  }

  private static RunningPair started(PairHmi.Prepared prepared) throws Exception {
    try {
      return RunningPair.start(prepared, Duration.ofSeconds(1));
    } catch (Exception | AssertionError e) {
      throw new AssertionError("pair did not start: " + e + prepared.pair().diagnostics(60), e);
    }
  }

  /** GET only; the JSON holds every field of the contract and none of the station's secrets. */
  private void readOnlyAndNoSecrets(PairHmi.Prepared prepared, LoopbackPair.Station s) throws Exception {
    URI json = URI.create(s.statusPageUrl() + "status.json");
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(json)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode(), "POST refused");
    String text = http.send(HttpRequest.newBuilder(json).build(), HttpResponse.BodyHandlers.ofString()).body();
    DiagJsonContract.assertComplete(new ObjectMapper().readTree(text));
    String lower = text.toLowerCase();
    for (String password : prepared.hmi().project().passwords.values()) {
      assertFalse(text.contains(password), "a user's password in the status JSON");
    }
    for (String secret : List.of("password", "private", "begin certificate", "begin rsa", ".pem", ".der", ".key",
        s.pkiDir().toString().toLowerCase(), s.dataDir().toString().toLowerCase())) {
      assertFalse(lower.contains(secret), "'" + secret + "' in the status JSON: " + text);
    }
    assertTrue(text.contains("\"name\":\"" + s.name() + "\""), text);
  }

  private static void switchByEngineer(PairHmi hmi, LoopbackPair.Station toMaster) throws Exception {
    OpcUaClient engineer = hmi.login(toMaster, Role.ENGINEER);
    try {
      StatusCode done = engineer.writeValues(List.of(tag(engineer, "@RM_MASTER")),
          List.of(DataValue.valueOnly(new Variant(1)))).get(0);
      assertTrue(done.isGood(), done.toString());
    } finally {
      engineer.disconnectAsync();
    }
  }
}
