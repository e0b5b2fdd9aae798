package io.twinua.server.redundancy;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.redundancy.uanodes.RedundantServer;
import io.twinua.server.redundancy.uanodes.ServerRedundancyNodes;
import io.twinua.server.redundancy.uanodes.SystemTags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;

/**
 * Shows the manager's decisions: the {@code @} system tags always, and for a station in a pair the
 * standard redundancy nodes (ServiceLevel, RedundantServerArray with the partner's level as its
 * heartbeat tells it).
 */
final class PairDisplay implements RedundancyDisplay {

  private final SystemTags tags;
  private final String ownUri;
  private final Optional<RedundancyConfig> pair;
  private final Optional<ServerRedundancyNodes> nodes;

  PairDisplay(SystemTags tags, String ownUri, Optional<RedundancyConfig> pair, Optional<ServerRedundancyNodes> nodes) {
    this.tags = tags;
    this.ownUri = ownUri;
    this.pair = pair;
    this.nodes = nodes;
  }

  @Override
  public void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner) {
    tags.show(role, masterName);
    if (nodes.isEmpty() || pair.isEmpty()) {
      return;
    }
    nodes.get().setServiceLevel(serviceLevel);
    List<RedundantServer> servers = new ArrayList<>();
    servers.add(new RedundantServer(ownUri, serviceLevel, ServerState.Running));
    String partnerUri = pair.get().partner().applicationUri();
    Optional<Heartbeat> p = partner.latest();
    if (partner.reachable() && p.isPresent()) {
      Heartbeat h = p.get();
      int level = ServiceLevels.of(h.role(), h.localStatus(), false);
      servers.add(new RedundantServer(partnerUri, level, ServerState.Running));
    } else {
      servers.add(new RedundantServer(partnerUri, 0, ServerState.CommunicationFault));
    }
    nodes.get().setRedundantServers(servers);
  }

  @Override
  public void publishHeartbeat(Heartbeat heartbeat) {
    tags.showHeartbeat(heartbeat);
  }
}
