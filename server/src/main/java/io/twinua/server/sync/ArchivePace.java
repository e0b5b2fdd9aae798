package io.twinua.server.sync;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Holds the resync back so live archiving keeps its pace: a page is handed to the archive writer
 * only while its queue is at most half full (live producers never wait, they are refused once the
 * queue is full, see the archive's BatchWriter), and never faster than {@code valuesPerSecond}.
 */
final class ArchivePace {

  private static final long POLL_MS = 10;

  private final LongSupplier queued;
  private final long room;
  private final double nanosPerValue;
  private long nextNanos = System.nanoTime();

  /**
   * @param queued rows waiting for the archive writer now
   * @param capacity the writer's queue capacity
   */
  ArchivePace(LongSupplier queued, int capacity, int valuesPerSecond) {
    this.queued = queued;
    this.room = capacity / 2;
    this.nanosPerValue = 1e9 / valuesPerSecond;
  }

  /** Most rows to hand over after one wait, so a page never fills the queue past half. */
  int chunk() {
    return (int) Math.max(1, room / 2);
  }

  /**
   * Hands {@code rows} to {@code write} in chunks, each once there is room for it.
   *
   * @return false if {@code keepGoing} turned false (the rest is not written)
   */
  <T> boolean feed(List<T> rows, BooleanSupplier keepGoing, Consumer<T> write) throws InterruptedException {
    for (int i = 0; i < rows.size(); i += chunk()) {
      List<T> part = rows.subList(i, Math.min(rows.size(), i + chunk()));
      if (!awaitRoomFor(part.size(), keepGoing)) {
        return false;
      }
      part.forEach(write);
    }
    return true;
  }

  /**
   * Waits until {@code rows} more may be queued.
   *
   * @return false if {@code keepGoing} turned false while waiting
   */
  private boolean awaitRoomFor(int rows, BooleanSupplier keepGoing) throws InterruptedException {
    long now = System.nanoTime();
    nextNanos = Math.max(nextNanos, now - 1_000_000_000L) + (long) (rows * nanosPerValue);
    while (true) {
      if (!keepGoing.getAsBoolean()) {
        return false;
      }
      long ahead = nextNanos - System.nanoTime();
      boolean queueHasRoom = queued.getAsLong() + rows <= room;
      if (ahead <= 0 && queueHasRoom) {
        return true;
      }
      Thread.sleep(ahead > 0 ? Math.min(Math.max(1, ahead / 1_000_000), 200) : POLL_MS);
    }
  }
}
