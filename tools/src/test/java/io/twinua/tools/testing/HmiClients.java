package io.twinua.tools.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import io.twinua.server.security.PkiAdmin;

/** Real Milo clients as an HMI uses them: validating the station's certificate, never trust-all. */
public final class HmiClients {

  private HmiClients() {}

  /** The station certificate a station created in its data directory. */
  public static X509Certificate stationCertificate(Path stationDataDir) throws Exception {
    return PkiAdmin.readCertificate(stationDataDir.resolve("pki").resolve("own").resolve("certs").resolve("application.pem"));
  }

  public static OpcUaClient connect(String endpointUrl, X509Certificate trustedServer, SecurityPolicy policy,
      MessageSecurityMode mode, IdentityProvider identity, X509Certificate certificate, KeyPair keys) throws Exception {
    return connect(endpointUrl, trustedServer, policy, mode, identity, certificate, keys, config -> {});
  }

  /** As above, with {@code tune} changing the client's settings last (e.g. a short session timeout). */
  public static OpcUaClient connect(String endpointUrl, X509Certificate trustedServer, SecurityPolicy policy,
      MessageSecurityMode mode, IdentityProvider identity, X509Certificate certificate, KeyPair keys,
      java.util.function.Consumer<org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder> tune) throws Exception {
    List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(endpointUrl).get(10, SECONDS);
    EndpointDescription advertised = endpoints.stream()
        .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()) && e.getSecurityMode() == mode)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no endpoint " + policy + "/" + mode));
    // connect where we were told to (e.g. through a test's cable proxy), not where the server says
    EndpointDescription endpoint = EndpointUtil.updateUrl(advertised,
        EndpointUtil.getHost(endpointUrl), EndpointUtil.getPort(endpointUrl));
    var trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(trustedServer);
    var config = OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setApplicationName(LocalizedText.english("TwinUA test HMI"))
        .setApplicationUri(TestProject.HMI_URI)
        .setCertificate(certificate)
        .setCertificateChain(new X509Certificate[] {certificate})
        .setKeyPair(keys)
        .setIdentityProvider(identity)
        .setRequestTimeout(uint(10_000))
        .setCertificateValidator(new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine()));
    tune.accept(config);
    OpcUaClient client = OpcUaClient.create(config.build());
    try {
      client.connect();
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
    return client;
  }
}
