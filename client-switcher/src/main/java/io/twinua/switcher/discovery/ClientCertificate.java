package io.twinua.switcher.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/** The client's application instance certificate: its key pair and chain (leaf first). */
public record ClientCertificate(KeyPair keyPair, X509Certificate[] chain) {

  public ClientCertificate {
    Objects.requireNonNull(keyPair, "keyPair");
    Objects.requireNonNull(chain, "chain");
    if (chain.length == 0) {
      throw new IllegalArgumentException("certificate chain is empty");
    }
    chain = chain.clone();
  }

  public X509Certificate certificate() {
    return chain[0];
  }

  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }

  /**
   * Loads the entry {@code alias} of a PKCS#12 key store.
   *
   * @throws IOException naming the file when it cannot be read or holds no such key entry
   */
  public static ClientCertificate fromKeyStore(Path keyStore, String alias, char[] password)
      throws IOException {
    try (InputStream in = Files.newInputStream(keyStore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
        throw new IOException(keyStore + ": no private key under alias '" + alias + "'");
      }
      Certificate[] certs = store.getCertificateChain(alias);
      if (certs == null || certs.length == 0) {
        throw new IOException(keyStore + ": no certificate chain under alias '" + alias + "'");
      }
      X509Certificate[] chain = Arrays.stream(certs).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
      return new ClientCertificate(new KeyPair(chain[0].getPublicKey(), key), chain);
    } catch (GeneralSecurityException e) {
      throw new IOException(keyStore + ": " + e.getMessage(), e);
    }
  }
}
