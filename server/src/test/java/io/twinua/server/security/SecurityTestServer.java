package io.twinua.server.security;

import static java.util.concurrent.TimeUnit.SECONDS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/** A minimal station for tests: StationPki + StationEndpoints + identity and role glue. */
final class SecurityTestServer implements AutoCloseable {

  static final String PATH = "/twinua";

  final StationPki pki;
  final OpcUaServer server;
  final String endpointUrl;

  private final boolean ownsPki;

  private SecurityTestServer(StationPki pki, OpcUaServer server, String endpointUrl, boolean ownsPki) {
    this.pki = pki;
    this.server = server;
    this.endpointUrl = endpointUrl;
    this.ownsPki = ownsPki;
  }

  static SecurityTestServer start(
      Path pkiDir,
      String applicationUri,
      IdentityValidator identityValidator,
      boolean allowNone,
      boolean advertiseAnonymous)
      throws Exception {
    StationPki pki = StationPki.open(pkiDir, applicationUri, List.of("127.0.0.1", "localhost"));
    try {
      return start(pki, identityValidator, allowNone, advertiseAnonymous, true);
    } catch (Exception | Error e) {
      pki.close();
      throw e;
    }
  }

  /** A station on a PKI the caller keeps open (and closes). */
  static SecurityTestServer start(
      StationPki pki, IdentityValidator identityValidator, boolean allowNone, boolean advertiseAnonymous)
      throws Exception {
    return start(pki, identityValidator, allowNone, advertiseAnonymous, false);
  }

  private static SecurityTestServer start(
      StationPki pki,
      IdentityValidator identityValidator,
      boolean allowNone,
      boolean advertiseAnonymous,
      boolean ownsPki)
      throws Exception {
    int port = freePort();
    Set<EndpointConfig> endpoints =
        StationEndpoints.create(
            new StationEndpoints.Settings(
                "127.0.0.1", "127.0.0.1", port, PATH, pki::certificate, allowNone, advertiseAnonymous));
    OpcUaServerConfigBuilder builder =
        OpcUaServerConfig.builder()
            .setApplicationName(LocalizedText.english("TwinUA security test station"))
            .setProductUri("urn:twinua:test")
            .setEndpoints(endpoints)
            .setIdentityValidator(identityValidator)
            .setRoleMapper(new StationRoleMapper());
    pki.configureServer(builder);
    OpcUaServer server =
        new OpcUaServer(
            builder.build(),
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    server.startup().get(10, SECONDS);
    if (server.getBoundEndpoints().size() != endpoints.size()) {
      server.shutdown().get(10, SECONDS);
      throw new IllegalStateException("not all endpoints bound: " + server.getBoundEndpoints());
    }
    return new SecurityTestServer(pki, server, "opc.tcp://127.0.0.1:" + port + PATH, ownsPki);
  }

  /** The server-side session of a connected client. */
  Optional<Session> session(NodeId sessionId) {
    return server.getSessionManager().getAllSessions().stream()
        .filter(s -> s.getSessionId().equals(sessionId))
        .findFirst();
  }

  /** The endpoints as a client discovers them (GetEndpoints over an unsecured channel). */
  List<EndpointDescription> endpoints() throws Exception {
    return DiscoveryClient.getEndpoints(endpointUrl).get(10, SECONDS);
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      server.shutdown().get(10, SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the test station", e);
    } finally {
      if (ownsPki) {
        pki.close();
      }
    }
  }

  /** An OS-chosen free port (Milo publishes the configured port in its endpoint URLs). */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
