package io.twinua.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.jspecify.annotations.Nullable;

/**
 * Milo {@link CertificateStore} over {@code own/} of a {@link PkiLayout}: the certificate chain as
 * PEM and the private key as an owner-only PKCS#8 PEM file, so no keystore password is needed.
 * Only the RsaSha256ApplicationCertificateType is supported (all TwinUA security policies use it).
 */
final class PemCertificateStore implements CertificateStore {

  private final PkiLayout layout;
  private volatile @Nullable Entry cached;

  PemCertificateStore(PkiLayout layout) {
    this.layout = layout;
  }

  @Override
  public boolean contains(NodeId certificateTypeId) {
    // a half-present identity (key without certificate or the reverse) counts as present, so
    // Milo's DefaultApplicationGroup never silently replaces it; get() then reports what is missing
    return isSupported(certificateTypeId) && layout.hasOwnCertificate();
  }

  @Override
  public @Nullable Entry get(NodeId certificateTypeId) throws SecurityConfigException {
    if (!isSupported(certificateTypeId)) {
      return null;
    }
    Entry entry = cached;
    if (entry == null) {
      entry = load();
      cached = entry;
    }
    return entry;
  }

  @Override
  public synchronized @Nullable Entry remove(NodeId certificateTypeId) throws Exception {
    if (!isSupported(certificateTypeId) || !layout.hasOwnCertificate()) {
      return null;
    }
    Entry previous = get(certificateTypeId);
    Files.deleteIfExists(layout.ownCertificateFile());
    Files.deleteIfExists(layout.ownPrivateKeyFile());
    cached = null;
    return previous;
  }

  @Override
  public synchronized void set(NodeId certificateTypeId, Entry entry) throws Exception {
    if (!isSupported(certificateTypeId)) {
      throw new IllegalArgumentException("unsupported certificate type " + certificateTypeId);
    }
    write(layout, entry.privateKey, List.of(entry.certificateChain));
    cached = entry;
  }

  /** Writes the own certificate files (key first, so a crash never leaves a cert without key). */
  static void write(PkiLayout layout, PrivateKey key, List<X509Certificate> chain)
      throws IOException {
    layout.createDirectories();
    PemFiles.writePrivateKey(layout.ownPrivateKeyFile(), key);
    try {
      Path certificateFile = layout.ownCertificateFile();
      Path tmp = certificateFile.resolveSibling("." + certificateFile.getFileName() + ".tmp");
      Files.writeString(tmp, PemFiles.toPem(chain), StandardCharsets.US_ASCII);
      Files.move(
          tmp,
          certificateFile,
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (CertificateException e) {
      throw new IOException("cannot encode certificate", e);
    }
  }

  private Entry load() throws SecurityConfigException {
    Path certificateFile = layout.ownCertificateFile();
    Path keyFile = layout.ownPrivateKeyFile();
    if (!Files.exists(certificateFile)) {
      throw new SecurityConfigException(
          certificateFile + ": missing, but the private key " + keyFile
              + " exists; restore the certificate or remove both to create a new one");
    }
    if (!Files.exists(keyFile)) {
      throw new SecurityConfigException(
          keyFile + ": missing, but the certificate " + certificateFile
              + " exists; restore the key or remove both to create a new one");
    }
    List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
    PrivateKey key = PemFiles.readPrivateKey(keyFile);
    if (!PemFiles.keysMatch(key, chain.get(0).getPublicKey())) {
      throw new SecurityConfigException(
          keyFile + ": does not belong to the certificate " + certificateFile
              + " (its first certificate must be the station's own)");
    }
    return new Entry(key, chain.toArray(X509Certificate[]::new));
  }

  private static boolean isSupported(NodeId certificateTypeId) {
    return NodeIds.RsaSha256ApplicationCertificateType.equals(certificateTypeId);
  }
}
