package io.twinua.server.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's read-only status page over HTTP: {@code /} (the page and its files), {@code
 * /status.json} (the diagnostics JSON for a plain GET) and {@code /events} (the same, pushed live).
 * GET only; every other method gets 405. The JDK's own server on threads of its own: a slow or
 * stuck browser never holds a station or Milo thread. It shows what the diagnostics JSON holds, which
 * carries no secrets (no passwords, keys or certificate paths).
 */
public final class StatusPageServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StatusPageServer.class);
  /** The page is a plant engineer's tool, not a dashboard for a control room wall. */
  static final int MAX_LIVE_VIEWERS = 8;
  private static final Duration PERIOD = Duration.ofSeconds(1);
  /** A plain GET right after start-up waits this long for the first sample. */
  private static final Duration FIRST_SAMPLE = Duration.ofSeconds(2);
  /**
   * Same-origin only (no CDN, nothing inline), no framing, no MIME sniffing: the page cannot be
   * turned against the plant network it sits in.
   */
  private static final String CONTENT_SECURITY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final HttpServer http;
  private final ExecutorService handlers;
  private final StatusFeed feed;
  private final String url;

  private StatusPageServer(HttpServer http, ExecutorService handlers, StatusFeed feed, String url) {
    this.http = http;
    this.handlers = handlers;
    this.feed = feed;
    this.url = url;
  }

  /**
   * Binds {@code bindAddress:port} (0: the OS chooses) and starts serving; fails loudly if the port
   * is taken.
   *
   * @param snapshot the station's diagnostics JSON (contract: the diagnostics snapshot); called on
   *     the page's own thread four times per second
   */
  public static StatusPageServer start(String station, String bindAddress, int port, Supplier<String> snapshot)
      throws IOException {
    PageFiles files = PageFiles.load();
    HttpServer http = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    ExecutorService handlers = Executors.newFixedThreadPool(MAX_LIVE_VIEWERS + 4, threads(station + "-web"));
    StatusFeed feed = new StatusFeed(snapshot, PERIOD, threads(station + "-web-feed"));
    LiveEvents events = new LiveEvents(feed, MAX_LIVE_VIEWERS);
    http.createContext("/", exchange -> {
      try (exchange) {
        serve(exchange, files, feed, events);
      } catch (IOException | RuntimeException e) {
        LOG.debug("status page request {} failed: {}", exchange.getRequestURI(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    http.setExecutor(handlers);
    http.start();
    InetSocketAddress bound = http.getAddress();
    String url = "http://" + hostInUrl(bindAddress) + ":" + bound.getPort() + "/";
    LOG.info("status page of {} at {} (read-only)", station, url);
    return new StatusPageServer(http, handlers, feed, url);
  }

  private static void serve(HttpExchange exchange, PageFiles files, StatusFeed feed, LiveEvents events)
      throws IOException, InterruptedException {
    var headers = exchange.getResponseHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Content-Security-Policy", CONTENT_SECURITY);
    headers.set("Referrer-Policy", "no-referrer");
    if (!"GET".equals(exchange.getRequestMethod())) {
      headers.set("Allow", "GET");
      plain(exchange, 405, "read-only: GET only");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/events")) {
      events.stream(exchange);
      return;
    }
    if (path.equals("/status.json")) {
      String json = feed.current(FIRST_SAMPLE);
      if (json == null) {
        plain(exchange, 503, "no diagnostics snapshot yet");
        return;
      }
      headers.set("Cache-Control", "no-store");
      send(exchange, 200, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
      return;
    }
    var file = files.at(path);
    if (file.isEmpty()) {
      plain(exchange, 404, "not found");
      return;
    }
    send(exchange, 200, file.get().contentType(), file.get().body());
  }

  static void plain(HttpExchange exchange, int status, String text) throws IOException {
    send(exchange, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** The page's address, with the port actually bound. */
  public String url() {
    return url;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    feed.close(); // ends every live stream
    // no grace period: a browser reconnects by itself, and a stopping station should not wait for it
    http.stop(0);
    handlers.shutdownNow();
    try {
      handlers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String hostInUrl(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
