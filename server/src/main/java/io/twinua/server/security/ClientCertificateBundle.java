package io.twinua.server.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The files of a client application certificate (HMI, test client), written to one folder:
 *
 * <pre>
 * NAME.cert.pem      certificate followed by the CA certificate (PEM)
 * NAME.cert.der      certificate alone (DER, for clients that import DER, e.g. UaExpert)
 * NAME.key.pem       PKCS#8 PEM private key (owner-only)
 * NAME.p12           PKCS#12 keystore, alias NAME, key + chain (owner-only)
 * NAME.p12.password  random keystore password (owner-only)
 * </pre>
 */
public record ClientCertificateBundle(
    Path certificatePem, Path certificateDer, Path privateKeyPem, Path pkcs12, Path pkcs12Password) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Writes the bundle; refuses to overwrite any existing file of the same name.
   *
   * @param name file-name prefix and PKCS#12 alias, e.g. {@code client}
   */
  public static ClientCertificateBundle write(IssuedCertificate issued, Path outDir, String name)
      throws SecurityConfigException {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new SecurityConfigException("bad bundle name '" + name + "' (letters, digits, . _ -)");
    }
    var bundle =
        new ClientCertificateBundle(
            outDir.resolve(name + ".cert.pem"),
            outDir.resolve(name + ".cert.der"),
            outDir.resolve(name + ".key.pem"),
            outDir.resolve(name + ".p12"),
            outDir.resolve(name + ".p12.password"));
    for (Path file : bundle.files()) {
      if (Files.exists(file)) {
        throw new SecurityConfigException(file + ": already exists; refusing to overwrite it");
      }
    }
    byte[] passwordBytes = new byte[18];
    RANDOM.nextBytes(passwordBytes);
    char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(passwordBytes).toCharArray();
    try {
      Files.createDirectories(outDir);
      X509Certificate[] chain = issued.chainArray();
      Files.writeString(bundle.certificatePem, PemFiles.toPem(List.of(chain)), StandardCharsets.US_ASCII);
      Files.write(bundle.certificateDer, issued.certificate().getEncoded());
      PemFiles.writePrivateKey(bundle.privateKeyPem, issued.privateKey());

      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(name, issued.privateKey(), password, chain);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      keyStore.store(out, password);
      OwnerOnlyFiles.write(bundle.pkcs12, out.toByteArray());
      OwnerOnlyFiles.write(
          bundle.pkcs12Password, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
      return bundle;
    } catch (IOException | GeneralSecurityException e) {
      throw new SecurityConfigException(outDir + ": cannot write client certificate: " + e.getMessage(), e);
    } finally {
      PasswordHasher.wipe(password);
    }
  }

  public List<Path> files() {
    return List.of(certificatePem, certificateDer, privateKeyPem, pkcs12, pkcs12Password);
  }
}
