package io.twinua.server.archive;

/**
 * How the archive batches its writes: the project file's {@code archive} section
 * (nodeset/README.md), validated once by the project loader and used as it is by the archive.
 *
 * @param flushIntervalMs longest time a queued row waits before its batch is committed
 * @param batchSize most rows committed in one transaction
 * @param queueCapacity rows that may wait for the writer; beyond that a live producer's row is not
 *     archived (see {@link BatchWriter})
 */
public record ArchiveSettings(long flushIntervalMs, int batchSize, int queueCapacity) {

  public static final long DEFAULT_FLUSH_INTERVAL_MS = 100;
  public static final int DEFAULT_BATCH_SIZE = 5000;
  public static final int MIN_FLUSH_INTERVAL_MS = 1;
  public static final int MAX_FLUSH_INTERVAL_MS = 60_000;
  public static final int MIN_BATCH_SIZE = 1;
  public static final int MAX_BATCH_SIZE = 1_000_000;

  public ArchiveSettings {
    if (flushIntervalMs < MIN_FLUSH_INTERVAL_MS || flushIntervalMs > MAX_FLUSH_INTERVAL_MS) {
      throw new IllegalArgumentException(
          "archive flushIntervalMs must be 1..60000, got " + flushIntervalMs);
    }
    if (batchSize < MIN_BATCH_SIZE || batchSize > MAX_BATCH_SIZE) {
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

  /** What runs when the project file has no {@code archive} section. */
  public static ArchiveSettings defaults() {
    return of(DEFAULT_FLUSH_INTERVAL_MS, DEFAULT_BATCH_SIZE);
  }
}
