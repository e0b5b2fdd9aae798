package io.twinua.server.redundancy;

import java.time.Duration;
import java.time.Instant;

/**
 * How long this station waits for the partner's heartbeat before it calls a link lost. Normally the
 * configured link timeout. A loss that proves false, because the partner's heartbeats come back
 * <em>in sequence</em> (they were late, not lost: a starved machine, a long pause of either JVM),
 * doubles the wait, up to {@link #MAX_FACTOR} times the timeout; each quiet
 * {@link #CALM_DOWN} halves it again. Without this a machine too loaded to deliver heartbeats on
 * time makes the Standby take over and hand back every second (two Masters each time); with it the
 * second false loss already needs twice the silence, and a real failure is still found, later.
 * Not thread-safe: the role machine calls it under its lock.
 */
final class LinkPatience {

  static final int MAX_FACTOR = 8;
  static final Duration CALM_DOWN = Duration.ofSeconds(60);

  private final long baseMs;
  private int factor = 1;
  private Instant changedAt;

  LinkPatience(long baseMs) {
    this.baseMs = baseMs;
  }

  long timeoutMs() {
    return baseMs * factor;
  }

  /**
   * The partner is heard again after a loss. {@code missed} heartbeats of its sequence never
   * arrived; fewer than half of those the silence should have carried means they were held up, not
   * dropped. Returns true if the wait was raised.
   */
  boolean partnerBack(long missed, long silenceMs, long heartbeatPeriodMs, Instant now) {
    long expected = silenceMs / heartbeatPeriodMs;
    if (missed < 0 || 2 * missed >= expected) {
      return false;
    }
    changedAt = now; // a false loss at the ceiling keeps the wait there for another quiet spell
    if (factor >= MAX_FACTOR) {
      return false;
    }
    factor *= 2;
    return true;
  }

  /** Halves a raised wait after each quiet {@link #CALM_DOWN}; returns true if it changed. */
  boolean calmDown(Instant now) {
    if (factor == 1 || Duration.between(changedAt, now).compareTo(CALM_DOWN) < 0) {
      return false;
    }
    factor /= 2;
    changedAt = now;
    return true;
  }
}
