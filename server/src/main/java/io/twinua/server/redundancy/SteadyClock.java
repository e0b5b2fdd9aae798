package io.twinua.server.redundancy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Wall time at the moment it was made, advanced by the monotonic clock ({@link System#nanoTime}).
 * Link timeouts are measured on it, so a step of the system clock (NTP correcting a drift, an
 * operator setting the time) neither fakes a partner loss nor hides one. The price: after such a
 * step, the times in this station's redundancy messages differ from the wall clock by the step.
 */
final class SteadyClock extends Clock {

  private final long anchorMillis;
  private final long anchorNanos;

  private SteadyClock(long anchorMillis, long anchorNanos) {
    this.anchorMillis = anchorMillis;
    this.anchorNanos = anchorNanos;
  }

  /** Starts at {@code wall}'s time now. */
  static SteadyClock from(Clock wall) {
    return new SteadyClock(wall.millis(), System.nanoTime());
  }

  @Override
  public Instant instant() {
    long elapsed = System.nanoTime() - anchorNanos;
    return Instant.ofEpochMilli(anchorMillis).plusNanos(elapsed);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("redundancy time is UTC only");
  }
}
