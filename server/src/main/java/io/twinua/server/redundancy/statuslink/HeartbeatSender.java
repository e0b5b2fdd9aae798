package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the station's current heartbeat on every status link, every {@code intervalMs}. The
 * scheduler belongs to the caller (per station, never a JVM-wide pool); close() only cancels this
 * sender's task. A failing supplier skips that beat and is logged once until it works again: an
 * exception escaping a periodic task would silently end all later beats.
 */
public final class HeartbeatSender implements AutoCloseable {

  /** Redundancy design: 5 beats per second against a 1 s link timeout. */
  public static final long DEFAULT_INTERVAL_MS = 200;

  private static final Logger log = LoggerFactory.getLogger(HeartbeatSender.class);

  private final Supplier<Heartbeat> heartbeat;
  private final List<StatusLink> links;
  private final ScheduledExecutorService scheduler;
  private final long intervalMs;
  private final AtomicLong beats = new AtomicLong();
  private volatile boolean supplierFailing;
  private ScheduledFuture<?> task;

  public HeartbeatSender(Supplier<Heartbeat> heartbeat, List<? extends StatusLink> links,
      ScheduledExecutorService scheduler, long intervalMs) {
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.links = List.copyOf(links);
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (intervalMs < 10 || intervalMs > 10_000) {
      throw new IllegalArgumentException("heartbeat intervalMs " + intervalMs + " is out of range 10..10000");
    }
    this.intervalMs = intervalMs;
  }

  /** Sends the first beat at once, then every interval. */
  public synchronized void start() {
    if (task != null) {
      throw new IllegalStateException("heartbeat sender already started");
    }
    task = scheduler.scheduleAtFixedRate(this::beat, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Beats sent so far (one per interval, on all links). */
  public long beats() {
    return beats.get();
  }

  @Override
  public synchronized void close() {
    if (task != null) {
      task.cancel(false);
    }
  }

  private void beat() {
    Heartbeat h;
    try {
      h = Objects.requireNonNull(heartbeat.get(), "heartbeat supplier returned null");
    } catch (RuntimeException e) {
      if (!supplierFailing) {
        supplierFailing = true;
        log.error("cannot build the heartbeat; no heartbeats are sent until it works again", e);
      }
      return;
    }
    if (supplierFailing) {
      supplierFailing = false;
      log.info("heartbeat works again");
    }
    for (StatusLink link : links) {
      try {
        link.send(h);
      } catch (RuntimeException e) {
        // send() promises not to throw; guard anyway so one link never silences the others
        log.error("{}: send threw", link.name(), e);
      }
    }
    beats.incrementAndGet();
  }
}
