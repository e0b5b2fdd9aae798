package io.twinua.server.redundancy.partner;

import io.twinua.server.redundancy.Heartbeat;

/**
 * Decides whether a heartbeat value is news. A partner whose process hangs keeps serving the last
 * value of its heartbeat variable (and a new subscription delivers that value at once), so only a
 * changed sequence counts: the first value ever seen is a baseline, not proof of life. Not
 * thread-safe: the link calls it under its lock. Time is {@link System#nanoTime()}-style.
 */
final class HeartbeatFreshness {

  private Heartbeat lastSeen;
  private long lastFreshNanos;
  private boolean everFresh;

  /** Records {@code heartbeat}; true if it is fresh (sequence or station changed). */
  boolean offer(Heartbeat heartbeat, long nowNanos) {
    Heartbeat previous = lastSeen;
    lastSeen = heartbeat;
    boolean fresh =
        previous != null
            && (previous.sequence() != heartbeat.sequence()
                || !previous.station().equals(heartbeat.station()));
    if (fresh) {
      lastFreshNanos = nowNanos;
      everFresh = true;
    }
    return fresh;
  }

  /** Nanoseconds since the last fresh heartbeat, or {@link Long#MAX_VALUE} if there was none. */
  long silentNanos(long nowNanos) {
    return everFresh ? nowNanos - lastFreshNanos : Long.MAX_VALUE;
  }

  /** The last heartbeat seen, fresh or not (null before the first). */
  Heartbeat lastSeen() {
    return lastSeen;
  }
}
