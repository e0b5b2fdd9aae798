package io.twinua.server.redundancy;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.redundancy.partner.PartnerLinkConfig;
import io.twinua.server.redundancy.statuslink.SerialStatusLink;
import io.twinua.server.redundancy.statuslink.StatusLink;
import io.twinua.server.redundancy.statuslink.StatusLinkConfig;
import io.twinua.server.redundancy.statuslink.StatusLinkListener;
import io.twinua.server.redundancy.statuslink.UdpStatusLink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The links between the two stations as the station file describes them, each on the station's one
 * link timeout ({@link RedundancySettings#linkTimeoutMs()}): the terminal bus (OPC UA) and the
 * status links (a second LAN over UDP, a serial cable), which carry heartbeats only.
 */
final class PairLinks {

  private static final Logger LOG = LoggerFactory.getLogger(PairLinks.class);

  private PairLinks() {}

  /** The links the role machine watches: always the terminal bus, and each kind of status link present. */
  static Set<LinkId> ids(RedundancyConfig rc) {
    Set<LinkId> ids = EnumSet.of(LinkId.TERMINAL_BUS);
    if (!rc.udpLinks().isEmpty()) {
      ids.add(LinkId.STATUS_LAN);
    }
    if (!rc.serialLinks().isEmpty()) {
      ids.add(LinkId.SERIAL);
    }
    return ids;
  }

  static PartnerLinkConfig partnerLink(RedundancyConfig rc, String plantNamespaceUri) {
    return PartnerLinkConfig.of(rc.partner().endpointUrl(), rc.partner().applicationUri(), plantNamespaceUri,
        Duration.ofMillis(rc.settings().linkTimeoutMs()));
  }

  static List<StatusLinkConfig> statusLinkConfigs(RedundancyConfig rc) {
    long timeout = rc.settings().linkTimeoutMs();
    List<StatusLinkConfig> result = new ArrayList<>();
    for (RedundancyConfig.UdpLink u : rc.udpLinks()) {
      result.add(new StatusLinkConfig.Udp(u.local(), u.partner(), timeout));
    }
    for (RedundancyConfig.SerialLink s : rc.serialLinks()) {
      result.add(new StatusLinkConfig.Serial(s.port(), s.baud(), timeout));
    }
    return result;
  }

  /** The status links, not started. */
  static List<StatusLink> statusLinks(RedundancyConfig rc, HeartbeatInbox inbox, Clock clock) {
    String partner = rc.partner().name();
    List<StatusLink> result = new ArrayList<>();
    for (StatusLinkConfig c : statusLinkConfigs(rc)) {
      if (c instanceof StatusLinkConfig.Udp udp) {
        result.add(new UdpStatusLink(udp, partner, listener(LinkId.STATUS_LAN, inbox), clock));
      } else if (c instanceof StatusLinkConfig.Serial serial) {
        result.add(new SerialStatusLink(serial, partner, listener(LinkId.SERIAL, inbox), clock));
      }
    }
    return result;
  }

  /** Where a link delivers the partner's heartbeats. */
  interface HeartbeatInbox {
    void onHeartbeat(LinkId link, Heartbeat heartbeat, Instant receivedAt);
  }

  private static StatusLinkListener listener(LinkId link, HeartbeatInbox inbox) {
    return new StatusLinkListener() {
      @Override
      public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
        inbox.onHeartbeat(link, heartbeat, receivedAt);
      }

      @Override
      public void onLinkState(LinkState state, String reason) {
        // the link logs its own UP/DOWN with its name; the role machine decides on heartbeats
        LOG.debug("{}: {} ({})", link, state, reason);
      }
    };
  }
}
