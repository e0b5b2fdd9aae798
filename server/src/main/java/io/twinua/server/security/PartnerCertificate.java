package io.twinua.server.security;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Pins the partner station's application certificate by its SHA-256 fingerprint (from the
 * partner's certificate file, or as 64 hex digits as printed by {@code twinua certs list}).
 */
public record PartnerCertificate(String sha256) {

  public PartnerCertificate {
    if (sha256 == null) {
      throw new IllegalArgumentException("partner thumbprint must not be null");
    }
    sha256 = sha256.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
    if (sha256.length() != 64 || !sha256.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          "partner thumbprint must be a SHA-256 fingerprint (64 hex digits), got " + sha256.length()
              + " characters");
    }
  }

  public static PartnerCertificate of(X509Certificate certificate) {
    return new PartnerCertificate(Thumbprints.sha256(certificate));
  }

  /** The first certificate of a PEM or DER file (e.g. the partner's own/certs/application.pem). */
  public static PartnerCertificate fromFile(Path file) throws SecurityConfigException {
    return of(PemFiles.readCertificates(file).get(0));
  }

  public static PartnerCertificate fromThumbprint(String sha256Hex) {
    return new PartnerCertificate(sha256Hex);
  }

  public boolean matches(X509Certificate certificate) {
    return certificate != null && sha256.equals(Thumbprints.sha256(certificate));
  }
}
