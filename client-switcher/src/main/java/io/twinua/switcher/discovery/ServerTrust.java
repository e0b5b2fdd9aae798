package io.twinua.switcher.discovery;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.FileBasedCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.FileBasedTrustListManager;

/**
 * How the client decides to trust a server's certificate. Close it with the client: the PKI
 * variant runs a directory watcher thread.
 */
public final class ServerTrust implements Closeable {

  private final CertificateValidator validator;
  private final Closeable resources;

  private ServerTrust(CertificateValidator validator, Closeable resources) {
    this.validator = validator;
    this.resources = resources;
  }

  /**
   * Milo's standard validation against a PKI directory ({@code trusted/}, {@code issuers/},
   * rejected certificates land in {@code rejected/} for an operator to move).
   */
  public static ServerTrust pkiDirectory(Path pkiDir) throws IOException {
    FileBasedTrustListManager trustList = FileBasedTrustListManager.createAndInitialize(pkiDir);
    var quarantine = FileBasedCertificateQuarantine.create(pkiDir.resolve("rejected").resolve("certs"));
    return new ServerTrust(new DefaultClientCertificateValidator(trustList, quarantine), trustList);
  }

  /**
   * Trusts every server certificate. Only for tests and endpoints without security: a
   * SignAndEncrypt channel to an unchecked server protects nothing.
   */
  public static ServerTrust trustEveryServer() {
    return new ServerTrust(new CertificateValidator.InsecureCertificateValidator(), () -> {});
  }

  public CertificateValidator validator() {
    return validator;
  }

  @Override
  public void close() throws IOException {
    resources.close();
  }
}
