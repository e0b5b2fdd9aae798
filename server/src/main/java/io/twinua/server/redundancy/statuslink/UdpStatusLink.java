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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Status link over a second network interface: one heartbeat per datagram, from the local address
 * to the partner's. Only datagrams from exactly the partner's configured address that carry the
 * partner's station name count; everything else is rejected and counted.
 */
public final class UdpStatusLink extends StatusLink {

  private static final Logger log = LoggerFactory.getLogger(UdpStatusLink.class);

  private final StatusLinkConfig.Udp config;

  private volatile DatagramChannel channel;
  private volatile Thread receiver;

  /** @param partnerStation the partner's station name; frames of other stations are rejected */
  public UdpStatusLink(StatusLinkConfig.Udp config, String partnerStation, StatusLinkListener listener, Clock clock) {
    super("udp " + text(config.local()) + "->" + text(config.partner()), partnerStation, config.timeoutMs(),
        "twinua-statuslink-udp-" + config.local().getPort(), listener, clock);
    this.config = Objects.requireNonNull(config, "config");
  }

  /** A link on a channel the caller has bound already (tests: an OS-chosen port known in advance). */
  static UdpStatusLink onBoundChannel(DatagramChannel bound, InetSocketAddress partner, String partnerStation,
      long timeoutMs, StatusLinkListener listener, Clock clock) throws IOException {
    InetSocketAddress local = (InetSocketAddress) bound.getLocalAddress();
    UdpStatusLink link = new UdpStatusLink(new StatusLinkConfig.Udp(local, partner, timeoutMs), partnerStation,
        listener, clock);
    link.channel = bound;
    return link;
  }

  public StatusLinkConfig.Udp config() {
    return config;
  }

  @Override
  void openLine() throws IOException {
    if (channel != null) {
      return;
    }
    // the family of the local address, so IPv4 senders are not reported as IPv4-mapped IPv6
    DatagramChannel ch = DatagramChannel.open(config.local().getAddress() instanceof Inet4Address
        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    try {
      ch.bind(config.local());
    } catch (IOException e) {
      ch.close();
      throw new IOException(name() + ": cannot bind " + text(config.local()) + ": " + e.getMessage(), e);
    }
    channel = ch;
  }

  @Override
  void startThreads(String threadPrefix) {
    Thread t = new LinkThreads(threadPrefix + "-rx").newThread(this::receive);
    receiver = t;
    t.start();
  }

  @Override
  void sendLine(Heartbeat heartbeat) {
    byte[] frame = HeartbeatCodec.encode(heartbeat);
    try {
      int n = channel.send(ByteBuffer.wrap(frame), config.partner());
      if (n == frame.length) {
        monitor.sent();
      } else {
        monitor.sendFailed("socket send buffer full");
      }
    } catch (IOException e) {
      if (!closed()) {
        monitor.sendFailed(e.toString());
      }
    }
  }

  @Override
  void closeLine() {
    DatagramChannel ch = channel;
    if (ch != null) {
      try {
        ch.close(); // wakes the receiver
      } catch (IOException e) {
        log.debug("{}: close: {}", name(), e.toString());
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
  }

  private void receive() {
    ByteBuffer buffer = ByteBuffer.allocate(HeartbeatCodec.MAX_FRAME + 1); // +1: oversize shows as such
    DatagramChannel ch = channel;
    while (!closed()) {
      buffer.clear();
      SocketAddress from;
      try {
        from = ch.receive(buffer);
      } catch (ClosedChannelException e) {
        break;
      } catch (IOException e) {
        if (closed()) {
          break;
        }
        monitor.rejected("receive-error", "receive error " + e);
        pause(100);
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

  private static String text(InetSocketAddress a) {
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
