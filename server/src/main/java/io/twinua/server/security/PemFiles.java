package io.twinua.server.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CRLException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reading and writing certificates (PEM or DER) and unencrypted PKCS#8 PEM private keys. */
final class PemFiles {

  private static final Base64.Encoder PEM_BASE64 =
      Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

  private PemFiles() {}

  /** All certificates in a PEM (one or more blocks) or DER file, in file order. */
  static List<X509Certificate> readCertificates(Path file) throws SecurityConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new SecurityConfigException(file + ": cannot read certificate file: " + e.getMessage(), e);
    }
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      List<X509Certificate> certificates = new ArrayList<>();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      factory.generateCertificates(in).forEach(c -> certificates.add((X509Certificate) c));
      if (certificates.isEmpty()) {
        throw new SecurityConfigException(file + ": contains no certificate");
      }
      return certificates;
    } catch (CertificateException | IOException e) {
      throw new SecurityConfigException(
          file + ": not a PEM or DER X.509 certificate: " + e.getMessage(), e);
    }
  }

  static String toPem(List<X509Certificate> certificates) throws CertificateException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      pem.append(block("CERTIFICATE", certificate.getEncoded()));
    }
    return pem.toString();
  }

  static String toPem(X509CRL crl) throws CRLException {
    return block("X509 CRL", crl.getEncoded());
  }

  /** The first CRL of a PEM or DER file. */
  static X509CRL readCrl(Path file) throws SecurityConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
    } catch (IOException | CertificateException | CRLException e) {
      throw new SecurityConfigException(file + ": not a PEM or DER X.509 CRL: " + e.getMessage(), e);
    }
  }

  static String toPem(PrivateKey key) {
    return block("PRIVATE KEY", key.getEncoded());
  }

  /** Reads an unencrypted private key: PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
  static PrivateKey readPrivateKey(Path file) throws SecurityConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new SecurityConfigException(file + ": cannot read private key: " + e.getMessage(), e);
    }
    try (Reader reader = new StringReader(text);
        PEMParser parser = new PEMParser(reader)) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      } else if (object instanceof PEMKeyPair pair) {
        return converter.getKeyPair(pair).getPrivate();
      }
      throw new SecurityConfigException(
          file + ": not an unencrypted PEM private key (expected '-----BEGIN PRIVATE KEY-----')");
    } catch (IOException e) {
      throw new SecurityConfigException(file + ": cannot parse private key: " + e.getMessage(), e);
    }
  }

  /** Writes a private key readable by the owner only. */
  static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    OwnerOnlyFiles.write(file, toPem(key).getBytes(StandardCharsets.US_ASCII));
  }

  /** True if {@code privateKey} belongs to {@code publicKey} (sign and verify a random probe). */
  static boolean keysMatch(PrivateKey privateKey, PublicKey publicKey) {
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(privateKey);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + PEM_BASE64.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
