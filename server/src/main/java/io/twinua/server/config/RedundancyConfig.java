package io.twinua.server.config;

import io.twinua.server.redundancy.RedundancySettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The station file's {@code redundancy:} section: who the partner is and how the two watch each
 * other. Computer-specific, so it lives in the station file, not in the project.
 *
 * @param settings enabled, defaultMaster and the timing: the one record every redundancy component
 *     takes its values from
 * @param udpLinks status links over a second network (no archive data on them)
 * @param serialLinks status links over a null-modem cable
 */
public record RedundancyConfig(
    RedundancySettings settings,
    Partner partner,
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
