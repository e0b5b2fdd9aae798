package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues rows from any number of producers and commits them from one thread, one transaction per
 * batch of up to {@code batchSize} rows or every {@code flushIntervalMs}. A full queue holds the
 * producer back instead of dropping: losing archive data silently is worse than a slow poll cycle.
 * A failed batch is kept and retried, so a passing disk problem loses nothing.
 */
final class BatchWriter<E> implements AutoCloseable {

  /** Writes one batch inside the transaction the writer opened. */
  @FunctionalInterface
  interface Sink<E> {
    void write(Connection c, List<E> batch) throws SQLException;

    /** Called on the writer thread after the batch's transaction committed. */
    default void committed() {}
  }

  /** Counters for diagnostics and the health check. */
  record Stats(long queued, long written, long producerWaits, long failedBatches, long lost) {}

  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  private static final long FLUSH_TIMEOUT_S = 120;
  private static final long CLOSE_RETRIES = 3;

  private final String name;
  private final ArchiveDatabase db;
  private final Sink<E> sink;
  private final int batchSize;
  private final long flushIntervalNanos;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  // producers hold the read side while enqueuing; close takes the write side so that nothing can
  // be enqueued after the writer decided the queue is drained for good
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong producerWaits = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private volatile boolean closing;

  BatchWriter(String name, ArchiveDatabase db, ArchiveSettings settings, Sink<E> sink) {
    this.name = name;
    this.db = db;
    this.sink = sink;
    this.batchSize = settings.batchSize();
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.flushIntervalMs());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.thread = new Thread(this::run, name + "-writer:" + db.file().getFileName());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Enqueues one row; blocks while the queue is full. */
  void submit(E row) {
    enqueue(row);
  }

  /** Returns once every row submitted before this call is committed. */
  void flush() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue(done);
    try {
      done.get(FLUSH_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveException(Reason.STORAGE, name + " flush interrupted");
    } catch (ExecutionException e) {
      throw new ArchiveException(
          Reason.STORAGE, name + " flush failed: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ArchiveException(
          Reason.STORAGE,
          name + " of " + db.file() + " not committed within " + FLUSH_TIMEOUT_S + " s");
    }
  }

  Stats stats() {
    return new Stats(
        queue.size(), written.get(), producerWaits.get(), failedBatches.get(), lost.get());
  }

  private void enqueue(Object item) {
    gate.readLock().lock();
    try {
      if (closing) {
        throw new ArchiveException(Reason.CLOSED, name + " of " + db.file() + " is closed");
      }
      if (queue.offer(item)) {
        return;
      }
      long waits = producerWaits.incrementAndGet();
      if (waits == 1 || waits % 1000 == 0) {
        LOG.warn(
            "{} of {}: queue full ({} rows), producer held back (occurrence {})",
            name,
            db.file(),
            queue.size(),
            waits);
      }
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ArchiveException(Reason.STORAGE, name + ": interrupted while queue was full");
    } finally {
      gate.readLock().unlock();
    }
  }

  /** Commits everything queued so far, then stops the writer thread. */
  @Override
  public void close() {
    gate.writeLock().lock();
    try {
      closing = true;
    } finally {
      gate.writeLock().unlock();
    }
    queue.offer(new CompletableFuture<Void>()); // wakes a writer waiting to fill its batch
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{} of {}: interrupted while draining {} rows", name, db.file(), queue.size());
    }
  }

  private void run() {
    List<E> batch = new ArrayList<>(batchSize);
    List<CompletableFuture<Void>> markers = new ArrayList<>();
    List<Object> drained = new ArrayList<>(batchSize);
    while (true) {
      Object first;
      try {
        first = queue.poll(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        first = null; // not expected: close() signals through the flag
      }
      if (first == null) {
        if (closing && queue.isEmpty()) {
          return;
        }
        continue;
      }
      sort(first, batch, markers);
      long deadline = System.nanoTime() + flushIntervalNanos;
      while (batch.size() < batchSize && markers.isEmpty()) {
        drained.clear();
        if (queue.drainTo(drained, batchSize - batch.size()) > 0) {
          drained.forEach(item -> sort(item, batch, markers));
          continue;
        }
        long wait = deadline - System.nanoTime();
        if (closing || wait <= 0) {
          break;
        }
        Object next;
        try {
          next = queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          next = null;
        }
        if (next == null) {
          break;
        }
        sort(next, batch, markers);
      }
      Exception failure = commit(batch);
      for (CompletableFuture<Void> marker : markers) {
        if (failure == null) {
          marker.complete(null);
        } else {
          marker.completeExceptionally(failure);
        }
      }
      batch.clear();
      markers.clear();
    }
  }

  @SuppressWarnings("unchecked")
  private void sort(Object item, List<E> batch, List<CompletableFuture<Void>> markers) {
    if (item instanceof CompletableFuture<?> marker) {
      markers.add((CompletableFuture<Void>) marker);
    } else {
      batch.add((E) item);
    }
  }

  /** Commits the batch, retrying with back-off; gives up only while closing. */
  private Exception commit(List<E> batch) {
    if (batch.isEmpty()) {
      return null;
    }
    for (int attempt = 1; ; attempt++) {
      try {
        db.write(
            c -> {
              sink.write(c, batch);
              return null;
            });
        sink.committed();
        written.addAndGet(batch.size());
        if (attempt > 1) {
          LOG.info("{} of {}: batch committed after {} attempts", name, db.file(), attempt);
        }
        return null;
      } catch (RuntimeException e) {
        failedBatches.incrementAndGet();
        if (closing && attempt >= CLOSE_RETRIES) {
          lost.addAndGet(batch.size());
          LOG.error(
              "{} of {}: {} rows could not be written while closing: {}",
              name,
              db.file(),
              batch.size(),
              e.getMessage());
          return e;
        }
        LOG.warn(
            "{} of {}: batch of {} rows failed (attempt {}), retrying: {}",
            name,
            db.file(),
            batch.size(),
            attempt,
            e.getMessage());
        backOff(attempt);
      }
    }
  }

  private static void backOff(int attempt) {
    long millis = Math.min(5_000, 100L << Math.min(attempt, 6));
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
