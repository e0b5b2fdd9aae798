package io.twinua.server.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /events}: the diagnostics JSON as Server-Sent Events, one event per sample of the
 * {@link StatusFeed}. The browser's EventSource reconnects by itself after a station restart
 * ({@code retry:} below). Each viewer holds one thread of the page's pool, so their number is
 * capped: beyond it a viewer gets 503 and the plain pages stay served.
 */
final class LiveEvents {

  /** Comment lines keep idle proxies and the browser from closing a quiet stream. */
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
  private static final String RETRY_MS = "2000";

  private final StatusFeed feed;
  private final int maxViewers;
  private final AtomicInteger viewers = new AtomicInteger();

  LiveEvents(StatusFeed feed, int maxViewers) {
    this.feed = feed;
    this.maxViewers = maxViewers;
  }

  void stream(HttpExchange exchange) throws IOException {
    if (viewers.incrementAndGet() > maxViewers) {
      viewers.decrementAndGet();
      StatusPageServer.plain(exchange, 503, "too many live viewers of this status page (" + maxViewers + ")");
      return;
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      send(out, "retry: " + RETRY_MS + "\n\n");
      long seen = 0;
      while (!feed.closed()) {
        StatusFeed.Sample sample = feed.awaitNewer(seen, KEEP_ALIVE);
        if (sample.number() > seen && sample.json() != null) {
          seen = sample.number();
          // a data line may not hold a line break: each line of the payload gets its own
          send(out, "data: " + sample.json().replace("\n", "\ndata: ") + "\n\n");
        } else {
          send(out, ": still here\n\n");
        }
      }
    } catch (IOException e) {
      // the viewer went away (tab closed, network): nothing to do
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      viewers.decrementAndGet();
      exchange.close();
    }
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
