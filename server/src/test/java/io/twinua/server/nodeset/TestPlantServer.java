package io.twinua.server.nodeset;

import io.twinua.server.plant.SampledNamespace;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A minimal real Milo server for tests: one None/anonymous endpoint on 127.0.0.1 and a namespace
 * that installs a NodeSet model in its startup task.
 */
final class TestPlantServer implements AutoCloseable {

  /** A namespace whose nodes all come from a NodeSet. */
  static final class PlantNamespace extends SampledNamespace {
    private volatile InstalledNodeSet installed;

    PlantNamespace(OpcUaServer server, NodeSetModel model) {
      super(server, model.namespaceUris().get(model.primaryNamespaceIndex()));
      getLifecycleManager()
          .addStartupTask(
              () -> {
                try {
                  installed = NodeSetInstaller.install(model, getNodeContext(), getNodeManager());
                } catch (NodeSetException e) {
                  throw new IllegalStateException(e.getMessage(), e);
                }
              });
    }

    InstalledNodeSet installed() {
      return installed;
    }
  }

  private final OpcUaServer server;
  private final PlantNamespace namespace;
  private final String endpointUrl;

  private TestPlantServer(OpcUaServer server, PlantNamespace namespace, String endpointUrl) {
    this.server = server;
    this.namespace = namespace;
    this.endpointUrl = endpointUrl;
  }

  static TestPlantServer start(NodeSetModel model) throws Exception {
    int port = freePort();
    EndpointConfig endpoint =
        EndpointConfig.newBuilder()
            .setBindAddress("127.0.0.1")
            .setHostname("127.0.0.1")
            .setBindPort(port)
            .setPath("/twinua")
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS)
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .build();
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri("urn:twinua:test:nodeset")
            .setProductUri("urn:twinua:test")
            .setApplicationName(LocalizedText.english("TwinUA NodeSet test"))
            .setEndpoints(Set.of(endpoint))
            .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
            .build();
    OpcUaServer server =
        new OpcUaServer(
            config,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    PlantNamespace namespace = new PlantNamespace(server, model);
    namespace.startup();
    server.startup().get(10, TimeUnit.SECONDS);
    return new TestPlantServer(server, namespace, endpoint.getEndpointUrl());
  }

  /** An OS-chosen free port (Milo needs the real port in its endpoint URLs, so 0 cannot be bound directly). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  OpcUaServer server() {
    return server;
  }

  PlantNamespace namespace() {
    return namespace;
  }

  InstalledNodeSet installed() {
    return namespace.installed();
  }

  String endpointUrl() {
    return endpointUrl;
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    namespace.shutdown();
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test server", e);
    }
  }
}
