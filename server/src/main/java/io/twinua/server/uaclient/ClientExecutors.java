package io.twinua.server.uaclient;

import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.HashedWheelTimer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.milo.opcua.stack.transport.client.tcp.OpcTcpClientTransportConfigBuilder;
import org.slf4j.LoggerFactory;

/**
 * The threads one station's Milo clients (process connections, partner link) run on, instead of
 * Milo's JVM-wide shared pools ({@code Stack.sharedExecutor()}, shared event loop and wheel timer):
 * two stations in one JVM never share or shut down each other's, and none of them is the station
 * server's timer pool, so a client can never hold up an HMI's publishing.
 *
 * <p>Besides Milo's four, a small bounded pool runs the connect steps Milo 1.1.2 only offers as
 * blocking calls ({@code OpcUaSubscription.create}, {@code synchronizeMonitoredItems}); each waits
 * at most a request timeout.
 */
public final class ClientExecutors implements AutoCloseable {

  /** Blocking connect steps at once; more wait in the queue (they only run once a session exists). */
  private static final int CONNECT_THREADS = 4;

  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;
  private final NioEventLoopGroup eventLoop;
  private final HashedWheelTimer wheelTimer;
  private final ThreadPoolExecutor connectSteps;

  private ClientExecutors(Function<String, ThreadFactory> threads) {
    executor = Executors.newCachedThreadPool(threads.apply("ua-client"));
    scheduler = Executors.newSingleThreadScheduledExecutor(threads.apply("ua-client-timer"));
    eventLoop = new NioEventLoopGroup(1, threads.apply("ua-client-netty"));
    wheelTimer = new HashedWheelTimer(threads.apply("ua-client-wheel"));
    connectSteps = new ThreadPoolExecutor(CONNECT_THREADS, CONNECT_THREADS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), threads.apply("ua-connect"));
    connectSteps.allowCoreThreadTimeOut(true);
  }

  /** @param threads makes the thread factory for a name (e.g. one that sets the station's MDC) */
  public static ClientExecutors create(Function<String, ThreadFactory> threads) {
    return new ClientExecutors(threads);
  }

  /** With daemon threads named {@code prefix-<pool>-<n>}. */
  public static ClientExecutors create(String prefix) {
    return new ClientExecutors(pool -> daemonThreads(prefix + "-" + pool));
  }

  /** Puts a client transport on these executors. */
  public OpcTcpClientTransportConfigBuilder configure(OpcTcpClientTransportConfigBuilder transport) {
    return transport
        .setExecutor(executor)
        .setScheduledExecutor(scheduler)
        .setEventLoop(eventLoop)
        .setWheelTimer(wheelTimer);
  }

  /** Milo's callback and response executor of these clients. */
  public ExecutorService executor() {
    return executor;
  }

  /** For connect steps that block (bounded pool, never a timer or Milo callback thread). */
  public ExecutorService connectSteps() {
    return connectSteps;
  }

  /** Stops in the reverse order of creation; the clients must be disconnected already. */
  @Override
  public void close() {
    connectSteps.shutdownNow();
    wheelTimer.stop();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    scheduler.shutdownNow();
    executor.shutdownNow();
    try {
      connectSteps.awaitTermination(2, TimeUnit.SECONDS);
      eventLoop.awaitTermination(3, TimeUnit.SECONDS);
      scheduler.awaitTermination(2, TimeUnit.SECONDS);
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LoggerFactory.getLogger(ClientExecutors.class).debug("interrupted while stopping client executors");
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
