package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every status link shares: counters, the UP/DOWN decision and the listener calls. I/O threads
 * hand frames in; state changes and callbacks happen on this monitor's single executor thread (the
 * link's own), so I/O never waits for a listener and callbacks never overlap.
 */
final class LinkMonitor {

  private static final Logger log = LoggerFactory.getLogger(LinkMonitor.class);

  private final String linkName;
  private final String partnerStation;
  private final long timeoutMs;
  private final StatusLinkListener listener;
  private final Clock clock;

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong sendFailed = new AtomicLong();
  private final AtomicBoolean sendFailing = new AtomicBoolean();
  private final Set<String> loggedRejections = ConcurrentHashMap.newKeySet();

  private volatile ScheduledThreadPoolExecutor executor;
  private volatile LinkState state = LinkState.DOWN;
  /** Why the line itself is broken (port lost, ...), added to the DOWN reason; null when fine. */
  private volatile String lineProblem;
  private volatile boolean closed;

  // executor thread only
  private ScheduledFuture<?> timeoutTask;
  private long lastValidNanos;

  LinkMonitor(String linkName, String partnerStation, long timeoutMs, StatusLinkListener listener, Clock clock) {
    this.linkName = linkName;
    this.partnerStation = partnerStation;
    this.timeoutMs = timeoutMs;
    this.listener = listener;
    this.clock = clock;
  }

  void start(String threadPrefix) {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, new LinkThreads(threadPrefix));
    e.setRemoveOnCancelPolicy(true); // the timeout is rescheduled on every frame
    executor = e;
  }

  Instant now() {
    return clock.instant();
  }

  /** A decoded frame arrived (I/O thread): accepted only if it comes from the partner station. */
  void frame(Heartbeat heartbeat, Instant receivedAt) {
    if (!heartbeat.station().equals(partnerStation)) {
      rejected("station", "heartbeat of station '" + heartbeat.station() + "', the partner is '" + partnerStation + "'");
      return;
    }
    received.incrementAndGet();
    long arrivedNanos = System.nanoTime();
    run(() -> valid(heartbeat, receivedAt, arrivedNanos));
  }

  /** Something arrived that is not a partner heartbeat; logged once per kind, always counted. */
  void rejected(String kind, String detail) {
    rejected.incrementAndGet();
    if (loggedRejections.add(kind)) {
      log.warn("{}: ignoring {}; further ones of this kind are only counted", linkName, detail);
    }
  }

  void sent() {
    sent.incrementAndGet();
    if (sendFailing.compareAndSet(true, false)) {
      log.info("{}: sending heartbeats works again ({} failed so far)", linkName, sendFailed.get());
    }
  }

  void sendFailed(String why) {
    sendFailed.incrementAndGet();
    if (sendFailing.compareAndSet(false, true)) {
      log.warn("{}: cannot send heartbeat: {}; further failures are only counted until it works again", linkName, why);
    }
  }

  void lineProblem(String problem) {
    lineProblem = problem;
  }

  LinkState state() {
    return state;
  }

  StatusLinkCounters counters() {
    return new StatusLinkCounters(sent.get(), received.get(), rejected.get(), sendFailed.get());
  }

  void close() {
    closed = true;
    ScheduledThreadPoolExecutor e = executor;
    if (e == null) {
      return;
    }
    e.shutdownNow();
    if (!((LinkThreads) e.getThreadFactory()).isOwnThread()) {
      try {
        if (!e.awaitTermination(2, TimeUnit.SECONDS)) {
          log.warn("{}: a listener call is still running after close", linkName);
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run(Runnable task) {
    ScheduledThreadPoolExecutor e = executor;
    if (closed || e == null) {
      return;
    }
    try {
      e.execute(task);
    } catch (RejectedExecutionException ignored) {
      // closed meanwhile: no more callbacks, as promised by close()
    }
  }

  private void valid(Heartbeat heartbeat, Instant receivedAt, long arrivedNanos) {
    lastValidNanos = arrivedNanos;
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
    }
    timeoutTask = executor.schedule(this::checkTimeout, timeoutMs, TimeUnit.MILLISECONDS);
    call(() -> listener.onHeartbeat(heartbeat, receivedAt));
    if (state == LinkState.DOWN) {
      state = LinkState.UP;
      lineProblem = null;
      String reason = "heartbeat from " + partnerStation + " received";
      log.info("{}: UP ({})", linkName, reason);
      call(() -> listener.onLinkState(LinkState.UP, reason));
    }
  }

  private void checkTimeout() {
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastValidNanos);
    if (state != LinkState.UP || silentMs < timeoutMs) {
      return;
    }
    state = LinkState.DOWN;
    String problem = lineProblem;
    String reason = "no valid heartbeat from " + partnerStation + " for " + silentMs + " ms"
        + (problem == null ? "" : " (" + problem + ")");
    log.warn("{}: DOWN ({})", linkName, reason);
    call(() -> listener.onLinkState(LinkState.DOWN, reason));
  }

  private void call(Runnable callback) {
    if (closed) {
      return;
    }
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("{}: status link listener failed", linkName, e);
    }
  }
}
