package io.twinua.tools.hmi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browsers' live feed (Server-Sent Events): every open page gets every event, in order, from
 * one thread of its own, so a slow browser delays no OPC UA callback.
 */
final class Push implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Push.class);

  private final ObjectMapper json;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "twinua-hmi-push");
    t.setDaemon(true);
    return t;
  });
  // sender-thread state
  private final Set<SseClient> pages = new LinkedHashSet<>();

  Push(ObjectMapper json) {
    this.json = json;
  }

  /** A new page: {@code greet} sends it the current picture before it gets any later event. */
  void open(SseClient page, Consumer<SseClient> greet) {
    page.keepAlive();
    page.onClose(() -> sender.execute(() -> pages.remove(page)));
    sender.execute(() -> {
      greet.accept(page);
      pages.add(page);
    });
  }

  /** Sends {@code data} as JSON under {@code event} to every open page. */
  void send(String event, Object data) {
    sender.execute(() -> {
      if (pages.isEmpty()) {
        return;
      }
      String text = text(data);
      pages.removeIf(SseClient::terminated);
      for (SseClient page : pages) {
        try {
          page.sendEvent(event, text);
        } catch (RuntimeException e) {
          LOG.debug("page gone: {}", e.toString()); // removed at its onClose or the next send
        }
      }
    });
  }

  /** Sends to one page, on the sender thread (inside a greeting). */
  void sendTo(SseClient page, String event, Object data) {
    page.sendEvent(event, text(data));
  }

  private String text(Object data) {
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      LOG.warn("cannot send {}: {}", data, e.toString());
      return "null";
    }
  }

  @Override
  public void close() {
    sender.execute(() -> {
      pages.forEach(SseClient::close);
      pages.clear();
    });
    sender.shutdown();
  }
}
