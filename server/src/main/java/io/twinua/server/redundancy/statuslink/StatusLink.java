package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkState;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One status channel to the partner station, and what the UDP and the serial link share: the
 * lifecycle (construct, {@link #start()}, {@link #send} from any thread, {@link #close()}), the
 * UP/DOWN decision and the counters ({@link LinkMonitor}). The listener given at construction hears
 * the partner's heartbeats and this link's UP/DOWN changes. A subclass only moves bytes.
 */
public abstract sealed class StatusLink implements AutoCloseable permits UdpStatusLink, SerialStatusLink {

  private static final Logger log = LoggerFactory.getLogger(StatusLink.class);

  private final String name;
  private final String partnerStation;
  private final long timeoutMs;
  private final String threadPrefix;
  private final CountDownLatch stopped = new CountDownLatch(1);
  final LinkMonitor monitor;

  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param name for logs and diagnostics, e.g. {@code udp 127.0.0.2:4870->127.0.0.3:4870}
   * @param partnerStation the partner's station name; frames of other stations are rejected
   * @param timeoutMs DOWN after this long without a valid frame
   * @param threadPrefix names this link's threads
   */
  StatusLink(String name, String partnerStation, long timeoutMs, String threadPrefix, StatusLinkListener listener,
      Clock clock) {
    this.name = name;
    this.partnerStation = requireStation(partnerStation);
    this.timeoutMs = timeoutMs;
    this.threadPrefix = threadPrefix;
    this.monitor = new LinkMonitor(name, partnerStation, timeoutMs, Objects.requireNonNull(listener, "listener"),
        Objects.requireNonNull(clock, "clock"));
  }

  public final String name() {
    return name;
  }

  /**
   * Starts receiving. Fails on what configuration must fix (a UDP address that cannot be bound); a
   * serial port that is missing or busy is not an error here: the link retries and stays DOWN.
   *
   * @throws IllegalStateException when called twice or after close
   */
  public final synchronized void start() throws IOException {
    if (started || closed) {
      throw new IllegalStateException(name + ": already started or closed");
    }
    openLine();
    monitor.start(threadPrefix);
    startThreads(threadPrefix);
    started = true;
    log.info("{}: started, partner station {}, timeout {} ms", name, partnerStation, timeoutMs);
  }

  /**
   * Sends one heartbeat to the partner without waiting for the line. Never throws and never blocks
   * on the line: a failed send is counted ({@link StatusLinkCounters#sendFailed()}) and logged once
   * per outage. Ignored before {@link #start()} and after {@link #close()}.
   */
  public final void send(Heartbeat heartbeat) {
    if (!started || closed || heartbeat == null) {
      return;
    }
    try {
      sendLine(heartbeat);
    } catch (RuntimeException e) {
      if (!closed) {
        monitor.sendFailed(e.toString());
      }
    }
  }

  public final LinkState state() {
    return monitor.state();
  }

  public final StatusLinkCounters counters() {
    return monitor.counters();
  }

  /** Stops receiving and sending; no listener call starts after this returns. Idempotent. */
  @Override
  public final void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopped.countDown();
    closeLine();
    monitor.close();
    log.info("{}: closed, {}", name, monitor.counters());
  }

  final boolean closed() {
    return closed;
  }

  /** Waits up to {@code ms}, less if the link closes meanwhile; keeps a failing line from spinning. */
  final void pause(long ms) {
    try {
      stopped.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Acquires what must exist before start returns (binds the socket); throws on configuration errors. */
  abstract void openLine() throws IOException;

  /** Starts the I/O threads, named {@code threadPrefix-rx}, {@code threadPrefix-tx}. */
  abstract void startThreads(String threadPrefix);

  /** Hands one heartbeat to the line without blocking. */
  abstract void sendLine(Heartbeat heartbeat);

  /** Releases the line and ends the I/O threads ({@link #closed()} is already true). */
  abstract void closeLine();

  private static String requireStation(String partnerStation) {
    Objects.requireNonNull(partnerStation, "partnerStation");
    if (partnerStation.isBlank()) {
      throw new IllegalArgumentException("partner station name must not be empty");
    }
    return partnerStation;
  }
}
