package io.twinua.server.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File operations on a station's PKI directory that an administrator does while the station is
 * stopped or running (the trust lists are watched by the running station; a new own certificate
 * needs a restart): install a CA-issued certificate, trust a certificate, list the contents.
 */
public final class PkiAdmin {

  private static final Logger LOG = LoggerFactory.getLogger(PkiAdmin.class);

  /** One certificate file found by {@link #list(Path)}. */
  public record Entry(Section section, Path file, X509Certificate certificate) {}

  /** The PKI folders, in listing order. */
  public enum Section {
    OWN,
    TRUSTED,
    ISSUER,
    REJECTED
  }

  /** What {@link #installStationCertificate} did. */
  public record Installed(X509Certificate certificate, Optional<X509Certificate> replaced) {}

  private PkiAdmin() {}

  /**
   * Issues the station's certificate with the project CA, writes it to {@code own/} (replacing a
   * previous one, e.g. the first-start self-signed certificate) and trusts the CA (issuer/certs
   * and trusted/certs), so the station accepts every certificate of this project. The CA's CRL,
   * if it has one, is installed too.
   */
  public static Installed installStationCertificate(
      ProjectCa ca, Path pkiDir, String applicationUri, List<String> hostnames, Duration validity)
      throws SecurityConfigException {
    if (hostnames.isEmpty()) {
      throw new SecurityConfigException("at least one --host is needed for a station certificate");
    }
    PkiLayout layout = new PkiLayout(pkiDir);
    Optional<X509Certificate> previous = Optional.empty();
    if (Files.exists(layout.ownCertificateFile())) {
      try {
        previous = Optional.of(PemFiles.readCertificates(layout.ownCertificateFile()).get(0));
      } catch (SecurityConfigException e) {
        LOG.warn("replacing unreadable {}: {}", layout.ownCertificateFile(), e.getMessage());
      }
    }
    IssuedCertificate issued = ca.issue(applicationUri, hostnames, validity);
    try {
      PemCertificateStore.write(layout, issued.privateKey(), issued.chain());
      writeCertificate(layout, layout.issuerCertsDir(), ca.certificate());
      writeCertificate(layout, layout.trustedCertsDir(), ca.certificate());
    } catch (IOException e) {
      throw new SecurityConfigException(layout.root() + ": cannot install certificate: " + e.getMessage(), e);
    }
    Optional<X509CRL> crl = ca.crl();
    if (crl.isPresent()) {
      installCrl(pkiDir, crl.get());
    }
    return new Installed(issued.certificate(), previous);
  }

  /**
   * Installs a CA's CRL in trusted/crl and issuer/crl, replacing older CRLs of the same CA. The
   * running station picks it up and refuses the revoked certificates from the next connection on.
   */
  public static void installCrl(Path pkiDir, X509CRL crl) throws SecurityConfigException {
    PkiLayout layout = new PkiLayout(pkiDir);
    try {
      layout.createDirectories();
      for (Path dir : List.of(layout.trustedCrlDir(), layout.issuerCrlDir())) {
        removeCrlsOf(dir, crl);
        Path target = dir.resolve(Thumbprints.sha1Hex(crl.getEncoded()) + ".crl");
        Path tmp = Files.createTempFile(layout.root(), ".incoming-", ".crl");
        try {
          Files.write(tmp, crl.getEncoded());
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    } catch (IOException | CRLException e) {
      throw new SecurityConfigException(layout.root() + ": cannot install CRL: " + e.getMessage(), e);
    }
  }

  private static void removeCrlsOf(Path dir, X509CRL crl) throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path file : stream) {
        try {
          X509CRL existing = PemFiles.readCrl(file);
          if (existing.getIssuerX500Principal().equals(crl.getIssuerX500Principal())) {
            Files.deleteIfExists(file);
          }
        } catch (SecurityConfigException e) {
          LOG.debug("ignoring unreadable CRL file {}", file);
        }
      }
    }
  }

  /** The first certificate of a PEM or DER file. */
  public static X509Certificate readCertificate(Path file) throws SecurityConfigException {
    return PemFiles.readCertificates(file).get(0);
  }

  /**
   * Trusts the (first) certificate in {@code certificateFile} (PEM or DER): copies it to
   * trusted/certs as {@code <sha1>.der} and removes it from rejected/certs if it was there.
   */
  public static X509Certificate trust(Path pkiDir, Path certificateFile) throws SecurityConfigException {
    X509Certificate certificate = PemFiles.readCertificates(certificateFile).get(0);
    return trust(pkiDir, certificate);
  }

  public static X509Certificate trust(Path pkiDir, X509Certificate certificate)
      throws SecurityConfigException {
    PkiLayout layout = new PkiLayout(pkiDir);
    try {
      layout.createDirectories();
      writeCertificate(layout, layout.trustedCertsDir(), certificate);
      removeFromRejected(layout, certificate);
    } catch (IOException e) {
      throw new SecurityConfigException(layout.root() + ": cannot trust certificate: " + e.getMessage(), e);
    }
    return certificate;
  }

  /** All certificates in own, trusted, issuer and rejected (unreadable files are skipped). */
  public static List<Entry> list(Path pkiDir) throws SecurityConfigException {
    PkiLayout layout = new PkiLayout(pkiDir);
    if (!Files.isDirectory(layout.root())) {
      throw new SecurityConfigException(layout.root() + ": no such PKI directory");
    }
    List<Entry> entries = new ArrayList<>();
    addDir(entries, Section.OWN, layout.ownCertsDir());
    addDir(entries, Section.TRUSTED, layout.trustedCertsDir());
    addDir(entries, Section.ISSUER, layout.issuerCertsDir());
    addDir(entries, Section.REJECTED, layout.rejectedCertsDir());
    return entries;
  }

  private static void addDir(List<Entry> entries, Section section, Path dir) throws SecurityConfigException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new SecurityConfigException(dir + ": cannot list: " + e.getMessage(), e);
    }
    files.sort(null);
    for (Path file : files) {
      if (!Files.isRegularFile(file) || file.getFileName().toString().startsWith(".")) {
        continue;
      }
      try {
        // own/ lists only the station's certificate, not the CA that follows it in the chain
        List<X509Certificate> certificates = PemFiles.readCertificates(file);
        entries.add(new Entry(section, file, certificates.get(0)));
      } catch (SecurityConfigException e) {
        LOG.warn("skipping {}", e.getMessage());
      }
    }
  }

  /**
   * Writes DER as {@code <sha1 thumbprint>.der}, the name Milo itself uses, via a temporary file
   * outside the watched folder so the running station never reads a half-written file.
   */
  static Path writeCertificate(PkiLayout layout, Path dir, X509Certificate certificate)
      throws IOException {
    Files.createDirectories(dir);
    Path target = dir.resolve(Thumbprints.sha1(certificate) + ".der");
    Path tmp = Files.createTempFile(layout.root(), ".incoming-", ".der");
    try {
      Files.write(tmp, certificate.getEncoded());
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (CertificateEncodingException e) {
      throw new IOException("cannot encode certificate", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  private static void removeFromRejected(PkiLayout layout, X509Certificate certificate)
      throws IOException {
    Path dir = layout.rejectedCertsDir();
    if (!Files.isDirectory(dir)) {
      return;
    }
    byte[] encoded;
    try {
      encoded = certificate.getEncoded();
    } catch (CertificateEncodingException e) {
      throw new IOException(e);
    }
    // Milo names rejected files by a hash of the signature, so compare contents instead
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path file : stream) {
        try {
          for (X509Certificate rejected : PemFiles.readCertificates(file)) {
            if (Arrays.equals(rejected.getEncoded(), encoded)) {
              Files.deleteIfExists(file);
              break;
            }
          }
        } catch (SecurityConfigException | CertificateEncodingException e) {
          LOG.debug("ignoring unreadable rejected file {}", file);
        }
      }
    }
  }
}
