package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status link over a second network interface: one heartbeat per datagram, from the local address
 * to the partner's. Only datagrams from exactly the partner's configured address that carry the
 * partner's station name count; everything else is rejected and counted.
 */
public final class UdpStatusLink implements StatusLink {

  private static final Logger log = LoggerFactory.getLogger(UdpStatusLink.class);

  private final StatusLinkConfig.Udp config;
  private final String partnerStation;
  private final String name;
  private final LinkMonitor monitor;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private volatile DatagramChannel channel;
  private volatile Thread receiver;
  private volatile boolean started;
  private volatile boolean closed;

  /**
   * @param local this station's second-NIC address to bind (port 1..65535)
   * @param partner the partner's bound address, where heartbeats go and the only accepted source
   * @param partnerStation the partner's station name; frames of other stations are rejected
   * @param timeoutMs DOWN after this long without a valid frame ({@link StatusLinkConfig#DEFAULT_TIMEOUT_MS})
   * @param clock gives {@code receivedAt}
   */
  public UdpStatusLink(InetSocketAddress local, InetSocketAddress partner, String partnerStation, long timeoutMs,
      StatusLinkListener listener, Clock clock) {
    this(new StatusLinkConfig.Udp(local, partner, timeoutMs), partnerStation, listener, clock);
  }

  public UdpStatusLink(StatusLinkConfig.Udp config, String partnerStation, StatusLinkListener listener, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.partnerStation = requireStation(partnerStation);
    this.name = "udp " + text(config.local()) + "->" + text(config.partner());
    this.monitor = new LinkMonitor(name, partnerStation, config.timeoutMs(),
        Objects.requireNonNull(listener, "listener"), Objects.requireNonNull(clock, "clock"));
  }

  /** A link on a channel the caller has bound already (tests: an OS-chosen port known in advance). */
  static UdpStatusLink onBoundChannel(DatagramChannel bound, InetSocketAddress partner, String partnerStation,
      long timeoutMs, StatusLinkListener listener, Clock clock) throws IOException {
    InetSocketAddress local = (InetSocketAddress) bound.getLocalAddress();
    UdpStatusLink link = new UdpStatusLink(local, partner, partnerStation, timeoutMs, listener, clock);
    link.channel = bound;
    return link;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StatusLinkKind kind() {
    return StatusLinkKind.UDP;
  }

  public StatusLinkConfig.Udp config() {
    return config;
  }

  @Override
  public synchronized void start() throws IOException {
    if (started || closed) {
      throw new IllegalStateException(name + ": already started or closed");
    }
    DatagramChannel ch = channel;
    if (ch == null) {
      // the family of the local address, so IPv4 senders are not reported as IPv4-mapped IPv6
      ch = DatagramChannel.open(config.local().getAddress() instanceof Inet4Address
          ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
      try {
        ch.bind(config.local());
      } catch (IOException e) {
        ch.close();
        throw new IOException(name + ": cannot bind " + text(config.local()) + ": " + e.getMessage(), e);
      }
      channel = ch;
    }
    monitor.start("twinua-statuslink-udp-" + config.local().getPort());
    Thread t = new LinkThreads("twinua-statuslink-udp-rx-" + config.local().getPort()).newThread(this::receive);
    receiver = t;
    started = true;
    t.start();
    log.info("{}: started, partner station {}, timeout {} ms", name, partnerStation, config.timeoutMs());
  }

  @Override
  public void send(Heartbeat heartbeat) {
    DatagramChannel ch = channel;
    if (!started || closed || ch == null || heartbeat == null) {
      return;
    }
    try {
      byte[] frame = HeartbeatCodec.encode(heartbeat);
      int n = ch.send(ByteBuffer.wrap(frame), config.partner());
      if (n == frame.length) {
        monitor.sent();
      } else {
        monitor.sendFailed("socket send buffer full");
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        monitor.sendFailed(e.toString());
      }
    }
  }

  @Override
  public LinkState state() {
    return monitor.state();
  }

  @Override
  public StatusLinkCounters counters() {
    return monitor.counters();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    stopped.countDown();
    DatagramChannel ch = channel;
    if (ch != null) {
      try {
        ch.close(); // wakes the receiver
      } catch (IOException e) {
        log.debug("{}: close: {}", name, e.toString());
      }
    }
    Thread t = receiver;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    monitor.close();
    log.info("{}: closed, {}", name, monitor.counters());
  }

  private void receive() {
    ByteBuffer buffer = ByteBuffer.allocate(HeartbeatCodec.MAX_FRAME + 1); // +1: oversize shows as such
    DatagramChannel ch = channel;
    while (!closed) {
      buffer.clear();
      SocketAddress from;
      try {
        from = ch.receive(buffer);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (closed) {
          break;
        }
        monitor.rejected("receive-error", "receive error " + e);
        pause();
        continue;
      }
      Instant receivedAt = monitor.now();
      if (!config.partner().equals(from)) {
        monitor.rejected("stranger", "a datagram from " + from + " (only " + text(config.partner()) + " is heard)");
        continue;
      }
      Optional<Heartbeat> heartbeat = HeartbeatCodec.decode(buffer.array(), 0, buffer.position());
      if (heartbeat.isEmpty()) {
        monitor.rejected("garbage", "a datagram of " + buffer.position() + " bytes from the partner that is no valid heartbeat frame");
        continue;
      }
      monitor.frame(heartbeat.get(), receivedAt);
    }
  }

  /** Keeps a persistent socket error from spinning the receiver. */
  private void pause() {
    try {
      stopped.await(100, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String requireStation(String partnerStation) {
    Objects.requireNonNull(partnerStation, "partnerStation");
    if (partnerStation.isBlank()) {
      throw new IllegalArgumentException("partner station name must not be empty");
    }
    return partnerStation;
  }

  private static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
