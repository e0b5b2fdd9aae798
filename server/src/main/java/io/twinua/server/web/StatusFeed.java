package io.twinua.server.web;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's diagnostics JSON, taken on a thread of the page's own once per period and when
 * nudged, so any number of viewers cost the station one snapshot per period and never a station
 * thread. Viewers wait for a newer sample with {@link #awaitNewer}.
 */
final class StatusFeed implements AutoCloseable {

  /** One sample; {@code number} counts up with each sample taken. */
  record Sample(long number, String json) {}

  private static final Logger LOG = LoggerFactory.getLogger(StatusFeed.class);

  private final Supplier<String> snapshot;
  private final ScheduledExecutorService sampler;
  private Sample latest = new Sample(0, null);
  private boolean closed;

  StatusFeed(Supplier<String> snapshot, Duration period, ThreadFactory threads) {
    this.snapshot = snapshot;
    this.sampler = Executors.newSingleThreadScheduledExecutor(threads);
    sampler.scheduleWithFixedDelay(this::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Takes a sample now (e.g. the role changed) instead of at the next period. */
  void nudge() {
    if (!sampler.isShutdown()) {
      sampler.execute(this::sample);
    }
  }

  private void sample() {
    String json;
    try {
      json = Objects.requireNonNull(snapshot.get(), "no diagnostics snapshot");
    } catch (RuntimeException e) {
      // the page stays up and shows its last sample; the next period tries again
      LOG.warn("status page: diagnostics snapshot failed: {}", e.toString());
      return;
    }
    synchronized (this) {
      latest = new Sample(latest.number() + 1, json);
      notifyAll();
    }
  }

  /** The newest sample, waiting up to {@code wait} for the first one; null if none yet. */
  synchronized String current(Duration wait) throws InterruptedException {
    return awaitNewer(0, wait).json();
  }

  /**
   * The first sample newer than {@code seen}, or the latest one if none came within {@code wait}
   * or the feed closed.
   */
  synchronized Sample awaitNewer(long seen, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!closed && latest.number() <= seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return latest;
  }

  synchronized boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    synchronized (this) {
      closed = true;
      notifyAll();
    }
  }
}
