package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatSenderTest {

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
  }

  @Test
  void sendsEveryBeatOnAllLinksAndKeepsGoingWhenTheSupplierFails() throws Exception {
    RecordingLink one = new RecordingLink();
    RecordingLink two = new RecordingLink();
    AtomicLong calls = new AtomicLong();
    HeartbeatSender sender = new HeartbeatSender(() -> {
      long n = calls.incrementAndGet();
      if (n == 2 || n == 3) {
        throw new IllegalStateException("role machine busy");
      }
      return Heartbeats.of("A", n);
    }, List.of(one, two), scheduler, 20);
    long started = System.nanoTime();
    sender.start();
    Await.until(Duration.ofSeconds(3), "6 beats", () -> sender.beats() >= 6);
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    sender.close();
    long after = calls.get();

    assertTrue(elapsedMs >= 7 * 20 - 20, "paced by the interval, took " + elapsedMs + " ms");
    assertEquals(List.of(1L, 4L, 5L, 6L), one.sent.stream().limit(4).map(Heartbeat::sequence).toList(),
        "failed beats are skipped, later ones still go");
    assertEquals(one.sent.subList(0, 4), two.sent.subList(0, 4));
    // five intervals later, on the same scheduler: a cancelled sender has not beaten since
    scheduler.schedule(() -> null, 100, TimeUnit.MILLISECONDS).get(2, TimeUnit.SECONDS);
    assertTrue(calls.get() <= after + 1, "no beats after close: " + after + " -> " + calls.get());
  }

  /** A link that records what it is asked to send (a seam: the sender's logic needs no socket). */
  private static final class RecordingLink implements StatusLink {
    final List<Heartbeat> sent = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public StatusLinkKind kind() {
      return StatusLinkKind.UDP;
    }

    @Override
    public void start() {}

    @Override
    public void send(Heartbeat heartbeat) {
      sent.add(heartbeat);
    }

    @Override
    public LinkState state() {
      return LinkState.DOWN;
    }

    @Override
    public StatusLinkCounters counters() {
      return new StatusLinkCounters(sent.size(), 0, 0, 0);
    }

    @Override
    public void close() {}
  }
}
