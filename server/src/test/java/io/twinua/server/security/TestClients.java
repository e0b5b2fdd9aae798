package io.twinua.server.security;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** Real Milo clients for the tests, with validating (not trust-all) certificate checks. */
final class TestClients {

  /** The client application's own certificate. */
  record ClientApp(String applicationUri, X509Certificate[] chain, KeyPair keyPair) {
    static ClientApp of(String applicationUri, IssuedCertificate issued) {
      return new ClientApp(applicationUri, issued.chainArray(), issued.keyPair());
    }
  }

  private TestClients() {}

  static ClientApp selfSigned(String applicationUri) throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("test client")
            .setOrganization("TwinUA tests")
            .setApplicationUri(applicationUri)
            .addDnsName("localhost")
            .build();
    return new ClientApp(applicationUri, new X509Certificate[] {certificate}, keyPair);
  }

  /**
   * Connects to {@code endpointUrl} on the endpoint with {@code policy}/{@code mode}.
   *
   * @param trusted the server certificate or CA the client trusts
   */
  static OpcUaClient connect(
      String endpointUrl,
      SecurityPolicy policy,
      MessageSecurityMode mode,
      ClientApp app,
      IdentityProvider identity,
      X509Certificate trusted)
      throws Exception {
    List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(endpointUrl).get(10, SECONDS);
    EndpointDescription endpoint =
        endpoints.stream()
            .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()) && e.getSecurityMode() == mode)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no endpoint " + policy + "/" + mode + " in " + endpoints));

    var trustList = new MemoryTrustListManager();
    trustList.addTrustedCertificate(trusted);
    OpcUaClientConfigBuilder builder =
        OpcUaClientConfig.builder()
            .setEndpoint(endpoint)
            .setApplicationName(LocalizedText.english("TwinUA test client"))
            .setApplicationUri(app.applicationUri())
            .setIdentityProvider(identity)
            .setRequestTimeout(uint(5000))
            .setCertificateValidator(
                new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine()));
    if (app.chain() != null) {
      builder
          .setCertificate(app.chain()[0])
          .setCertificateChain(app.chain())
          .setKeyPair(app.keyPair());
    }
    OpcUaClient client = OpcUaClient.create(builder.build());
    try {
      client.connect();
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
    return client;
  }

  /** Proves the session works: reads Server/ServerStatus/State. */
  static DataValue readServerState(OpcUaClient client) throws Exception {
    return client.readValue(0, TimestampsToReturn.Neither, NodeIds.Server_ServerStatus_State);
  }
}
