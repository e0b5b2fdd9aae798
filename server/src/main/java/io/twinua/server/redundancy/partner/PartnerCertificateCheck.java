package io.twinua.server.redundancy.partner;

import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.jspecify.annotations.Nullable;

/**
 * The station's own (trust-list based) validator, always applied with the partner's configured
 * application URI and host: Milo's client checks the secure channel's server certificate with
 * neither (UascClientMessageHandler passes nulls), which would accept any trusted station there.
 */
final class PartnerCertificateCheck implements CertificateValidator {

  private final CertificateValidator stationValidator;
  private final String partnerApplicationUri;
  private final String[] partnerHosts;

  PartnerCertificateCheck(CertificateValidator stationValidator, String partnerApplicationUri, String partnerHost) {
    this.stationValidator = stationValidator;
    this.partnerApplicationUri = partnerApplicationUri;
    this.partnerHosts = new String[] {partnerHost};
  }

  @Override
  public void validateCertificateChain(
      List<X509Certificate> certificateChain,
      @Nullable String applicationUri,
      @Nullable String[] validHostnames)
      throws UaException {
    stationValidator.validateCertificateChain(certificateChain, partnerApplicationUri, partnerHosts.clone());
  }
}
