package io.twinua.tools.plcsim;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * The simulator's update clock: update n happens at {@code start + n × period}, and that
 * scheduled time is the source (and server) timestamp of every value produced by update n. Using
 * the scheduled rather than the measured time keeps timestamps unique and evenly spaced when a
 * tick runs late (fixed-rate scheduling catches up), and lets a test map a timestamp back to n.
 * The start is truncated to whole milliseconds, so every timestamp is a whole millisecond.
 */
public final class UpdateClock {

  private static final long TICKS_PER_MS = 10_000;

  /** One update: its index and its time. */
  public record Tick(long n, DateTime time) {}

  private final long startTicks;
  private final long periodTicks;
  private final int periodMs;
  private volatile Tick current;

  UpdateClock(Instant start, int periodMs) {
    this.startTicks = new DateTime(start.truncatedTo(ChronoUnit.MILLIS)).getUtcTime();
    this.periodMs = periodMs;
    this.periodTicks = periodMs * TICKS_PER_MS;
    this.current = tick(0);
  }

  /** The latest update (update 0 at start, before the first scheduled tick). */
  public Tick current() {
    return current;
  }

  public int periodMs() {
    return periodMs;
  }

  /** DateTime ticks of update 0. */
  public long startTicks() {
    return startTicks;
  }

  /** Update index whose timestamp is {@code sourceTicks}; throws if it is not an update time. */
  public long indexOf(long sourceTicks) {
    long offset = sourceTicks - startTicks;
    if (offset < 0 || offset % periodTicks != 0) {
      throw new IllegalArgumentException(
          "source time " + sourceTicks + " ticks is not an update time of this simulator");
    }
    return offset / periodTicks;
  }

  public Tick tick(long n) {
    return new Tick(n, new DateTime(startTicks + n * periodTicks));
  }

  /** Moves to the next update; only the clock thread calls this. */
  Tick advance() {
    Tick next = tick(current.n() + 1);
    current = next;
    return next;
  }
}
