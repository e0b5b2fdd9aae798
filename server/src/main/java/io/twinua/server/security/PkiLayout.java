package io.twinua.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The folders of a station's PKI directory. The trust-list part is exactly what Milo 1.1.2's
 * {@code FileBasedTrustListManager.createAndInitialize(pkiDir)} uses ({@code issuer/} singular, as
 * in OPC UA Part 12 Annex F); {@code own/} holds the station's application instance certificate.
 *
 * <pre>
 * pki/
 *   own/certs/application.pem        certificate, then its issuer chain (PEM)
 *   own/private/application.key.pem  PKCS#8 PEM private key, mode 600 (folder 700)
 *   trusted/certs/  trusted/crl/     trusted applications and CAs (DER or PEM), their CRLs
 *   issuer/certs/   issuer/crl/      CAs used only to build chains (not trusted by themselves)
 *   rejected/certs/                  certificates this station refused (copy to trusted to accept)
 * </pre>
 */
public record PkiLayout(Path root) {

  public static final String OWN_CERTIFICATE = "application.pem";
  public static final String OWN_PRIVATE_KEY = "application.key.pem";

  public PkiLayout {
    Objects.requireNonNull(root, "root");
    root = root.toAbsolutePath().normalize();
  }

  public Path ownCertsDir() {
    return root.resolve("own").resolve("certs");
  }

  public Path ownPrivateDir() {
    return root.resolve("own").resolve("private");
  }

  public Path ownCertificateFile() {
    return ownCertsDir().resolve(OWN_CERTIFICATE);
  }

  public Path ownPrivateKeyFile() {
    return ownPrivateDir().resolve(OWN_PRIVATE_KEY);
  }

  public Path trustedCertsDir() {
    return root.resolve("trusted").resolve("certs");
  }

  public Path trustedCrlDir() {
    return root.resolve("trusted").resolve("crl");
  }

  public Path issuerCertsDir() {
    return root.resolve("issuer").resolve("certs");
  }

  public Path issuerCrlDir() {
    return root.resolve("issuer").resolve("crl");
  }

  public Path rejectedCertsDir() {
    return root.resolve("rejected").resolve("certs");
  }

  /** True if either file of the station's own certificate exists. */
  public boolean hasOwnCertificate() {
    return Files.exists(ownCertificateFile()) || Files.exists(ownPrivateKeyFile());
  }

  /** Creates every folder; {@code own/private} is restricted to the owner. */
  public PkiLayout createDirectories() throws IOException {
    Files.createDirectories(ownCertsDir());
    OwnerOnlyFiles.createDirectory(ownPrivateDir());
    Files.createDirectories(trustedCertsDir());
    Files.createDirectories(trustedCrlDir());
    Files.createDirectories(issuerCertsDir());
    Files.createDirectories(issuerCrlDir());
    Files.createDirectories(rejectedCertsDir());
    return this;
  }
}
