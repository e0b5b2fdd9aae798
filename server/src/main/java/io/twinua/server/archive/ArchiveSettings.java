package io.twinua.server.archive;

/**
 * How the archive batches its writes.
 *
 * @param flushIntervalMs longest time a queued value waits before its batch is committed
 * @param batchSize most rows committed in one transaction
 * @param queueCapacity values that may wait for the writer before producers are held back
 */
public record ArchiveSettings(long flushIntervalMs, int batchSize, int queueCapacity) {

  public static final long DEFAULT_FLUSH_INTERVAL_MS = 500;
  public static final int DEFAULT_BATCH_SIZE = 5000;

  public ArchiveSettings {
    if (flushIntervalMs < 1 || flushIntervalMs > 60_000) {
      throw new IllegalArgumentException(
          "archive flushIntervalMs must be 1..60000, got " + flushIntervalMs);
    }
    if (batchSize < 1 || batchSize > 1_000_000) {
      throw new IllegalArgumentException("archive batchSize must be 1..1000000, got " + batchSize);
    }
    if (queueCapacity < batchSize) {
      throw new IllegalArgumentException(
          "archive queueCapacity ("
              + queueCapacity
              + ") must be at least batchSize ("
              + batchSize
              + ")");
    }
  }

  /**
   * Settings with a queue that holds twenty batches, enough to ride out a slow disk for a while.
   */
  public static ArchiveSettings of(long flushIntervalMs, int batchSize) {
    return new ArchiveSettings(
        flushIntervalMs, batchSize, (int) Math.min(Integer.MAX_VALUE, 20L * batchSize));
  }

  public static ArchiveSettings defaults() {
    return of(DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_BATCH_SIZE);
  }
}
