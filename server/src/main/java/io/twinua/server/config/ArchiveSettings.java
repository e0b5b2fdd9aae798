package io.twinua.server.config;

/**
 * How the station batches archive writes.
 *
 * @param flushIntervalMs longest time a value waits before its batch is committed
 * @param batchSize most rows per transaction
 */
public record ArchiveSettings(int flushIntervalMs, int batchSize) {

  public static final ArchiveSettings DEFAULT = new ArchiveSettings(100, 5000);
}
