package io.twinua.server.security;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/** A freshly issued application certificate: its private key and chain (leaf first, then CA). */
public record IssuedCertificate(PrivateKey privateKey, List<X509Certificate> chain) {

  public IssuedCertificate {
    Objects.requireNonNull(privateKey, "privateKey");
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
  }

  /** The application instance certificate itself. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  public KeyPair keyPair() {
    return new KeyPair(certificate().getPublicKey(), privateKey);
  }

  public X509Certificate[] chainArray() {
    return chain.toArray(X509Certificate[]::new);
  }
}
