package io.twinua.server.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * Certificate fingerprints as lower-case hex. SHA-1 is what OPC UA calls the thumbprint (and what
 * UaExpert shows and Milo uses for file names); SHA-256 is what TwinUA uses to pin a certificate.
 */
public final class Thumbprints {

  private Thumbprints() {}

  public static String sha1(X509Certificate certificate) {
    return digest("SHA-1", certificate);
  }

  public static String sha256(X509Certificate certificate) {
    return digest("SHA-256", certificate);
  }

  /** SHA-1 hex of arbitrary DER bytes (file names of CRLs, as Milo names them). */
  static String sha1Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String digest(String algorithm, X509Certificate certificate) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(algorithm).digest(certificate.getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint certificate", e);
    }
  }
}
