package io.twinua.server.security;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.TrustListManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces every CRL in the trust lists (trusted/crl, issuer/crl) after Milo's validator has
 * built and checked the chain; a CA without a CRL is still accepted.
 *
 * <p>Why not Milo's REVOCATION check: on Java 17 Milo 1.1.2 cannot install its soft-fail
 * revocation checker (it needs reflective access to {@code sun.security.provider.certpath}); its
 * fallback then requires a CRL for every CA and refuses all CA-issued certificates with
 * Bad_CertificateRevocationUnknown when none exists.
 */
final class CrlEnforcingValidator implements CertificateValidator {

  private static final Logger LOG = LoggerFactory.getLogger(CrlEnforcingValidator.class);

  private final CertificateValidator delegate;
  private final TrustListManager trustList;
  private final boolean serverSide;

  /**
   * @param serverSide servers answer any revocation with the less informative
   *     Bad_SecurityChecksFailed (OPC UA Part 4 §6.1.3), clients get the precise status
   */
  CrlEnforcingValidator(CertificateValidator delegate, TrustListManager trustList, boolean serverSide) {
    this.delegate = delegate;
    this.trustList = trustList;
    this.serverSide = serverSide;
  }

  @Override
  public void validateCertificateChain(
      List<X509Certificate> certificateChain,
      @Nullable String applicationUri,
      @Nullable String[] validHostnames)
      throws UaException {
    delegate.validateCertificateChain(certificateChain, applicationUri, validHostnames);

    List<X509CRL> crls = new ArrayList<>(trustList.getTrustedCrls());
    crls.addAll(trustList.getIssuerCrls());
    if (crls.isEmpty()) {
      return;
    }
    List<X509Certificate> authorities = new ArrayList<>(trustList.getTrustedCertificates());
    authorities.addAll(trustList.getIssuerCertificates());
    authorities.addAll(certificateChain);

    for (int i = 0; i < certificateChain.size(); i++) {
      X509Certificate certificate = certificateChain.get(i);
      for (X509CRL crl : crls) {
        if (crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
            && signedByAuthority(crl, authorities)
            && crl.isRevoked(certificate)) {
          LOG.warn(
              "certificate '{}' (serial {}) is revoked by the CRL of '{}'",
              certificate.getSubjectX500Principal().getName(),
              certificate.getSerialNumber().toString(16),
              crl.getIssuerX500Principal().getName());
          long status =
              serverSide
                  ? StatusCodes.Bad_SecurityChecksFailed
                  : i == 0 ? StatusCodes.Bad_CertificateRevoked : StatusCodes.Bad_CertificateIssuerRevoked;
          throw new UaException(status, "certificate revoked");
        }
      }
    }
  }

  /** A CRL counts only if a known CA with the CRL's issuer name signed it. */
  private static boolean signedByAuthority(X509CRL crl, List<X509Certificate> authorities) {
    for (X509Certificate authority : authorities) {
      if (authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
        try {
          crl.verify(authority.getPublicKey());
          return true;
        } catch (Exception e) {
          // another certificate with the same name may have signed it
        }
      }
    }
    LOG.warn("ignoring CRL of '{}': not signed by a known CA", crl.getIssuerX500Principal().getName());
    return false;
  }
}
