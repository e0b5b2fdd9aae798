package io.twinua.server.sync.online;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread of an online sync: a periodic check, and a drain of its inbox run at most once
 * queued at a time (a drain already waiting takes whatever arrives before it runs), in order.
 */
final class SyncThread {

  private final ScheduledExecutorService worker;
  private final AtomicBoolean drainQueued = new AtomicBoolean();
  private final Runnable drain;

  /** @param drain empties the inbox (on this thread) */
  SyncThread(String name, Runnable drain) {
    this.drain = drain;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  void every(Duration period, Runnable check) {
    worker.scheduleWithFixedDelay(check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Queues a drain unless one is waiting; any thread. */
  void drainSoon() {
    if (drainQueued.compareAndSet(false, true)) {
      try {
        worker.execute(() -> {
          drainQueued.set(false);
          drain.run();
        });
      } catch (RuntimeException e) {
        drainQueued.set(false); // closing
      }
    }
  }

  /** True while a drain waits to run. */
  boolean drainQueued() {
    return drainQueued.get();
  }

  /** Runs {@code last} on this thread after what is queued, then stops (waits up to 2 s). */
  void close(Runnable last) {
    worker.execute(last);
    worker.shutdown();
    try {
      worker.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
