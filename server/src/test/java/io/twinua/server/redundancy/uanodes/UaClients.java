package io.twinua.server.redundancy.uanodes;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.security.IssuedCertificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;

/** Real Milo clients on the SignAndEncrypt endpoint, validating the station's certificate. */
final class UaClients {

  /** A client application: its URI and project-CA certificate. */
  record App(String applicationUri, IssuedCertificate certificate) {
    /** The X.509 login with this application's own certificate (the partner's login). */
    IdentityProvider certificateLogin() {
      return new X509IdentityProvider(certificate.certificate(), certificate.privateKey());
    }
  }

  private UaClients() {}

  static OpcUaClient connect(String endpointUrl, App app, IdentityProvider identity, X509Certificate trustedCa)
      throws Exception {
    List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(endpointUrl).get(10, SECONDS);
    EndpointDescription endpoint =
        endpoints.stream()
            .filter(e -> e.getSecurityPolicyUri().equals(SecurityPolicy.Aes128_Sha256_RsaOaep.getUri()))
            .filter(e -> e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no SignAndEncrypt endpoint in " + endpoints));
    var trustList = new MemoryTrustListManager();
    trustList.addTrustedCertificate(trustedCa);
    OpcUaClientConfig config =
        OpcUaClientConfig.builder()
            .setEndpoint(endpoint)
            .setApplicationName(LocalizedText.english("TwinUA uanodes test client"))
            .setApplicationUri(app.applicationUri())
            .setIdentityProvider(identity)
            .setRequestTimeout(uint(5000))
            .setCertificate(app.certificate().certificate())
            .setCertificateChain(app.certificate().chainArray())
            .setKeyPair(app.certificate().keyPair())
            .setCertificateValidator(
                new DefaultClientCertificateValidator(trustList, new MemoryCertificateQuarantine()))
            .build();
    OpcUaClient client = OpcUaClient.create(config);
    try {
      client.connect();
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
    return client;
  }

}
