package io.twinua.tools.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.security.PkiAdmin;
import io.twinua.server.security.PkiLayout;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The bench's HMI: an application certificate of its own that the station is told to trust before
 * it starts, and user logins over Basic256Sha256/SignAndEncrypt that trust only the station's own
 * certificate (no trust-all).
 */
final class BenchHmi {

  static final SecurityPolicy POLICY = SecurityPolicy.Basic256Sha256;
  static final MessageSecurityMode MODE = MessageSecurityMode.SignAndEncrypt;
  private static final String APPLICATION_URI = "urn:twinua:bench:hmi";

  private final X509Certificate certificate;
  private final KeyPair keys;

  private BenchHmi(X509Certificate certificate, KeyPair keys) {
    this.certificate = certificate;
    this.keys = keys;
  }

  static BenchHmi create() throws Exception {
    KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate certificate = new SelfSignedCertificateBuilder(keys)
        .setCommonName("TwinUA bench HMI")
        .setApplicationUri(APPLICATION_URI)
        .addDnsName("localhost")
        .build();
    return new BenchHmi(certificate, keys);
  }

  /** Puts this HMI's certificate into the station's trust list (before the station starts). */
  void trustIn(Path stationPki) throws Exception {
    PkiAdmin.trust(stationPki, certificate);
  }

  /** Logs in as {@code user}; the station's certificate is read from its PKI directory. */
  OpcUaClient login(String endpointUrl, Path stationPki, String user, char[] password) throws Exception {
    List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(endpointUrl).get(30, TimeUnit.SECONDS);
    EndpointDescription endpoint = endpoints.stream()
        .filter(e -> POLICY.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == MODE)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(endpointUrl + " offers no " + POLICY + "/" + MODE + " endpoint"));
    var trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(PkiAdmin.readCertificate(new PkiLayout(stationPki).ownCertificateFile()));
    OpcUaClient client = OpcUaClient.create(OpcUaClientConfig.builder()
        .setEndpoint(endpoint)
        .setApplicationName(LocalizedText.english("TwinUA bench HMI"))
        .setApplicationUri(APPLICATION_URI)
        .setCertificate(certificate)
        .setCertificateChain(new X509Certificate[] {certificate})
        .setKeyPair(keys)
        .setIdentityProvider(new UsernameProvider(user, new String(password)))
        .setRequestTimeout(uint(60_000))
        .setCertificateValidator(new DefaultClientCertificateValidator(trust, new MemoryCertificateQuarantine()))
        .build());
    try {
      client.connect();
    } catch (Exception e) {
      client.disconnectAsync();
      throw e;
    }
    return client;
  }
}
