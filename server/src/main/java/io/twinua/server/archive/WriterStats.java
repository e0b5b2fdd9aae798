package io.twinua.server.archive;

/**
 * Counters of one archive writer, for diagnostics and the health check.
 *
 * @param queued rows waiting for the writer
 * @param written rows committed
 * @param notArchived live rows refused because the queue was full
 * @param failedBatches commit attempts that failed (a failed batch is retried)
 * @param lost rows queued but not committed when the archive was closed
 * @param full the queue filled up and the writer has not worked it down to half yet: live rows are
 *     being refused
 * @param stopped the writer stopped for good (a full data volume): it commits nothing more and
 *     counts every row as not archived
 */
public record WriterStats(
    long queued, long written, long notArchived, long failedBatches, long lost, boolean full, boolean stopped) {}
