package io.twinua.server.health;

import java.time.Duration;
import java.util.Optional;

/**
 * The sign of life of a background worker, for the application health check: the worker marks
 * when it is busy and beats from its own loop while busy (each page, each wait round). A worker
 * that is idle has nothing to do and is alive; one that is busy but has not beaten for a while is
 * hung (e.g. blocked forever on a partner that never answers). Cheap: two volatile writes.
 */
public final class Pulse {

  private volatile boolean busy;
  private volatile long lastBeatNanos = System.nanoTime();

  /** The worker starts a piece of work (on its own thread). */
  public void busy() {
    lastBeatNanos = System.nanoTime();
    busy = true;
  }

  /** The worker is still making progress. */
  public void beat() {
    lastBeatNanos = System.nanoTime();
  }

  /** The worker finished its piece of work and waits for the next. */
  public void idle() {
    busy = false;
    lastBeatNanos = System.nanoTime();
  }

  /** How long the busy worker has shown no sign of life; empty while idle. */
  public Optional<Duration> stillFor() {
    if (!busy) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, System.nanoTime() - lastBeatNanos)));
  }
}
