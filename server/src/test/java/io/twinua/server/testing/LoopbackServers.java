package io.twinua.server.testing;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;

/** Plain Milo test servers: one None/anonymous endpoint on 127.0.0.1, no PKI. */
public final class LoopbackServers {

  private LoopbackServers() {}

  /** An endpoint on a port the OS just handed out. */
  public static EndpointConfig endpoint(String path) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1").setHostname("127.0.0.1").setBindPort(port).setPath(path)
        .setSecurityPolicy(SecurityPolicy.None).setSecurityMode(MessageSecurityMode.None)
        .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS).setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
        .build();
  }

  /** A config serving only {@code endpoint}; add e.g. an executor before {@code build()}. */
  public static OpcUaServerConfigBuilder config(String applicationUri, String name, EndpointConfig endpoint) {
    return OpcUaServerConfig.builder()
        .setApplicationUri(applicationUri).setProductUri("urn:twinua:test")
        .setApplicationName(LocalizedText.english(name))
        .setEndpoints(Set.of(endpoint))
        .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()));
  }
}
