package io.twinua.server.redundancy.partner;

import io.twinua.server.plant.SampledNamespace;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.HeartbeatCodec;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.security.PartnerCertificate;
import io.twinua.server.security.StationEndpoints;
import io.twinua.server.security.StationIdentityValidator;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.StationRoleMapper;
import io.twinua.server.security.UserDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A minimal test station of a redundant pair: its own StationPki, the station's endpoints,
 * identity validator (with the partner's certificate pinned) and role mapper, and a plant
 * namespace whose {@code @RM_Heartbeat} variable it updates every 200 ms. It can be stopped and
 * started again on the same port, and its heartbeat can be frozen (a hung station).
 */
final class PairStation implements AutoCloseable {

  static final String PLANT_NAMESPACE = "urn:twinua:test:plant";
  static final String PATH = "/twinua";
  static final long HEARTBEAT_PERIOD_MS = 200;

  final String name;
  final StationPki pki;
  final int port;
  final String endpointUrl;

  private final ScheduledExecutorService heartbeatTimer;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicBoolean frozen = new AtomicBoolean();
  private volatile Optional<PartnerCertificate> partner = Optional.empty();
  private volatile OpcUaServer server;
  private volatile PlantNamespace namespace;

  private PairStation(String name, StationPki pki, int port) {
    this.name = name;
    this.pki = pki;
    this.port = port;
    this.endpointUrl = "opc.tcp://127.0.0.1:" + port + PATH;
    this.heartbeatTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "heartbeat-" + name);
      t.setDaemon(true);
      return t;
    });
    heartbeatTimer.scheduleAtFixedRate(this::beat, 0, HEARTBEAT_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  static String applicationUri(String name) {
    return "urn:twinua:station:" + name;
  }

  /** Opens the station's PKI (not yet serving: {@link #pinPartner} then {@link #start}). */
  static PairStation open(Path pkiDir, String name) throws Exception {
    StationPki pki = StationPki.open(pkiDir, applicationUri(name), List.of("127.0.0.1", "localhost"));
    return new PairStation(name, pki, freePort());
  }

  /** Pins the partner certificate for certificate logins (takes effect on the next start). */
  PairStation pinPartner(PartnerCertificate certificate) {
    this.partner = Optional.of(certificate);
    return this;
  }

  synchronized void start() throws Exception {
    if (server != null) {
      return;
    }
    Set<EndpointConfig> endpoints =
        StationEndpoints.create(
            new StationEndpoints.Settings("127.0.0.1", "127.0.0.1", port, PATH, pki::certificate, false, false));
    OpcUaServerConfigBuilder builder =
        OpcUaServerConfig.builder()
            .setApplicationName(LocalizedText.english("TwinUA partner-link test station " + name))
            .setProductUri("urn:twinua:test")
            .setEndpoints(endpoints)
            .setIdentityValidator(new StationIdentityValidator(UserDirectory.empty(), false, partner))
            .setRoleMapper(new StationRoleMapper());
    pki.configureServer(builder);
    OpcUaServer s =
        new OpcUaServer(
            builder.build(), profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    PlantNamespace ns = new PlantNamespace(s);
    ns.startup();
    s.startup().get(10, SECONDS);
    if (s.getBoundEndpoints().size() != endpoints.size()) {
      s.shutdown().get(10, SECONDS);
      throw new IllegalStateException("not all endpoints bound: " + s.getBoundEndpoints());
    }
    namespace = ns;
    server = s;
    beat();
  }

  /** Stops serving (clients see the socket closed), keeping PKI and port for a restart. */
  synchronized void stop() throws Exception {
    OpcUaServer s = server;
    PlantNamespace ns = namespace;
    server = null;
    namespace = null;
    if (s != null) {
      ns.shutdown();
      s.shutdown().get(10, SECONDS);
    }
  }

  /** The station hangs: the server answers, but the heartbeat value stops changing. */
  void freezeHeartbeat(boolean freeze) {
    frozen.set(freeze);
  }

  /** Sessions on this station's server (empty while stopped). */
  List<Session> sessions() {
    OpcUaServer s = server;
    return s == null ? List.of() : s.getSessionManager().getAllSessions();
  }

  private void beat() {
    PlantNamespace ns = namespace;
    if (ns == null || frozen.get()) {
      return;
    }
    Heartbeat heartbeat =
        new Heartbeat(name, RedundancyRole.MASTER, 1, System.currentTimeMillis(), 0, 2, true, true,
            false, Heartbeat.Request.NONE, "0123456789abcdef", sequence.incrementAndGet(), System.currentTimeMillis());
    ns.heartbeat.setValue(new DataValue(new Variant(ByteString.of(HeartbeatCodec.encode(heartbeat)))));
  }

  @Override
  public void close() throws Exception {
    heartbeatTimer.shutdownNow();
    try {
      stop();
    } finally {
      pki.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The plant namespace with only the heartbeat variable. */
  private static final class PlantNamespace extends SampledNamespace {
    final UaVariableNode heartbeat;

    PlantNamespace(OpcUaServer server) {
      super(server, PLANT_NAMESPACE);
      heartbeat =
          new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
              .setNodeId(newNodeId(PartnerLink.HEARTBEAT_NODE))
              .setBrowseName(newQualifiedName(PartnerLink.HEARTBEAT_NODE))
              .setDisplayName(LocalizedText.english(PartnerLink.HEARTBEAT_NODE))
              .setDataType(NodeIds.ByteString)
              .setTypeDefinition(NodeIds.BaseDataVariableType)
              .setAccessLevel(AccessLevel.READ_ONLY)
              .setUserAccessLevel(AccessLevel.READ_ONLY)
              .build();
      getLifecycleManager().addStartupTask(() -> getNodeManager().addNode(heartbeat));
    }
  }
}
