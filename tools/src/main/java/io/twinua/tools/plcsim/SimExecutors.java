package io.twinua.tools.plcsim;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one simulator, shared by its AS servers and shut down with it. Not Milo's
 * JVM-wide shared pools: a station under test in the same JVM may release those.
 */
final class SimExecutors implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SimExecutors.class);

  /** Runs the update clock only, so a slow server start or stop cannot delay ticks. */
  final ScheduledExecutorService clock;
  /** Down-file watcher and truth-log flushes; may block on server start/stop. */
  final ScheduledExecutorService control;
  final ExecutorService milo;
  final ScheduledExecutorService miloScheduled;
  final EventLoopGroup eventLoop;

  SimExecutors() {
    clock = scheduled(1, "plcsim-clock");
    control = scheduled(1, "plcsim-control");
    milo =
        new ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
            threads("plcsim-milo"));
    miloScheduled = scheduled(2, "plcsim-milo-scheduled");
    eventLoop = new NioEventLoopGroup(2, threads("plcsim-netty"));
  }

  private static ScheduledExecutorService scheduled(int size, String name) {
    var executor = new ScheduledThreadPoolExecutor(size, threads(name));
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    return executor;
  }

  private static ThreadFactory threads(String name) {
    var count = new AtomicInteger();
    return r -> {
      var thread = new Thread(r, name + "-" + count.getAndIncrement());
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((t, e) -> log.error("Uncaught on {}", t.getName(), e));
      return thread;
    };
  }

  /** Stops the clock and control threads and waits for a running tick or check to finish. */
  void stopTimers() {
    clock.shutdownNow();
    control.shutdownNow();
    try {
      if (!clock.awaitTermination(10, TimeUnit.SECONDS)
          || !control.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("plc-sim: clock or control thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopTimers();
    miloScheduled.shutdownNow();
    milo.shutdownNow();
    eventLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
