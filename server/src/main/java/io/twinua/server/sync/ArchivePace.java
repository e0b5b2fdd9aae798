package io.twinua.server.sync;

import io.twinua.server.archive.ArchiveSettings;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Holds the resync back so live archiving keeps its pace: rows are handed to the archive writer
 * only while at most about one batch of them waits there, and never faster than {@code
 * valuesPerSecond}. A live value queued meanwhile so waits behind that batch and the one being
 * committed, and the writer still always finds a full batch to commit next. Filling half the
 * queue instead (ten batches with the default settings) kept live values waiting 0.3-0.8 s behind
 * resync rows ({@code twinua bench sync}); live producers never wait, they are refused once the
 * queue is full (see the archive's BatchWriter).
 */
final class ArchivePace {

  /** Short: a 5,000-row batch commits in a few tens of ms, and the writer should not run dry. */
  private static final long POLL_MS = 2;

  private final LongSupplier queued;
  private final long room;
  private final double nanosPerValue;
  private long nextNanos = System.nanoTime();

  /**
   * @param queued rows waiting for the archive writer now
   * @param archive the writer's batch size and queue capacity
   */
  ArchivePace(LongSupplier queued, ArchiveSettings archive, int valuesPerSecond) {
    this.queued = queued;
    this.room = Math.max(1, Math.min(archive.batchSize(), archive.queueCapacity() / 2));
    this.nanosPerValue = 1e9 / valuesPerSecond;
  }

  /** Most rows to hand over after one wait: half the room, so the next half can follow while the writer commits. */
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
