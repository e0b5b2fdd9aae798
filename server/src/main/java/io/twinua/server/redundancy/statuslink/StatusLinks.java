package io.twinua.server.redundancy.statuslink;

import java.time.Clock;

/** Builds the link a {@link StatusLinkConfig} describes (not started). */
public final class StatusLinks {

  private StatusLinks() {}

  public static StatusLink create(StatusLinkConfig config, String partnerStation, StatusLinkListener listener,
      Clock clock) {
    if (config instanceof StatusLinkConfig.Udp udp) {
      return new UdpStatusLink(udp, partnerStation, listener, clock);
    }
    if (config instanceof StatusLinkConfig.Serial serial) {
      return new SerialStatusLink(serial, partnerStation, listener, clock);
    }
    throw new IllegalArgumentException("unknown status link config " + config);
  }
}
