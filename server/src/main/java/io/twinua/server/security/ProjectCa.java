package io.twinua.server.security;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project CA: one per project, kept off the stations (only its certificate is copied to
 * them). Its directory holds {@code ca.cert.pem} and {@code ca.key.pem} (owner-only). Every
 * station and client certificate it issues is trusted by every station of the project.
 */
public final class ProjectCa {

  public static final String CERTIFICATE_FILE = "ca.cert.pem";
  public static final String PRIVATE_KEY_FILE = "ca.key.pem";
  /** Certificates revoked by this CA (PEM); absent until the first revocation. */
  public static final String CRL_FILE = "ca.crl.pem";
  public static final String DEFAULT_NAME = "TwinUA Project CA";

  private static final Logger LOG = LoggerFactory.getLogger(ProjectCa.class);

  private final Path dir;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;

  private ProjectCa(Path dir, X509Certificate certificate, PrivateKey privateKey) {
    this.dir = dir;
    this.certificate = certificate;
    this.privateKey = privateKey;
  }

  /**
   * Creates a new CA key and self-signed certificate in {@code dir}.
   *
   * @throws SecurityConfigException if a CA already exists there (never overwritten) or the files
   *     cannot be written
   */
  public static ProjectCa create(Path dir, String name, Duration validity)
      throws SecurityConfigException {
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    Path keyFile = dir.resolve(PRIVATE_KEY_FILE);
    if (Files.exists(certificateFile) || Files.exists(keyFile)) {
      throw new SecurityConfigException(
          dir + ": a project CA already exists (" + CERTIFICATE_FILE + " or " + PRIVATE_KEY_FILE
              + "); refusing to overwrite it");
    }
    if (name == null || name.isBlank()) {
      throw new SecurityConfigException(dir + ": CA name must not be empty");
    }
    try {
      KeyPair keyPair = CertificateIssuer.newRsaKeyPair();
      X509Certificate certificate = CertificateIssuer.caCertificate(keyPair, name, validity);
      OwnerOnlyFiles.createDirectory(dir);
      PemFiles.writePrivateKey(keyFile, keyPair.getPrivate());
      Files.writeString(
          certificateFile, PemFiles.toPem(List.of(certificate)), StandardCharsets.US_ASCII);
      LOG.info(
          "created project CA '{}' in {} (sha256 {})", name, dir, Thumbprints.sha256(certificate));
      return new ProjectCa(dir, certificate, keyPair.getPrivate());
    } catch (IOException | GeneralSecurityException e) {
      throw new SecurityConfigException(dir + ": cannot create project CA: " + e.getMessage(), e);
    }
  }

  public static ProjectCa create(Path dir, String name) throws SecurityConfigException {
    return create(dir, name, CertificateIssuer.DEFAULT_CA_VALIDITY);
  }

  /** Loads an existing CA, checking that the key belongs to the certificate and it is a CA. */
  public static ProjectCa load(Path dir) throws SecurityConfigException {
    Path certificateFile = dir.resolve(CERTIFICATE_FILE);
    Path keyFile = dir.resolve(PRIVATE_KEY_FILE);
    for (Path file : List.of(certificateFile, keyFile)) {
      if (!Files.isRegularFile(file)) {
        throw new SecurityConfigException(
            file + ": missing; create the CA with 'twinua certs ca --dir " + dir + "'");
      }
    }
    X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
    if (certificate.getBasicConstraints() < 0) {
      throw new SecurityConfigException(certificateFile + ": not a CA certificate");
    }
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (!PemFiles.keysMatch(key, certificate.getPublicKey())) {
      throw new SecurityConfigException(
          keyFile + ": does not belong to the CA certificate " + certificateFile);
    }
    return new ProjectCa(dir, certificate, key);
  }

  /**
   * Issues an application instance certificate with a new RSA key pair.
   *
   * @param applicationUri goes into the SAN URI; must equal the application's configured URI
   * @param hostnames DNS names and IP addresses for SAN entries (may be empty for clients)
   */
  public IssuedCertificate issue(String applicationUri, List<String> hostnames, Duration validity)
      throws SecurityConfigException {
    requireApplicationUri(applicationUri);
    try {
      KeyPair keyPair = CertificateIssuer.newRsaKeyPair();
      X509Certificate leaf =
          CertificateIssuer.applicationCertificate(
              certificate,
              privateKey,
              keyPair.getPublic(),
              CertificateIssuer.commonNameFor(applicationUri),
              applicationUri,
              List.copyOf(hostnames),
              validity);
      return new IssuedCertificate(keyPair.getPrivate(), List.of(leaf, certificate));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SecurityConfigException(
          "cannot issue certificate for " + applicationUri + ": " + e.getMessage(), e);
    }
  }

  public IssuedCertificate issue(String applicationUri, List<String> hostnames)
      throws SecurityConfigException {
    return issue(applicationUri, hostnames, CertificateIssuer.DEFAULT_APPLICATION_VALIDITY);
  }

  /**
   * Revokes a certificate this CA issued: writes a new {@link #CRL_FILE} that lists it (and all
   * earlier revocations). Copy the CRL to the stations with {@link PkiAdmin#installCrl}.
   */
  public X509CRL revoke(X509Certificate issued) throws SecurityConfigException {
    try {
      issued.verify(certificate.getPublicKey());
    } catch (Exception e) {
      throw new SecurityConfigException(
          "certificate '" + issued.getSubjectX500Principal().getName() + "' was not issued by the CA in " + dir);
    }
    if (issued.equals(certificate)) {
      throw new SecurityConfigException(dir + ": the CA cannot revoke itself; create a new CA");
    }
    try {
      X509CRL crl = CertificateIssuer.crl(certificate, privateKey, crl(), issued.getSerialNumber());
      Path file = dir.resolve(CRL_FILE);
      Path tmp = dir.resolve("." + CRL_FILE + ".tmp");
      Files.writeString(tmp, PemFiles.toPem(crl), StandardCharsets.US_ASCII);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      LOG.info(
          "revoked '{}' (serial {}); CRL {} now lists {} certificate(s)",
          issued.getSubjectX500Principal().getName(),
          issued.getSerialNumber().toString(16),
          file,
          crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size());
      return crl;
    } catch (IOException | GeneralSecurityException e) {
      throw new SecurityConfigException(dir + ": cannot write CRL: " + e.getMessage(), e);
    }
  }

  /** The CA's current CRL, if anything was ever revoked. */
  public Optional<X509CRL> crl() throws SecurityConfigException {
    Path file = dir.resolve(CRL_FILE);
    return Files.exists(file) ? Optional.of(PemFiles.readCrl(file)) : Optional.empty();
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public Path dir() {
    return dir;
  }

  /** The CA certificate as PEM text. */
  public String certificatePem() {
    try {
      return PemFiles.toPem(List.of(certificate));
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  static void requireApplicationUri(String applicationUri) throws SecurityConfigException {
    if (applicationUri == null || applicationUri.isBlank()) {
      throw new SecurityConfigException("application URI must not be empty");
    }
    try {
      URI uri = new URI(applicationUri);
      if (uri.getScheme() == null) {
        throw new SecurityConfigException(
            "application URI '" + applicationUri + "' has no scheme (e.g. urn:twinua:station:A)");
      }
    } catch (URISyntaxException e) {
      throw new SecurityConfigException(
          "application URI '" + applicationUri + "' is not a valid URI: " + e.getMessage());
    }
  }
}
