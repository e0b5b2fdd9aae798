package io.twinua.server.redundancy.statuslink;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One status link of the station file ({@code redundancy.statusLinks}), read by {@link
 * StatusLinkConfigReader}. Records validate themselves, so a link can never be built from bad values.
 */
public sealed interface StatusLinkConfig permits StatusLinkConfig.Udp, StatusLinkConfig.Serial {

  /** Redundancy design: a link is DOWN after 1 s without a valid heartbeat (5 missed at 200 ms). */
  long DEFAULT_TIMEOUT_MS = 1000;
  /** Below this a single late datagram or a busy serial line would flap the link. */
  long MIN_TIMEOUT_MS = 100;
  long MAX_TIMEOUT_MS = 60_000;

  long timeoutMs();

  StatusLinkKind kind();

  /**
   * Heartbeat datagrams over a second network interface.
   *
   * @param local address of this station's second NIC to bind (the partner sends to it)
   * @param partner the partner's bound address; datagrams from any other address are ignored
   */
  record Udp(InetSocketAddress local, InetSocketAddress partner, long timeoutMs) implements StatusLinkConfig {

    public Udp {
      checkAddress(local, "local");
      checkAddress(partner, "partner");
      if (local.equals(partner)) {
        throw new IllegalArgumentException("udp status link: local and partner are the same address " + local);
      }
      checkTimeout(timeoutMs);
    }

    public Udp(InetSocketAddress local, InetSocketAddress partner) {
      this(local, partner, DEFAULT_TIMEOUT_MS);
    }

    @Override
    public StatusLinkKind kind() {
      return StatusLinkKind.UDP;
    }

    private static void checkAddress(InetSocketAddress address, String what) {
      Objects.requireNonNull(address, what);
      if (address.isUnresolved()) {
        throw new IllegalArgumentException("udp status link: " + what + " address " + address + " is not resolved");
      }
      if (address.getPort() == 0) {
        // the partner must know where to send, so an OS-chosen port is no use here
        throw new IllegalArgumentException("udp status link: " + what + " address " + address + " needs a port 1..65535");
      }
    }
  }

  /**
   * Heartbeat frames over a serial line (null-modem cable), 8N1, no flow control.
   *
   * @param port device path ({@code /dev/ttyS1}, a symlink such as {@code /dev/serial/by-id/...}) or
   *     a system port name ({@code COM3})
   * @param maxReopenDelayMs upper bound of the back-off between attempts to reopen a lost port
   */
  record Serial(String port, int baud, long timeoutMs, long maxReopenDelayMs) implements StatusLinkConfig {

    public static final int DEFAULT_BAUD = 115_200;
    public static final long DEFAULT_MAX_REOPEN_DELAY_MS = 2000;
    public static final int MIN_BAUD = 9600;

    public Serial {
      Objects.requireNonNull(port, "port");
      if (port.isBlank()) {
        throw new IllegalArgumentException("serial status link: port must not be empty");
      }
      // 5 heartbeats/s of up to ~130 bytes (10 bits each on an 8N1 line) need ~6.5 kbit/s
      if (baud < MIN_BAUD || baud > 4_000_000) {
        throw new IllegalArgumentException("serial status link " + port + ": baud " + baud + " is out of range "
            + MIN_BAUD + "..4000000 (5 heartbeats per second need at least " + MIN_BAUD + ")");
      }
      checkTimeout(timeoutMs);
      if (maxReopenDelayMs < 100 || maxReopenDelayMs > 60_000) {
        throw new IllegalArgumentException(
            "serial status link " + port + ": maxReopenDelayMs " + maxReopenDelayMs + " is out of range 100..60000");
      }
    }

    public Serial(String port, int baud) {
      this(port, baud, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_REOPEN_DELAY_MS);
    }

    @Override
    public StatusLinkKind kind() {
      return StatusLinkKind.SERIAL;
    }
  }

  private static void checkTimeout(long timeoutMs) {
    if (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS) {
      throw new IllegalArgumentException(
          "status link timeoutMs " + timeoutMs + " is out of range " + MIN_TIMEOUT_MS + ".." + MAX_TIMEOUT_MS);
    }
  }
}
