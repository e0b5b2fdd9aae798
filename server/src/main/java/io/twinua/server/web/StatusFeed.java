package io.twinua.server.web;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's diagnostics JSON, looked at on a thread of the page's own four times per period and
 * published when it changed (a role, a link) or a period passed, so a change reaches the viewers
 * within a quarter period and any number of viewers cost the station the same snapshots, never a
 * station thread. Viewers wait for a newer sample with {@link #awaitNewer}.
 */
final class StatusFeed implements AutoCloseable {

  /** One sample; {@code number} counts up with each sample taken. */
  record Sample(long number, String json) {}

  private static final Logger LOG = LoggerFactory.getLogger(StatusFeed.class);

  /** The snapshot's own time (its first "time" member): it changes every sample without news. */
  private static final Pattern SNAPSHOT_TIME = Pattern.compile("\"time\":\"[^\"]*\"");

  private final Supplier<String> snapshot;
  private final long periodNanos;
  private final ScheduledExecutorService sampler;
  private Sample latest = new Sample(0, null);
  /** Touched only on the sampler thread. */
  private String publishedNews = "";
  private long publishedAt;
  private boolean closed;

  StatusFeed(Supplier<String> snapshot, Duration period, ThreadFactory threads) {
    this.snapshot = snapshot;
    this.periodNanos = period.toNanos();
    this.sampler = Executors.newSingleThreadScheduledExecutor(threads);
    sampler.scheduleWithFixedDelay(this::sample, 0, period.toMillis() / 4, TimeUnit.MILLISECONDS);
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
    String news = SNAPSHOT_TIME.matcher(json).replaceFirst("");
    long now = System.nanoTime();
    if (news.equals(publishedNews) && now - publishedAt < periodNanos) {
      return;
    }
    publishedNews = news;
    publishedAt = now;
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
