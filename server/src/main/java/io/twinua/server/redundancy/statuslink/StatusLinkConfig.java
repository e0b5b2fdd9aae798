package io.twinua.server.redundancy.statuslink;

import io.twinua.server.redundancy.RedundancySettings;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One status link of the station file ({@code redundancy.statusLinks}), built by the redundancy
 * entry point with the station's link timeout ({@link RedundancySettings#linkTimeoutMs()}). Records
 * validate themselves, so a link can never be built from bad values.
 */
public sealed interface StatusLinkConfig permits StatusLinkConfig.Udp, StatusLinkConfig.Serial {

  /** DOWN after this long without a valid heartbeat from the partner. */
  long timeoutMs();

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
    /**
     * A heartbeat frame with a full project digest is about 140 bytes, 10 bits each on an 8N1
     * line: 9600 baud carries about seven per second, so of the ten sent some are replaced by newer
     * ones (counted as sendFailed), but one still arrives every ~150 ms, far within any link
     * timeout. 19200 baud and up carry all of them.
     */
    public static final int MIN_BAUD = 9600;
    public static final int MAX_BAUD = 4_000_000;
    public static final long DEFAULT_MAX_REOPEN_DELAY_MS = 2000;

    public Serial {
      Objects.requireNonNull(port, "port");
      if (port.isBlank()) {
        throw new IllegalArgumentException("serial status link: port must not be empty");
      }
      if (baud < MIN_BAUD || baud > MAX_BAUD) {
        throw new IllegalArgumentException("serial status link " + port + ": baud " + baud + " is out of range "
            + MIN_BAUD + ".." + MAX_BAUD + " (" + 1000 / RedundancySettings.HEARTBEAT_PERIOD_MS
            + " heartbeats per second need at least " + MIN_BAUD + ")");
      }
      checkTimeout(timeoutMs);
      if (maxReopenDelayMs < 100 || maxReopenDelayMs > 60_000) {
        throw new IllegalArgumentException(
            "serial status link " + port + ": maxReopenDelayMs " + maxReopenDelayMs + " is out of range 100..60000");
      }
    }

    /** The link of the station file: the station's link timeout and the standard reopen back-off. */
    public Serial(String port, int baud, long timeoutMs) {
      this(port, baud, timeoutMs, DEFAULT_MAX_REOPEN_DELAY_MS);
    }
  }

  private static void checkTimeout(long timeoutMs) {
    if (timeoutMs < RedundancySettings.MIN_LINK_TIMEOUT_MS || timeoutMs > RedundancySettings.MAX_LINK_TIMEOUT_MS) {
      throw new IllegalArgumentException("status link timeoutMs " + timeoutMs + " is out of range "
          + RedundancySettings.MIN_LINK_TIMEOUT_MS + ".." + RedundancySettings.MAX_LINK_TIMEOUT_MS);
    }
  }
}
