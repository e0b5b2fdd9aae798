package io.twinua.tools.station;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import io.twinua.tools.plcsim.FreePorts;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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

/** A plain Milo server with nothing to do (None/anonymous on loopback): a yardstick for timing tests. */
final class IdleServer implements AutoCloseable {

  private final OpcUaServer server;
  private final String endpointUrl;

  private IdleServer(OpcUaServer server, String endpointUrl) {
    this.server = server;
    this.endpointUrl = endpointUrl;
  }

  static IdleServer start() throws Exception {
    EndpointConfig endpoint = EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1").setHostname("127.0.0.1").setBindPort(FreePorts.next()).setPath("/idle")
        .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .build();
    OpcUaServer server = new OpcUaServer(OpcUaServerConfig.builder()
        .setApplicationUri("urn:twinua:test:idle").setProductUri("urn:twinua:test")
        .setApplicationName(LocalizedText.english("TwinUA idle test server"))
        .setEndpoints(Set.of(endpoint))
        .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
        .build(), profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    server.startup().get(10, TimeUnit.SECONDS);
    return new IdleServer(server, endpoint.getEndpointUrl());
  }

  String endpointUrl() {
    return endpointUrl;
  }

  @Override
  public void close() throws Exception {
    server.shutdown().get(10, TimeUnit.SECONDS);
  }
}
