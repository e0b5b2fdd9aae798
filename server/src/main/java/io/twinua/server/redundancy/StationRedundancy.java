package io.twinua.server.redundancy;

import io.twinua.server.config.RedundancyConfig;
import io.twinua.server.config.StationConfig;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.messages.SystemMessages;
import io.twinua.server.redundancy.partner.PartnerLink;
import io.twinua.server.redundancy.partner.clock.PartnerClockCheck;
import io.twinua.server.redundancy.partner.PartnerLinkListener;
import io.twinua.server.redundancy.statuslink.StatusLink;
import io.twinua.server.redundancy.uanodes.PairDiscovery;
import io.twinua.server.redundancy.uanodes.ServerRedundancyNodes;
import io.twinua.server.redundancy.uanodes.SystemTags;
import io.twinua.server.security.LogText;
import io.twinua.server.security.StationPki;
import io.twinua.server.uaclient.ClientExecutors;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespace;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ApplicationType;
import org.eclipse.milo.opcua.stack.core.types.structured.ApplicationDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way in to redundancy: from the station file's settings it builds the role machine (with
 * its epoch file), the manager, the links to the partner and what shows the result (standard
 * redundancy nodes, ServiceLevel, {@code @} system tags). A station without a {@code redundancy:}
 * section runs the same machine switched off (Standalone).
 */
public final class StationRedundancy implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StationRedundancy.class);

  private static final long PLANNED_RETURN_SECONDS = 120;
  private static final long MAINTENANCE_NOTICE_MS = 500;

  private final StationConfig config;
  private final Optional<RedundancyConfig> pair;
  private final List<AutoCloseable> stops = new ArrayList<>();
  private volatile RedundancyManager manager;
  private SystemTags tags;
  private Optional<ServerRedundancyNodes> nodes = Optional.empty();
  private volatile Optional<PartnerClockCheck> partnerClock = Optional.empty();
  // who else hears the partner link (archive sync); redundancy does not know them
  private final List<PartnerLinkListener> partnerListeners = new CopyOnWriteArrayList<>();
  private volatile Optional<PartnerLink> partnerLink = Optional.empty();
  private volatile List<StatusLink> statusLinks = List.of();

  public StationRedundancy(StationConfig config) {
    this.config = config;
    this.pair = config.redundancy();
  }

  /** The station's one settings record: the station file's, or Standalone without a pair. */
  public static RedundancySettings settings(StationConfig config) {
    return config.redundancy().map(RedundancyConfig::settings).orElse(RedundancySettings.STANDALONE);
  }

  /** The station's role machine, its epoch kept in the data dir. */
  static RoleMachine roleMachine(StationConfig config, String projectDigest, Clock clock) {
    EpochFile epochs = EpochFile.inDataDir(config.dataDir());
    LOG.info("redundancy {}: highest epoch used so far {} ({})", settings(config), epochs.lastUsed(), epochs.file());
    return new RoleMachine(config.name(), projectDigest, settings(config),
        config.redundancy().map(PairLinks::ids).orElse(EnumSet.noneOf(LinkId.class)), epochs, clock);
  }

  /**
   * Installs the nodes (the {@code @} system tags in {@code plant}, the station's plant namespace);
   * call once the plant namespace exists and before the server starts.
   */
  public void install(OpcUaServer server, ManagedNamespace plant, List<String> userArchives) {
    tags = new SystemTags(plant.getNodeContext(), plant.getNodeManager(), plant.getNamespaceIndex().intValue(),
        config.name(), userArchives, this::onMasterWrite, this::onMaintenanceWrite);
    tags.install();
    stops.add(tags::uninstall);
    if (pair.isPresent()) {
      RedundancyConfig rc = pair.get();
      // the same order on both stations: clients compare the arrays of the two servers
      List<String> uris = new ArrayList<>(List.of(config.applicationUri(), rc.partner().applicationUri()));
      uris.sort(String::compareTo);
      nodes = Optional.of(ServerRedundancyNodes.install(server, uris));
      // the role is UNDEFINED until start(): NoData, not Milo's initial 255, or clients that pick
      // by ServiceLevel take a starting station for a healthy Master
      nodes.get().setServiceLevel(ServiceLevels.NO_DATA);
      PairDiscovery discovery = PairDiscovery.install(server);
      discovery.setPartnerDescription(new ApplicationDescription(rc.partner().applicationUri(),
          server.getConfig().getProductUri(), LocalizedText.english("TwinUA " + rc.partner().name()),
          ApplicationType.Server, null, null, new String[] {rc.partner().endpointUrl()}));
    }
  }

  /** Starts deciding and talking to the partner; call after the server and process connections run. */
  public void start(String projectDigest, Supplier<LocalStatus> local, SystemMessages messages, StationPki pki,
      String plantNamespaceUri, ScheduledExecutorService scheduler, Executor executor, ClientExecutors clients,
      Clock wallClock) {
    // link timeouts on the monotonic clock; the clock comparison with the partner on the wall clock
    Clock clock = SteadyClock.from(wallClock);
    PairLinks.HeartbeatInbox inbox = (link, heartbeat, receivedAt) -> {
      RedundancyManager m = manager;
      if (m != null) {
        m.onHeartbeat(link, heartbeat, receivedAt);
      }
    };
    List<StatusLink> statusLinks = pair.map(rc -> PairLinks.statusLinks(rc, inbox, clock)).orElse(List.of());
    this.statusLinks = List.copyOf(statusLinks);
    manager = new RedundancyManager(roleMachine(config, projectDigest, clock), local,
        statusLinks.stream().map(l -> (RedundancyManager.HeartbeatSender) l::send).toList(),
        new PairDisplay(tags, config.applicationUri(), pair, nodes), e -> raise(messages, e), clock);
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
      PartnerLink link = new PartnerLink(PairLinks.partnerLink(rc, plantNamespaceUri), pki, new PartnerLinkListener() {
        @Override
        public void onHeartbeat(Heartbeat heartbeat, Instant receivedAt) {
          inbox.onHeartbeat(LinkId.TERMINAL_BUS, heartbeat, receivedAt);
        }

        @Override
        public void onLinkState(LinkState state, String reason) {
          LOG.info("terminal bus to {}: {} ({})", rc.partner().name(), state, reason);
          partnerListeners.forEach(l -> l.onLinkState(state, reason));
          if (state == LinkState.UP) {
            partnerClock.ifPresent(PartnerClockCheck::linkUp);
          }
        }
      }, scheduler, executor, clients, clock);
      stops.add(link);
      partnerLink = Optional.of(link);
      PartnerClockCheck clockCheck = new PartnerClockCheck(rc.partner().name(), link::client,
          Duration.ofMillis(rc.settings().clockToleranceMs()), PartnerClockCheck.PERIOD, wallClock,
          detail -> messages.raise(SystemMessage.REDUNDANCY_INTERNAL_FAILURE, detail));
      stops.add(clockCheck);
      clockCheck.onSample(sample -> tags.showPartnerClockOffset(sample.offset()));
      partnerClock = Optional.of(clockCheck);
      clockCheck.start();
      link.start();
    }
  }

  /**
   * Server isolation of a Fault station: ServiceLevel 0, and every link to the partner dropped (the
   * terminal-bus client and the status links: no more heartbeats), so that the partner and clients
   * leave it alone until it is restarted. The role machine keeps running on its own.
   */
  public void isolate() {
    RedundancyManager m = manager;
    if (m != null) {
      m.setMaintenance(true); // ServiceLevel 0, the lowest a client can see
    }
    partnerLink.ifPresent(PartnerLink::close);
    for (StatusLink l : statusLinks) {
      try {
        l.close();
      } catch (Exception e) {
        LOG.warn("isolation: status link {} did not close cleanly: {}", l.name(), e.toString());
      }
    }
    LOG.warn("isolated: ServiceLevel 0, terminal bus and {} status link(s) to the partner closed", statusLinks.size());
  }

  /** Also tells {@code listener} the partner link's UP/DOWN (on the link's callback thread); call before start. */
  public void addPartnerLinkListener(PartnerLinkListener listener) {
    partnerListeners.add(listener);
  }

  /** The partner link's client while it has a session at the partner (role PARTNER), for history reads. */
  public Optional<OpcUaClient> partnerClient() {
    return partnerLink.flatMap(PartnerLink::client);
  }

  private static void raise(SystemMessages messages, RedundancyEvent e) {
    Optional<SystemMessage> message = SystemMessage.byNumber(e.messageNumber());
    if (message.isEmpty()) { // information without a system message number
      LoggerFactory.getLogger(SystemMessages.LOGGER_NAME).info("{} (epoch {}): {}", e.kind(), e.epoch(), e.detail());
      return;
    }
    messages.raise(message.get(), e.detail());
  }

  /** {@code @RM_MASTER} written by an engineer: answered at once, the switch queued to the role machine. */
  private StatusCode onMasterWrite(boolean wantMaster, Session session) {
    RedundancyManager m = manager;
    if (m == null) {
      return new StatusCode(StatusCodes.Bad_InvalidState);
    }
    SwitchResult result = m.requestMaster(wantMaster);
    LOG.info("@RM_MASTER := {} by {}: {} ({})", wantMaster ? 1 : 0, LogText.of(session.getClientUserId()),
        result.accepted() ? "accepted" : "refused", result.reason());
    return result.accepted() ? StatusCode.GOOD : new StatusCode(StatusCodes.Bad_InvalidState);
  }

  /**
   * {@code @RM_MAINTENANCE} written by an engineer: ServiceLevel 0 while on, so clients move to
   * the partner before a planned stop; refused without a pair (no partner to move to) or before
   * redundancy runs.
   */
  private StatusCode onMaintenanceWrite(boolean on, Session session) {
    RedundancyManager m = manager;
    if (m == null || pair.isEmpty()) {
      return new StatusCode(StatusCodes.Bad_InvalidState);
    }
    m.setMaintenance(on);
    tags.showMaintenance(on);
    LOG.info("@RM_MAINTENANCE := {} by {}", on ? 1 : 0, LogText.of(session.getClientUserId()));
    return StatusCode.GOOD;
  }

  /** The {@code @} system tags, for what other parts of the station show there (sync state); null before install. */
  public SystemTags systemTags() {
    return tags;
  }

  /** The comparison of the partner's clock with ours; empty without a pair or before start. */
  public Optional<PartnerClockCheck> partnerClock() {
    return partnerClock;
  }

  /** The terminal-bus link to the partner (for online sync); empty without a pair or before start. */
  public Optional<PartnerLink> partnerLink() {
    return partnerLink;
  }

  /** The status links (second LAN, serial), for their state and counters; empty without a pair or before start. */
  public List<StatusLink> statusLinks() {
    return statusLinks;
  }

  /** True while an engineer has announced planned maintenance ({@code @RM_MAINTENANCE}). */
  public boolean maintenance() {
    RedundancyManager m = manager;
    return m != null && m.maintenance();
  }

  /** The partner station's name; empty without a pair. */
  public Optional<String> partnerName() {
    return pair.map(rc -> rc.partner().name());
  }

  public RoleMachine machine() {
    return manager.machine();
  }

  /**
   * A planned shutdown: stop deciding, then tell clients ServiceLevel 0 (Maintenance) with an
   * estimated return time, and give their subscriptions one publishing cycle to see it
   * (Part 4 §6.6.2.4.2: clients move away from a server in Maintenance).
   */
  @Override
  public void close() {
    RedundancyManager m = manager;
    if (m != null && nodes.isPresent()) {
      try {
        m.close();
        nodes.get().setEstimatedReturnTime(new DateTime(Instant.now().plusSeconds(PLANNED_RETURN_SECONDS)));
        nodes.get().setServiceLevel(ServiceLevels.MAINTENANCE);
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
