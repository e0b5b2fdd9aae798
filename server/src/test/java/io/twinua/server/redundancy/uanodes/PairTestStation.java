package io.twinua.server.redundancy.uanodes;

import io.twinua.server.plant.SampledNamespace;
import static java.util.concurrent.TimeUnit.SECONDS;

import io.twinua.server.redundancy.StationRedundancy;
import io.twinua.server.security.CertificateIssuer;
import io.twinua.server.security.PartnerCertificate;
import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.ProjectCa;
import io.twinua.server.security.StationEndpoints;
import io.twinua.server.security.StationIdentityValidator;
import io.twinua.server.security.StationPki;
import io.twinua.server.security.StationRoleMapper;
import io.twinua.server.security.UserDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A real station for these tests: the security package's PKI, endpoints, identity validator and
 * role mapper, a stand-in plant namespace (a SampledNamespace like the real one),
 * and the redundancy nodes, pair discovery and system tags of this package: installed one by one, so
 * the tests of each class drive it directly and see its handler calls, or through the product's
 * entry point {@link StationRedundancy} (see {@link #startThroughEntryPoint}).
 */
final class PairTestStation implements AutoCloseable {

  static final String PATH = "/twinua";
  static final String PLANT_URI = "urn:twinua:plant";

  /** The plant namespace as far as the system tags need it. */
  static final class PlantStandIn extends SampledNamespace {

    PlantStandIn(OpcUaServer server, String namespaceUri) {
      super(server, namespaceUri);
    }

    /** Like the real plant's process variables: test variables named {@code Process.*}. */
    @Override
    protected boolean reportsEveryChange(org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode variable) {
      return String.valueOf(variable.getNodeId().getIdentifier()).startsWith("Process.");
    }
  }

  final String name;
  final String applicationUri;
  final StationPki pki;
  final OpcUaServer server;
  final PlantStandIn plant;
  final String endpointUrl;
  final ServerRedundancyNodes redundancy;
  final PairDiscovery discovery;
  final SystemTags tags;

  private final AutoCloseable installed;

  private PairTestStation(
      String name,
      String applicationUri,
      StationPki pki,
      OpcUaServer server,
      PlantStandIn plant,
      String endpointUrl,
      Nodes nodes) {
    this.name = name;
    this.applicationUri = applicationUri;
    this.pki = pki;
    this.server = server;
    this.plant = plant;
    this.endpointUrl = endpointUrl;
    this.redundancy = nodes.redundancy();
    this.discovery = nodes.discovery();
    this.tags = nodes.tags();
    this.installed = nodes.stop();
  }

  /** A station whose {@code @RM_MAINTENANCE} refuses every write (Bad_NotSupported). */
  static PairTestStation start(Path dir, ProjectCa ca, String name, List<String> serverUris, UserDirectory users,
      X509Certificate partner, List<String> userArchives, MasterSwitchHandler masterSwitch) throws Exception {
    return start(dir, ca, name, serverUris, users, partner, userArchives, masterSwitch,
        (on, session) -> new org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode(
            org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_NotSupported));
  }

  /**
   * @param serverUris both stations' URIs, same order on both
   * @param partner the partner station's certificate, pinned for its X.509 login
   */
  static PairTestStation start(
      Path dir,
      ProjectCa ca,
      String name,
      List<String> serverUris,
      UserDirectory users,
      X509Certificate partner,
      List<String> userArchives,
      MasterSwitchHandler masterSwitch,
      MaintenanceHandler maintenance)
      throws Exception {
    return start(dir, ca, name, users, partner, (server, plant) -> {
      SystemTags tags = new SystemTags(plant.getNodeContext(), plant.getNodeManager(),
          plant.getNamespaceIndex().intValue(), name, userArchives, masterSwitch, maintenance);
      tags.install();
      return new Nodes(ServerRedundancyNodes.install(server, serverUris), PairDiscovery.install(server), tags);
    });
  }

  /**
   * A station whose nodes come from the product's entry point, {@link StationRedundancy#install}, from
   * {@code config} (its name must be {@code name}); {@link #redundancy}, {@link #discovery} and
   * {@link #tags} are null, clients see the nodes. Closing the station closes {@code redundancy}.
   */
  static PairTestStation startThroughEntryPoint(Path dir, ProjectCa ca, String name, UserDirectory users,
      X509Certificate partner, StationRedundancy redundancy, List<String> userArchives) throws Exception {
    return start(dir, ca, name, users, partner, (server, plant) -> {
      redundancy.install(server, plant, userArchives);
      return new Nodes(null, null, null, redundancy);
    });
  }

  /** What the installer put on the server, as far as the tests call it directly. */
  private record Nodes(ServerRedundancyNodes redundancy, PairDiscovery discovery, SystemTags tags, AutoCloseable stop) {
    Nodes(ServerRedundancyNodes redundancy, PairDiscovery discovery, SystemTags tags) {
      this(redundancy, discovery, tags, () -> { });
    }
  }

  private interface Installer {
    Nodes install(OpcUaServer server, PlantStandIn plant) throws Exception;
  }

  private static PairTestStation start(
      Path dir, ProjectCa ca, String name, UserDirectory users, X509Certificate partner, Installer installer)
      throws Exception {
    String applicationUri = "urn:twinua:station:" + name;
    Path pkiDir = dir.resolve(name).resolve("pki");
    PkiAdmin.installStationCertificate(
        ca, pkiDir, applicationUri, List.of("127.0.0.1"), CertificateIssuer.DEFAULT_APPLICATION_VALIDITY);
    StationPki pki = StationPki.open(pkiDir, applicationUri, List.of("127.0.0.1"));
    OpcUaServer server = null;
    try {
      int port = freePort();
      Set<EndpointConfig> endpoints =
          StationEndpoints.create(
              new StationEndpoints.Settings("127.0.0.1", "127.0.0.1", port, PATH, pki::certificate, false, true));
      OpcUaServerConfigBuilder builder =
          OpcUaServerConfig.builder()
              .setApplicationName(LocalizedText.english("TwinUA " + name))
              .setProductUri("urn:twinua:product")
              .setEndpoints(endpoints)
              .setIdentityValidator(
                  new StationIdentityValidator(users, true, Optional.of(PartnerCertificate.of(partner))))
              .setRoleMapper(new StationRoleMapper());
      pki.configureServer(builder);
      server =
          new OpcUaServer(
              builder.build(),
              profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
      PlantStandIn plant = new PlantStandIn(server, PLANT_URI);
      plant.startup();
      Nodes nodes = installer.install(server, plant);
      server.startup().get(10, SECONDS);
      if (server.getBoundEndpoints().size() != endpoints.size()) {
        throw new IllegalStateException("not all endpoints bound: " + server.getBoundEndpoints());
      }
      return new PairTestStation(
          name, applicationUri, pki, server, plant, "opc.tcp://127.0.0.1:" + port + PATH, nodes);
    } catch (Exception | Error e) {
      if (server != null) {
        server.shutdown().get(10, SECONDS);
      }
      pki.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      installed.close();
      plant.shutdown();
      server.shutdown().get(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping station " + name, e);
    } finally {
      pki.close();
    }
  }

  /** An OS-chosen free port (Milo publishes the configured port in its endpoint URLs). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
