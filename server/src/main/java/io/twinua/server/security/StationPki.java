package io.twinua.server.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigBuilder;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateManager;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One station's PKI: its application instance certificate and key ({@code own/}), the trust
 * lists ({@code trusted/}, {@code issuer/}, watched for changes by Milo) and the rejected list
 * ({@code rejected/certs}). See {@link PkiLayout} for the folders.
 *
 * <p>On first open a self-signed certificate is created (RSA 2048, SHA256withRSA, SAN URI =
 * applicationUri, DNS/IP SANs = hostnames). A certificate already in {@code own/} (e.g. issued by
 * the project CA with {@code twinua certs station}) is loaded and must carry the configured
 * applicationUri.
 *
 * <p>Closing stops the trust-list watcher thread.
 */
public final class StationPki implements AutoCloseable {

  /**
   * Checks applied to client certificates by the server: validity, KeyUsage, ExtendedKeyUsage and
   * application URI stay on. Revocation: every CRL in trusted/crl and issuer/crl is enforced by
   * TwinUA itself (see {@link CrlEnforcingValidator}); a CA without a CRL is still usable.
   */
  public static final Set<ValidationCheck> SERVER_CHECKS =
      Set.copyOf(
          EnumSet.of(
              ValidationCheck.VALIDITY,
              ValidationCheck.KEY_USAGE_END_ENTITY,
              ValidationCheck.EXTENDED_KEY_USAGE_END_ENTITY,
              ValidationCheck.APPLICATION_URI));

  /** Checks applied by the station's own clients (to its partner): the above plus hostname. */
  public static final Set<ValidationCheck> CLIENT_CHECKS =
      Set.copyOf(
          EnumSet.of(
              ValidationCheck.HOSTNAME,
              ValidationCheck.VALIDITY,
              ValidationCheck.KEY_USAGE_END_ENTITY,
              ValidationCheck.EXTENDED_KEY_USAGE_END_ENTITY,
              ValidationCheck.APPLICATION_URI));

  private static final Duration EXPIRY_WARNING = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(StationPki.class);

  private final PkiLayout layout;
  private final String applicationUri;
  private final PemCertificateStore store;
  private final FileBasedTrustListManager trustListManager;
  private final CertificateQuarantine quarantine;
  private final CertificateValidator serverValidator;
  private final CertificateValidator clientValidator;
  private final CertificateManager certificateManager;

  private StationPki(
      PkiLayout layout,
      String applicationUri,
      PemCertificateStore store,
      FileBasedTrustListManager trustListManager,
      CertificateQuarantine quarantine,
      CertificateValidator serverValidator,
      CertificateValidator clientValidator,
      CertificateManager certificateManager) {
    this.layout = layout;
    this.applicationUri = applicationUri;
    this.store = store;
    this.trustListManager = trustListManager;
    this.quarantine = quarantine;
    this.serverValidator = serverValidator;
    this.clientValidator = clientValidator;
    this.certificateManager = certificateManager;
  }

  /**
   * Opens (and on first use creates) the PKI under {@code pkiDir}.
   *
   * @param applicationUri the station's application URI; must equal the certificate's SAN URI
   * @param hostnames host names / IP addresses clients use to reach the station (SAN entries of a
   *     newly created certificate; only warned about if an existing certificate lacks them)
   * @throws SecurityConfigException naming the file and problem (SAN URI mismatch, key missing or
   *     not matching, unreadable files)
   */
  public static StationPki open(Path pkiDir, String applicationUri, List<String> hostnames)
      throws SecurityConfigException {
    ProjectCa.requireApplicationUri(applicationUri);
    if (hostnames == null || hostnames.isEmpty()) {
      throw new SecurityConfigException(pkiDir + ": at least one host name is needed for the certificate");
    }
    for (String host : hostnames) {
      try {
        HostNames.requireValid(host);
      } catch (IllegalArgumentException e) {
        throw new SecurityConfigException(pkiDir + ": bad host name: " + e.getMessage());
      }
    }
    SecurityProviders.ensureBouncyCastle();

    PkiLayout layout = new PkiLayout(pkiDir);
    FileBasedTrustListManager trustListManager = null;
    try {
      layout.createDirectories();
      trustListManager = FileBasedTrustListManager.createAndInitialize(layout.root());
      CertificateQuarantine quarantine =
          FileBasedCertificateQuarantine.create(layout.rejectedCertsDir());
      CertificateValidator serverValidator =
          new CrlEnforcingValidator(
              new DefaultServerCertificateValidator(trustListManager, SERVER_CHECKS, quarantine),
              trustListManager,
              true);
      CertificateValidator clientValidator =
          new CrlEnforcingValidator(
              new DefaultClientCertificateValidator(trustListManager, CLIENT_CHECKS, quarantine),
              trustListManager,
              false);

      PemCertificateStore store = new PemCertificateStore(layout);
      boolean creating = !layout.hasOwnCertificate();
      DefaultApplicationGroup group =
          DefaultApplicationGroup.createAndInitialize(
              trustListManager,
              store,
              new SelfSignedFactory(applicationUri, List.copyOf(hostnames)),
              serverValidator);

      CertificateStore.Entry entry = store.get(NodeIds.RsaSha256ApplicationCertificateType);
      if (entry == null) {
        throw new SecurityConfigException(layout.ownCertificateFile() + ": no certificate");
      }
      X509Certificate certificate = entry.certificateChain[0];
      checkCertificate(layout, certificate, applicationUri, hostnames);

      var manager = new DefaultCertificateManager(quarantine, group);
      LOG.info(
          "{} station certificate {} (subject '{}', sha1 {}, valid until {}) in {}",
          creating ? "created self-signed" : "loaded",
          applicationUri,
          certificate.getSubjectX500Principal().getName(),
          Thumbprints.sha1(certificate),
          certificate.getNotAfter().toInstant(),
          layout.root());
      return new StationPki(
          layout,
          applicationUri,
          store,
          trustListManager,
          quarantine,
          serverValidator,
          clientValidator,
          manager);
    } catch (SecurityConfigException e) {
      closeQuietly(trustListManager);
      throw e;
    } catch (Exception e) {
      closeQuietly(trustListManager);
      throw new SecurityConfigException(
          layout.root() + ": cannot open station PKI: " + e.getMessage(), e);
    }
  }

  private static void checkCertificate(
      PkiLayout layout, X509Certificate certificate, String applicationUri, List<String> hostnames)
      throws SecurityConfigException {
    Optional<String> sanUri = CertificateUtil.getSanUri(certificate);
    if (sanUri.isEmpty() || !sanUri.get().equals(applicationUri)) {
      throw new SecurityConfigException(
          layout.ownCertificateFile()
              + ": the certificate's application URI (SAN URI) is '"
              + sanUri.orElse("<none>")
              + "' but the station is configured with applicationUri '"
              + applicationUri
              + "'; fix applicationUri or issue a new certificate (twinua certs station)");
    }
    List<String> missing = new ArrayList<>();
    List<String> dns = CertificateUtil.getSanDnsNames(certificate);
    List<String> ips = CertificateUtil.getSanIpAddresses(certificate);
    for (String host : hostnames) {
      if (!dns.stream().anyMatch(host::equalsIgnoreCase) && !ips.contains(host)) {
        missing.add(host);
      }
    }
    if (!missing.isEmpty()) {
      LOG.warn(
          "{}: certificate has no SAN entry for {}; clients checking host names will refuse it",
          layout.ownCertificateFile(),
          missing);
    }
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (notAfter.isBefore(Instant.now())) {
      LOG.error(
          "{}: station certificate EXPIRED on {}; clients will refuse it. Issue a new one.",
          layout.ownCertificateFile(),
          notAfter);
    } else if (notAfter.isBefore(Instant.now().plus(EXPIRY_WARNING))) {
      LOG.warn("{}: station certificate expires on {}", layout.ownCertificateFile(), notAfter);
    }
  }

  public PkiLayout layout() {
    return layout;
  }

  public String applicationUri() {
    return applicationUri;
  }

  /** The station's application instance certificate. */
  public X509Certificate certificate() {
    return certificateChain()[0];
  }

  /** The certificate followed by its issuer chain (length 1 when self-signed). */
  public X509Certificate[] certificateChain() {
    return entry().certificateChain.clone();
  }

  public KeyPair keyPair() {
    CertificateStore.Entry entry = entry();
    return new KeyPair(entry.certificateChain[0].getPublicKey(), entry.privateKey);
  }

  /** For {@code OpcUaServerConfigBuilder.setCertificateManager}. */
  public CertificateManager certificateManager() {
    return certificateManager;
  }

  public TrustListManager trustListManager() {
    return trustListManager;
  }

  /** Rejected certificates, persisted in {@code rejected/certs}. */
  public CertificateQuarantine certificateQuarantine() {
    return quarantine;
  }

  /** Validates clients connecting to this station (used by Milo through the certificate group). */
  public CertificateValidator serverCertificateValidator() {
    return serverValidator;
  }

  /** Validates servers this station connects to as a client (its partner). */
  public CertificateValidator clientCertificateValidator() {
    return clientValidator;
  }

  /** Sets applicationUri and the certificate manager on a server config. */
  public OpcUaServerConfigBuilder configureServer(OpcUaServerConfigBuilder builder) {
    return builder.setApplicationUri(applicationUri).setCertificateManager(certificateManager);
  }

  /**
   * Sets applicationUri, certificate, chain, key pair and the validating (not trust-all)
   * certificate validator on a client config, for the station's own outgoing connections.
   */
  public OpcUaClientConfigBuilder configureClient(OpcUaClientConfigBuilder builder) {
    X509Certificate[] chain = certificateChain();
    return builder
        .setApplicationUri(applicationUri)
        .setCertificate(chain[0])
        .setCertificateChain(chain)
        .setKeyPair(keyPair())
        .setCertificateValidator(clientValidator);
  }

  @Override
  public void close() {
    closeQuietly(trustListManager);
  }

  private CertificateStore.Entry entry() {
    try {
      CertificateStore.Entry entry = store.get(NodeIds.RsaSha256ApplicationCertificateType);
      if (entry == null) {
        throw new IllegalStateException("station certificate removed from " + layout.ownCertsDir());
      }
      return entry;
    } catch (SecurityConfigException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static void closeQuietly(FileBasedTrustListManager trustListManager) {
    if (trustListManager != null) {
      try {
        trustListManager.close();
      } catch (IOException e) {
        LOG.warn("error stopping trust list watcher: {}", e.toString());
      }
    }
  }

  /** Creates the self-signed certificate when {@code own/} is empty. */
  private static final class SelfSignedFactory extends RsaSha256CertificateFactory {
    private final String applicationUri;
    private final List<String> hostnames;

    SelfSignedFactory(String applicationUri, List<String> hostnames) {
      this.applicationUri = applicationUri;
      this.hostnames = hostnames;
    }

    @Override
    protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
      SelfSignedCertificateBuilder builder =
          new SelfSignedCertificateBuilder(keyPair)
              .setCommonName(CertificateIssuer.commonNameFor(applicationUri))
              .setOrganization("TwinUA")
              .setApplicationUri(applicationUri)
              .setSignatureAlgorithm(SelfSignedCertificateBuilder.SA_SHA256_RSA);
      for (String host : hostnames) {
        if (HostNames.isIpAddress(host)) {
          builder.addIpAddress(host);
        } else {
          builder.addDnsName(host);
        }
      }
      return new X509Certificate[] {builder.build()};
    }
  }
}
