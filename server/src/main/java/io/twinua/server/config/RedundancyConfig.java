package io.twinua.server.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The station file's {@code redundancy:} section: who the partner is and how the two watch each
 * other. Computer-specific, so it lives in the station file, not in the project.
 *
 * @param enabled false runs the station Standalone (e.g. during commissioning)
 * @param defaultMaster wins when both stations start at the same time
 * @param startupWindowMs how long a starting station listens for its partner before it takes the
 *     Master role alone (a secure terminal-bus session alone takes a few seconds to set up)
 * @param udpLinks status links over a second network (no archive data on them)
 * @param serialLinks status links over a null-modem cable
 */
public record RedundancyConfig(
    boolean enabled,
    boolean defaultMaster,
    Partner partner,
    int linkTimeoutMs,
    int startupWindowMs,
    int stabilityDelayMs,
    List<UdpLink> udpLinks,
    List<SerialLink> serialLinks) {

  public RedundancyConfig {
    udpLinks = List.copyOf(udpLinks);
    serialLinks = List.copyOf(serialLinks);
  }

  /**
   * @param certificate the partner's application certificate: the only one given the partner role
   */
  public record Partner(String name, String endpointUrl, String applicationUri, Path certificate) {}

  public record UdpLink(InetSocketAddress local, InetSocketAddress partner) {}

  public record SerialLink(String port, int baud) {}
}
