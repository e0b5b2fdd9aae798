package io.twinua.server.sync.records;

import io.twinua.server.health.Pulse;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one thread of a record sync: it talks to the partner (blocking calls with a timeout) and
 * writes the archive, so neither happens on a Milo thread or the partner link's callback thread.
 * Work is coalesced: a push asked for while one is queued runs once. It follows the partner link:
 * UP queues the return sync, DOWN stops pushes (changes stay pending until the next UP).
 */
final class SyncWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(1);

  private final String name;
  private final ScheduledExecutorService thread;
  private final Pulse pulse = new Pulse();
  private final AtomicBoolean pushQueued = new AtomicBoolean();
  private final AtomicLong returnSyncs = new AtomicLong();
  private final Job returnSync;
  private final Job push;
  private Duration retry = FIRST_RETRY; // worker thread only
  private volatile boolean linkUp;
  private volatile boolean closed;

  /**
   * @param returnSync runs when the partner is back (or the link came up for the first time): catch
   *     up both ways
   * @param push sends local changes that the partner has not confirmed yet
   */
  SyncWorker(String station, String name, Job returnSync, Job push) {
    this.name = name;
    this.returnSync = returnSync;
    this.push = push;
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(() -> {
        MDC.put("station", station);
        r.run();
      }, station + "-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  boolean linkUp() {
    return linkUp && !closed;
  }

  Pulse pulse() {
    return pulse;
  }

  PartnerLinkListener linkListener() {
    return new PartnerLinkListener() {
      @Override
      public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {}

      @Override
      public void onLinkState(LinkState state, String reason) {
        linkUp = state == LinkState.UP;
        if (linkUp) {
          returnSyncAfter(Duration.ZERO);
        }
      }
    };
  }

  /** Queues a push unless one is queued already (it will see this change too). */
  void pushSoon() {
    if (pushQueued.compareAndSet(false, true)) {
      run(() -> {
        pushQueued.set(false);
        push.run();
      }, Duration.ZERO);
    }
  }

  void returnSyncAfter(Duration delay) {
    run(() -> {
      returnSync.run();
      returnSyncs.incrementAndGet();
    }, delay);
  }

  /**
   * After a failure while the link is up (a partner that refuses, e.g. another project): the wait
   * before the next try, doubling from 5 s to at most a minute, so a lasting refusal is not hammered.
   */
  Duration nextRetry() {
    Duration now = retry;
    retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
    return now;
  }

  /** A call to the partner worked: the next failure is retried after 5 s again. */
  void succeeded() {
    retry = FIRST_RETRY;
  }

  /** Return syncs run to their end (done, failed or found nothing to do) since start. */
  long returnSyncs() {
    return returnSyncs.get();
  }

  /** Runs {@code action} on this worker's thread after {@code delay}. */
  void run(Job action, Duration delay) {
    if (closed) {
      return;
    }
    try {
      thread.schedule(() -> {
        pulse.busy();
        try {
          action.run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          LOG.error("{} failed", name, e);
        } finally {
          pulse.idle();
        }
      }, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  interface Job {
    void run() throws InterruptedException;
  }

  @Override
  public void close() {
    closed = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
