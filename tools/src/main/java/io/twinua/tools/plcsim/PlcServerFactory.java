package io.twinua.tools.plcsim;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * Builds the Milo server of one AS: a single opc.tcp endpoint with SecurityPolicy None and
 * anonymous access (a PLC stand-in on loopback), so no certificate is needed; the certificate
 * manager is empty. Threads come from the simulator, not Milo's JVM-wide pools.
 */
final class PlcServerFactory {

  private PlcServerFactory() {}

  static String hostname(String bindAddress) {
    return "0.0.0.0".equals(bindAddress) ? HostnameUtil.getHostname() : bindAddress;
  }

  static String endpointUrl(String bindAddress, int port) {
    return "opc.tcp://" + hostname(bindAddress) + ":" + port;
  }

  static OpcUaServer create(String asName, String bindAddress, int port, SimExecutors executors) {
    EndpointConfig endpoint =
        EndpointConfig.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress(bindAddress)
            .setBindPort(port)
            .setHostname(hostname(bindAddress))
            .setPath("")
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS)
            .build();

    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            // must differ from the AS namespace URI, else both would share namespace index 1
            .setApplicationUri("urn:twinua:plcsim:" + asName + ":application")
            .setApplicationName(LocalizedText.english("TwinUA PLC simulator " + asName))
            .setProductUri("urn:twinua:plcsim")
            .setBuildInfo(
                new BuildInfo(
                    "urn:twinua:plcsim", "TwinUA", "TwinUA PLC simulator",
                    OpcUaServer.SDK_VERSION, "", DateTime.now()))
            .setEndpoints(Set.of(endpoint))
            .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
            .setCertificateManager(new DefaultCertificateManager(new MemoryCertificateQuarantine()))
            .setExecutor(executors.milo)
            .setScheduledExecutor(executors.miloScheduled)
            .build();

    return new OpcUaServer(
        config,
        profile ->
            new OpcTcpServerTransport(
                OpcTcpServerTransportConfig.newBuilder()
                    .setExecutor(executors.milo)
                    .setEventLoop(executors.eventLoop)
                    .build()));
  }
}
