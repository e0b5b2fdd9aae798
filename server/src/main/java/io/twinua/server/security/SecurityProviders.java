package io.twinua.server.security;

import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** Registers BouncyCastle once per JVM (Milo needs it for Aes256_Sha256_RsaPss). */
public final class SecurityProviders {

  private SecurityProviders() {}

  /** Idempotent: safe to call from every station and tool in the same JVM. */
  public static synchronized void ensureBouncyCastle() {
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }
}
