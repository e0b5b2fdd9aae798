package io.twinua.server.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A thread of its own that asks a part without a worker of its own for a sign of life (e.g. the
 * alarm service, which runs on its callers' threads): each round calls {@code ping} under a {@link
 * Pulse}. A part that hangs holds this thread, not a Milo or timer thread, and shows as busy
 * without a sign of life.
 */
public final class PingLoop implements AutoCloseable {

  private final ScheduledExecutorService thread;
  private final Pulse pulse = new Pulse();

  private PingLoop(ThreadFactory threads) {
    this.thread = Executors.newSingleThreadScheduledExecutor(threads);
  }

  /** Starts pinging every {@code period}. */
  public static PingLoop start(Runnable ping, Duration period, ThreadFactory threads) {
    PingLoop loop = new PingLoop(threads);
    loop.pulse.every(period);
    loop.thread.scheduleWithFixedDelay(() -> {
      loop.pulse.busy();
      try {
        ping.run();
      } finally {
        loop.pulse.idle();
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return loop;
  }

  public Pulse pulse() {
    return pulse;
  }

  /** Stops; a ping stuck in a hung part is left behind (its thread is a daemon). */
  @Override
  public void close() {
    thread.shutdownNow();
  }
}
