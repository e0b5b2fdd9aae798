package io.twinua.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status page server on loopback with the contract's example JSON, spoken to by a real HTTP client. */
class StatusPageServerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private final AtomicReference<String> snapshot = new AtomicReference<>();
  private StatusPageServer page;

  @BeforeEach
  void start() throws IOException {
    snapshot.set(contractJson());
    page = StatusPageServer.start("STATION-A", "127.0.0.1", 0, snapshot::get);
  }

  @AfterEach
  void stop() {
    page.close();
  }

  @Test
  void servesThePageItsFilesAndTheJsonOnTheBoundPort() throws Exception {
    assertTrue(page.port() > 0, "OS-assigned port");
    assertEquals("http://127.0.0.1:" + page.port() + "/", page.url());
    // bound to the station's address only: another address of this machine does not answer
    assertThrows(ConnectException.class, () -> http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + page.port() + "/")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString()));

    HttpResponse<String> index = get("/");
    assertEquals(200, index.statusCode());
    assertTrue(index.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(index.body().contains("<script src=\"status.js\""), index.body());
    // nothing from outside the station: a plant network has no internet
    for (String path : List.of("/", "/status.css", "/status.js")) {
      HttpResponse<String> file = get(path);
      assertEquals(200, file.statusCode(), path);
      assertTrue(!file.body().contains("http://") && !file.body().contains("https://") && !file.body().contains("//cdn"),
          path + " refers to another host");
    }
    assertEquals("default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        index.headers().firstValue("Content-Security-Policy").orElse(""));

    HttpResponse<String> json = get("/status.json");
    assertEquals(200, json.statusCode());
    assertEquals(contractJson(), json.body());
    assertEquals("no-store", json.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(404, get("/pki/own/private/application.key").statusCode());
  }

  @Test
  void refusesEveryMethodButGet() throws Exception {
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")) {
      for (String path : List.of("/", "/status.json", "/events")) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path))
            .method(method, HttpRequest.BodyPublishers.ofString("{\"role\":\"Standby\"}")).timeout(WAIT).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode(), method + " " + path);
        assertEquals("GET", r.headers().firstValue("Allow").orElse(""), method + " " + path);
      }
    }
  }

  @Test
  void pushesEachNewSnapshotToALiveViewer() throws Exception {
    HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(uri("/events")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, events.statusCode());
    assertTrue(events.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    try (var lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertEquals("data: " + contractJson(), nextData(lines));
      String standby = contractJson().replace("\"role\":\"Master\"", "\"role\":\"Standby\"");
      snapshot.set(standby);
      // the next samples show the change without the viewer asking again
      String seen;
      do {
        seen = nextData(lines);
      } while (!seen.equals("data: " + standby));
    }
  }

  @Test
  void endsLiveStreamsWhenTheStationStops() throws Exception {
    HttpResponse<InputStream> events = http.send(HttpRequest.newBuilder(uri("/events")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    try (var lines = new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      nextData(lines);
      long before = System.nanoTime();
      page.close();
      try {
        while (lines.readLine() != null) {
          // drains what was sent before the stop
        }
      } catch (IOException cut) {
        // ended by the closed connection rather than the last chunk: ended all the same
      }
      assertTrue(System.nanoTime() - before < WAIT.toNanos(), "stream not ended by the stop");
    }
  }

  private static String nextData(BufferedReader lines) throws IOException {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("data: ")) {
        return line;
      }
    }
    throw new AssertionError("event stream ended");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + page.port() + path);
  }

  /** The example of the diagnostics JSON contract, as one line (as the diagnostics render it). */
  static String contractJson() {
    try (InputStream in = StatusPageServerTest.class.getResourceAsStream("station-diagnostics.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\n", "");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
