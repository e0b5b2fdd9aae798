package io.twinua.server.archive;

import io.twinua.server.archive.ArchiveException.Reason;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Queues rows from any number of producers and commits them from one thread, one transaction per
 * batch of up to {@code batchSize} rows or every {@code flushIntervalMs}. A failed batch is kept
 * and retried, so a passing disk problem loses nothing.
 *
 * <p>A full queue (twenty batches by default) means the disk is far behind. Live producers (Milo
 * delivery threads, the alarm service) {@link #offer} and never wait: holding them would stall
 * data delivery and alarms for the disk's sake and, once the disk is stuck, would not save the row
 * anyway. Their row is counted as not archived, the writer is {@link WriterStats#full() full} until it
 * has worked the queue down to half, and the first rejection of each such episode is logged; the
 * health check turns the condition into a system message. Bulk producers that may wait (partner
 * sync, benchmarks) {@link #put}. Rows already queued are never dropped for new ones, and each
 * archive has its own writer, so a flood of values cannot crowd out messages.
 *
 * <p>{@link #close} is bounded: it stops intake, lets the writer commit what is queued and waits
 * at most the close timeout. A writer still stuck in a commit then is abandoned (its rows are
 * counted as lost and it exits when the commit returns); commits that fail while closing are given
 * up after {@value #CLOSE_ATTEMPTS} attempts, and with them the rest of the queue.
 */
final class BatchWriter<E> {

  /** Writes one batch inside the transaction the writer opened. */
  @FunctionalInterface
  interface Sink<E> {
    void write(Connection c, List<E> batch) throws SQLException;

    /** Called on the writer thread after the batch's transaction committed. */
    default void committed() {}
  }

  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);
  private static final long FLUSH_TIMEOUT_S = 120;
  private static final int CLOSE_ATTEMPTS = 2;
  private static final long ROOM_POLL_MS = 20;
  private static final long MAX_BACK_OFF_MS = 5_000;
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final String name;
  private final ArchiveDatabase db;
  private final Sink<E> sink;
  private final int batchSize;
  private final int capacity;
  private final long flushIntervalNanos;
  private final BlockingQueue<Object> queue;
  private final Thread thread;
  // producers hold the read side only around a non-blocking (or briefly timed) offer, never while
  // waiting for room; close takes the write side, so once it set `closing` nothing more is queued
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final CountDownLatch closeSignal = new CountDownLatch(1);
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong notArchived = new AtomicLong();
  private final AtomicLong failedBatches = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  // rows queued or in the writer's hand, neither committed nor given up yet (see flushSoon)
  private final AtomicLong unsettled = new AtomicLong();
  private volatile boolean closing;
  private volatile boolean abandoned;
  /** Why the writer stopped for good (see {@link #stop}); null while it writes. */
  private volatile String stopped;
  private volatile boolean full;
  private volatile long fullSinceNanos;
  private volatile long notArchivedAtFull;

  BatchWriter(String name, ArchiveDatabase db, ArchiveSettings settings, Sink<E> sink) {
    this.name = name;
    this.db = db;
    this.sink = sink;
    this.batchSize = settings.batchSize();
    this.capacity = settings.queueCapacity();
    this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(settings.flushIntervalMs());
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, name + "-writer:" + db.file().getFileName());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues a row if there is room, without waiting: for live producers.
   *
   * @return false if the queue is full; the row is then counted as not archived
   * @throws ArchiveException CLOSED once the writer is closing
   */
  boolean offer(E row) {
    if (stopped != null && !closing) {
      notArchived.incrementAndGet();
      return false;
    }
    if (enqueueRow(row, System.nanoTime())) {
      return true;
    }
    long refused = notArchived.incrementAndGet();
    if (!full) {
      startFullEpisode(refused);
    }
    return false;
  }

  /**
   * Queues a row, waiting for room as long as it takes: for bulk producers that may be held back.
   *
   * @throws ArchiveException CLOSED if the writer is or gets closed meanwhile
   */
  void put(E row) {
    String why = stopped;
    if (why != null && !closing) {
      throw new ArchiveException(Reason.STORAGE, name + " of " + db.file() + " stopped: " + why);
    }
    enqueueRow(row, NO_DEADLINE);
  }

  /** Counts the row as unsettled before it can reach the writer, so it is never counted after its commit. */
  private boolean enqueueRow(E row, long deadline) {
    unsettled.incrementAndGet();
    boolean queued = false;
    try {
      queued = enqueue(row, deadline);
      return queued;
    } finally {
      if (!queued) {
        unsettled.decrementAndGet();
      }
    }
  }

  /**
   * Stops writing for good, for a data volume that is (nearly) full: the batch in hand and every
   * queued or later row are counted as not archived instead of committed; nothing already committed
   * is touched. Waiting producers and flushes are answered; close still works. Never waits.
   */
  void stop(String reason) {
    synchronized (this) {
      if (stopped != null) {
        return;
      }
      stopped = reason;
    }
    LOG.error("{} of {}: writing stopped ({}); {} rows queued are not archived, nor any that follow",
        name, db.file(), reason, queue.size());
    queue.offer(new CompletableFuture<Void>()); // wakes a writer waiting to fill its batch
  }

  /** Why the writer stopped for good; empty while it writes. */
  Optional<String> stopped() {
    return Optional.ofNullable(stopped);
  }

  /** Returns once every row queued before this call is committed. */
  void flush() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLUSH_TIMEOUT_S);
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      if (!enqueue(done, deadline)) {
        throw new TimeoutException();
      }
      done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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

  /**
   * A signal that completes once every row queued before it is committed, or exceptionally if they
   * are given up. Unlike {@link #flush} it does not hurry the writer: the batch fills and waits as
   * it would without it, so a live producer can measure its rows' way to the disk undisturbed.
   * Never waits.
   *
   * @return empty if the queue is full (a row offered now would be refused too)
   */
  Optional<CompletableFuture<Void>> whenCommitted() {
    if (stopped != null) {
      return Optional.empty();
    }
    Probe probe = new Probe();
    return enqueue(probe, System.nanoTime()) ? Optional.of(probe.committed) : Optional.empty();
  }

  /**
   * Completes once every row queued before this call is committed, or exceptionally if they are
   * given up; hurries the writer as {@link #flush} does, and is complete at once when no row waits
   * (or the writer has stopped for good, so none will be committed). For readers that must see what
   * was queued before them: the cost is one early commit. Never waits.
   *
   * @return empty if the queue is full or the writer is closing
   */
  Optional<CompletableFuture<Void>> flushSoon() {
    if (unsettled.get() <= 0 || stopped != null) {
      return Optional.of(CompletableFuture.completedFuture(null));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    try {
      return enqueue(done, System.nanoTime()) ? Optional.of(done) : Optional.empty();
    } catch (ArchiveException e) {
      return Optional.empty();
    }
  }

  /** A {@link #whenCommitted} signal in the queue; kept apart from flush markers, which end a batch. */
  private static final class Probe {
    final CompletableFuture<Void> committed = new CompletableFuture<>();
  }

  WriterStats stats() {
    return new WriterStats(
        queue.size(),
        written.get(),
        notArchived.get(),
        failedBatches.get(),
        lost.get(),
        full,
        stopped != null);
  }

  /**
   * Offers until {@code deadline} (System.nanoTime, or {@link #NO_DEADLINE}); false if there was
   * no room by then.
   */
  private boolean enqueue(Object item, long deadline) {
    while (true) {
      gate.readLock().lock();
      try {
        if (closing) {
          throw new ArchiveException(Reason.CLOSED, name + " of " + db.file() + " is closed");
        }
        long left = deadline == NO_DEADLINE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (left <= 0) {
          return queue.offer(item);
        }
        // a short timed wait so that close() never waits long for the gate
        if (queue.offer(item, Math.min(left, TimeUnit.MILLISECONDS.toNanos(ROOM_POLL_MS)),
            TimeUnit.NANOSECONDS)) {
          return true;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ArchiveException(Reason.STORAGE, name + ": interrupted while queue was full");
      } finally {
        gate.readLock().unlock();
      }
    }
  }

  private synchronized void startFullEpisode(long refused) {
    if (full) {
      return;
    }
    notArchivedAtFull = refused - 1;
    fullSinceNanos = System.nanoTime();
    full = true;
    LOG.warn(
        "{} of {}: queue full ({} rows), the disk is behind: new rows are not archived until the"
            + " writer has caught up",
        name,
        db.file(),
        capacity);
  }

  /** On the writer thread: the episode ends once the queue is down to half. */
  private void endFullEpisodeIfCaughtUp() {
    if (!full || queue.size() > capacity / 2) {
      return;
    }
    synchronized (this) {
      full = false;
      LOG.warn(
          "{} of {}: writer caught up after {} ms; {} rows were not archived",
          name,
          db.file(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - fullSinceNanos),
          notArchived.get() - notArchivedAtFull);
    }
  }

  /** Commits everything queued, waiting at most {@link #CLOSE_TIMEOUT}; see the class comment. */
  void close() {
    beginClose();
    awaitClosed(System.nanoTime() + CLOSE_TIMEOUT.toNanos());
  }

  /** Stops intake; producers waiting for room get CLOSED. Never waits for the disk. */
  void beginClose() {
    gate.writeLock().lock(); // held by producers only for a non-blocking or ROOM_POLL_MS offer
    try {
      closing = true;
    } finally {
      gate.writeLock().unlock();
    }
    closeSignal.countDown(); // cuts a retry back-off short
    queue.offer(new CompletableFuture<Void>()); // wakes a writer waiting to fill its batch
  }

  /**
   * Waits for the writer to commit what was queued until {@code deadline} (System.nanoTime).
   *
   * @return true if it finished; false if it is stuck in a commit and was abandoned
   */
  boolean awaitClosed(long deadline) {
    boolean interrupted = false;
    while (thread.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      return true;
    }
    abandoned = true;
    LOG.error(
        "{} of {}: writer still in a commit at close; abandoned with {} rows queued, dropped when"
            + " the commit returns",
        name,
        db.file(),
        queue.size());
    return false;
  }

  /** Waits for an abandoned writer to return from its commit; for closing its connection. */
  void awaitExit() throws InterruptedException {
    thread.join();
  }

  private void run() {
    List<E> batch = new ArrayList<>(batchSize);
    List<CompletableFuture<Void>> markers = new ArrayList<>();
    List<CompletableFuture<Void>> probes = new ArrayList<>();
    List<Object> drained = new ArrayList<>(batchSize);
    while (!abandoned) {
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
      sort(first, batch, markers, probes);
      long deadline = System.nanoTime() + flushIntervalNanos;
      while (batch.size() < batchSize && markers.isEmpty()) {
        drained.clear();
        if (queue.drainTo(drained, batchSize - batch.size()) > 0) {
          drained.forEach(item -> sort(item, batch, markers, probes));
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
        sort(next, batch, markers, probes);
      }
      Exception failure = commit(batch);
      unsettled.addAndGet(-batch.size());
      for (List<CompletableFuture<Void>> signals : List.of(markers, probes)) {
        signals.forEach(
            signal -> {
              if (failure == null) {
                signal.complete(null);
              } else {
                signal.completeExceptionally(failure);
              }
            });
      }
      batch.clear();
      markers.clear();
      probes.clear();
      if (failure != null) {
        if (stopped != null && !closing && !abandoned) {
          continue; // stopped for good: keeps counting what arrives until closed
        }
        giveUp(failure);
        return;
      }
      endFullEpisodeIfCaughtUp();
    }
    giveUp(new ArchiveException(Reason.CLOSED, name + " of " + db.file() + " was abandoned"));
  }

  /** Closing with a failing or abandoned disk: what is still queued is lost, and said so. */
  private void giveUp(Exception cause) {
    List<Object> rest = new ArrayList<>();
    queue.drainTo(rest);
    long rows = rest.stream().filter(item -> !(item instanceof CompletableFuture<?>) && !(item instanceof Probe)).count();
    lost.addAndGet(rows);
    unsettled.addAndGet(-rows);
    for (Object item : rest) {
      if (item instanceof CompletableFuture<?> marker) {
        marker.completeExceptionally(cause);
      } else if (item instanceof Probe probe) {
        probe.committed.completeExceptionally(cause);
      }
    }
    if (rows > 0) {
      LOG.error("{} of {}: {} more queued rows lost at close", name, db.file(), rows);
    }
  }

  @SuppressWarnings("unchecked")
  private void sort(Object item, List<E> batch, List<CompletableFuture<Void>> markers,
      List<CompletableFuture<Void>> probes) {
    if (item instanceof CompletableFuture<?> marker) {
      markers.add((CompletableFuture<Void>) marker);
    } else if (item instanceof Probe probe) {
      probes.add(probe.committed);
    } else {
      batch.add((E) item);
    }
  }

  /**
   * Commits the batch, retrying with back-off while the writer is open; once closing, gives up
   * after {@value #CLOSE_ATTEMPTS} failed attempts (or at once when abandoned).
   *
   * @return null if committed, else why it was given up (its rows are counted as lost)
   */
  private Exception commit(List<E> batch) {
    if (batch.isEmpty()) {
      return null;
    }
    int failedWhileClosing = 0;
    for (int attempt = 1; ; attempt++) {
      if (stopped != null) {
        return notArchived(batch);
      }
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
        if (stopped != null) { // the archive stopped all writing (its volume is full)
          return notArchived(batch);
        }
        if (closing) {
          failedWhileClosing++;
        }
        if (abandoned || failedWhileClosing >= CLOSE_ATTEMPTS) {
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

  /** A stopped writer's batch: counted as not archived, its signals failed. */
  private Exception notArchived(List<E> batch) {
    notArchived.addAndGet(batch.size());
    return new ArchiveException(Reason.STORAGE, name + " of " + db.file() + " stopped: " + stopped);
  }

  /** Waits before the next attempt; close() cuts the wait short. */
  private void backOff(int attempt) {
    long millis = closing ? 0 : Math.min(MAX_BACK_OFF_MS, 100L << Math.min(attempt, 6));
    try {
      closeSignal.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
