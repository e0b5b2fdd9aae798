package io.twinua.server.station;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkId;
import io.twinua.server.redundancy.LocalStatus;
import io.twinua.server.redundancy.PartnerView;
import io.twinua.server.redundancy.RedundancyDisplay;
import io.twinua.server.redundancy.RedundancyEvent;
import io.twinua.server.redundancy.RedundancyManager;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.redundancy.RoleMachine;
import io.twinua.server.redundancy.ServiceLevels;
import io.twinua.server.redundancy.SwitchResult;
import io.twinua.server.redundancy.partner.LinkState;
import io.twinua.server.redundancy.partner.PartnerLink;
import io.twinua.server.redundancy.partner.PartnerLinkConfig;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import io.twinua.server.redundancy.statuslink.SerialStatusLink;
import io.twinua.server.redundancy.statuslink.StatusLink;
import io.twinua.server.redundancy.statuslink.StatusLinkConfig;
import io.twinua.server.redundancy.statuslink.StatusLinkListener;
import io.twinua.server.redundancy.statuslink.UdpStatusLink;
import io.twinua.server.redundancy.uanodes.PairDiscovery;
import io.twinua.server.redundancy.uanodes.RedundantServer;
import io.twinua.server.redundancy.uanodes.ServerRedundancyNodes;
import io.twinua.server.redundancy.uanodes.SystemTags;
import io.twinua.server.security.StationPki;
import io.twinua.server.uaclient.ClientExecutors;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the station into its pair: the role machine and its manager, the links to the partner,
 * and what shows the result (standard redundancy nodes, ServiceLevel, {@code @} system tags). A
 * station without a {@code redundancy:} section runs the same machine switched off (Standalone).
 */
final class StationRedundancy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StationRedundancy.class);

  private static final long PLANNED_RETURN_SECONDS = 120;
  private static final long MAINTENANCE_NOTICE_MS = 500;

  private final StationConfig config;
  private final Optional<RedundancyConfig> pair;
  private final List<AutoCloseable> stops = new ArrayList<>();
  private volatile RedundancyManager manager;
  private SystemTags tags;
  private ServerRedundancyNodes nodes;

  StationRedundancy(StationConfig config) {
    this.config = config;
    this.pair = config.redundancy();
  }

  /** Installs the nodes; call once the plant namespace exists and before the server starts. */
  void install(OpcUaServer server, io.twinua.server.plant.PlantNamespace plant, List<String> userArchives) {
    tags = new SystemTags(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        config.name(), userArchives, this::onMasterWrite);
    tags.install();
    stops.add(tags::uninstall);
    if (pair.isPresent()) {
      RedundancyConfig rc = pair.get();
      // the same order on both stations: clients compare the arrays of the two servers
      List<String> uris = new ArrayList<>(List.of(config.applicationUri(), rc.partner().applicationUri()));
      uris.sort(String::compareTo);
      nodes = ServerRedundancyNodes.install(server, uris);
      PairDiscovery discovery = PairDiscovery.install(server);
      discovery.setPartnerDescription(new ApplicationDescription(rc.partner().applicationUri(),
          StationServer.PRODUCT_URI, LocalizedText.english("TwinUA " + rc.partner().name()),
          ApplicationType.Server, null, null, new String[] {rc.partner().endpointUrl()}));
    }
  }

  /** Starts deciding and talking to the partner; call after the server and process connections run. */
  void start(String projectDigest, Supplier<LocalStatus> local, SystemMessages messages, StationPki pki,
      String plantNamespaceUri, ScheduledExecutorService scheduler, Executor executor, ClientExecutors clients,
      Clock clock) {
    Set<LinkId> links = EnumSet.noneOf(LinkId.class);
    RedundancySettings settings;
    if (pair.isPresent()) {
      RedundancyConfig rc = pair.get();
      links.add(LinkId.TERMINAL_BUS);
      if (!rc.udpLinks().isEmpty()) {
        links.add(LinkId.STATUS_LAN);
      }
      if (!rc.serialLinks().isEmpty()) {
        links.add(LinkId.SERIAL);
      }
      settings = RedundancySettings.create(b -> b.redundancyEnabled(rc.enabled()).defaultMaster(rc.defaultMaster())
          .linkTimeoutMs(rc.linkTimeoutMs()).startupWindowMs(Math.max(rc.startupWindowMs(), rc.linkTimeoutMs()))
          .stabilityDelayMs(rc.stabilityDelayMs()));
    } else {
      settings = RedundancySettings.create(b -> b.redundancyEnabled(false));
    }
    List<StatusLink> statusLinks = pair.isPresent() ? statusLinks(pair.get(), clock) : List.of();
    RoleMachine machine = new RoleMachine(config.name(), projectDigest, settings, links, clock);
    manager = new RedundancyManager(machine, local,
        statusLinks.stream().map(l -> (RedundancyManager.HeartbeatSender) l::send).toList(),
        new Display(), e -> raise(messages, e), clock);
    stops.add(manager);
    for (StatusLink l : statusLinks) {
      try {
        l.start();
      } catch (IOException e) {
        throw new IllegalStateException("status link " + l.name() + " cannot start: " + e.getMessage(), e);
      }
      stops.add(l);
    }
    manager.start();
    if (pair.isPresent()) {
      RedundancyConfig rc = pair.get();
      PartnerLink link = new PartnerLink(
          PartnerLinkConfig.of(rc.partner().endpointUrl(), rc.partner().applicationUri(), plantNamespaceUri),
          pki, new PartnerLinkListener() {
            @Override
            public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
              manager.onHeartbeat(LinkId.TERMINAL_BUS, heartbeat, receivedAt);
            }

            @Override
            public void onLinkState(LinkState state, String reason) {
              LOG.info("terminal bus to {}: {} ({})", rc.partner().name(), state, reason);
            }
          }, scheduler, executor, clients, clock);
      stops.add(link);
      link.start();
    }
  }

  /** The status connections: a second LAN (UDP) and/or a serial cable, carrying only heartbeats. */
  private List<StatusLink> statusLinks(RedundancyConfig rc, Clock clock) {
    String partner = rc.partner().name();
    List<StatusLink> result = new ArrayList<>();
    for (RedundancyConfig.UdpLink u : rc.udpLinks()) {
      result.add(new UdpStatusLink(new StatusLinkConfig.Udp(u.local(), u.partner(), rc.linkTimeoutMs()),
          partner, listener(LinkId.STATUS_LAN, "UDP " + u.local()), clock));
    }
    for (RedundancyConfig.SerialLink sl : rc.serialLinks()) {
      result.add(new SerialStatusLink(new StatusLinkConfig.Serial(sl.port(), sl.baud(), rc.linkTimeoutMs(), 2_000),
          partner, listener(LinkId.SERIAL, "serial " + sl.port()), clock));
    }
    return result;
  }

  private StatusLinkListener listener(LinkId link, String name) {
    return new StatusLinkListener() {
      @Override
      public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
        RedundancyManager m = manager;
        if (m != null) {
          m.onHeartbeat(link, heartbeat, receivedAt);
        }
      }

      @Override
      public void onLinkState(io.twinua.server.redundancy.statuslink.LinkState state, String reason) {
        LOG.info("status link {}: {} ({})", name, state, reason);
      }
    };
  }

  private static void raise(SystemMessages messages, RedundancyEvent e) {
    Optional<SystemMessage> message = SystemMessage.byNumber(e.messageNumber());
    if (message.isEmpty()) { // information without a system message number
      LoggerFactory.getLogger(SystemMessages.LOGGER_NAME).info("{} (epoch {}): {}", e.kind(), e.epoch(), e.detail());
      return;
    }
    messages.raise(message.get(), e.detail());
  }

  /** {@code @RM_MASTER} written by an engineer: queued to the role machine, answered within 2 s. */
  private StatusCode onMasterWrite(boolean wantMaster, Session session) {
    RedundancyManager m = manager;
    if (m == null) {
      return new StatusCode(StatusCodes.Bad_InvalidState);
    }
    try {
      SwitchResult result = m.requestMaster(wantMaster).get(2, TimeUnit.SECONDS);
      LOG.info("@RM_MASTER := {} by {}: {} ({})", wantMaster ? 1 : 0, session.getClientUserId(),
          result.accepted() ? "accepted" : "refused", result.reason());
      return result.accepted() ? StatusCode.GOOD : new StatusCode(StatusCodes.Bad_InvalidState);
    } catch (Exception e) {
      return new StatusCode(StatusCodes.Bad_Timeout);
    }
  }

  RoleMachine machine() {
    return manager.machine();
  }

  private final class Display implements RedundancyDisplay {
    @Override
    public void show(RedundancyRole role, long epoch, String masterName, int serviceLevel, PartnerView partner) {
      tags.show(role, masterName);
      if (nodes != null) {
        nodes.setServiceLevel(serviceLevel);
        List<RedundantServer> servers = new ArrayList<>();
        servers.add(new RedundantServer(config.applicationUri(), serviceLevel, ServerState.Running));
        RedundancyConfig rc = pair.get();
        Optional<Heartbeat> p = partner.latest();
        if (partner.reachable() && p.isPresent()) {
          int level = ServiceLevels.of(p.get().role(), new LocalStatus(p.get().defectiveAs(), p.get().totalAs(), p.get().healthy()), false);
          servers.add(new RedundantServer(rc.partner().applicationUri(), level, ServerState.Running));
        } else {
          servers.add(new RedundantServer(rc.partner().applicationUri(), 0, ServerState.CommunicationFault));
        }
        nodes.setRedundantServers(servers);
      }
    }

    @Override
    public void publishHeartbeat(Heartbeat heartbeat) {
      tags.showHeartbeat(heartbeat);
    }
  }

  /**
   * A planned shutdown: stop deciding, then tell clients ServiceLevel 0 (Maintenance) with an
   * estimated return time, and give their subscriptions one publishing cycle to see it
   * (Part 4 §6.6.2.4.2: clients move away from a server in Maintenance).
   */
  @Override
  public void close() {
    RedundancyManager m = manager;
    if (m != null && nodes != null) {
      try {
        m.close();
        nodes.setEstimatedReturnTime(new DateTime(Instant.now().plusSeconds(PLANNED_RETURN_SECONDS)));
        nodes.setServiceLevel(ServiceLevels.MAINTENANCE);
        Thread.sleep(MAINTENANCE_NOTICE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (int i = stops.size() - 1; i >= 0; i--) {
      try {
        stops.get(i).close();
      } catch (Exception e) {
        LOG.warn("error while stopping redundancy: {}", e.toString());
      }
    }
  }
}
