package io.twinua.server.security;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractX509IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity.X509UserIdentity;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.types.structured.X509IdentityToken;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X.509 user tokens: only the partner station, and only when (1) the token's certificate is the
 * configured partner certificate, (2) the secure channel was opened with that same certificate,
 * (3) the channel is SignAndEncrypt and (4) the token is signed (Milo verifies the signature; it
 * would skip that for an unsigned token, which is therefore refused here). Every other X.509
 * token is refused.
 */
final class PartnerLoginValidator extends AbstractX509IdentityValidator {

  private static final Logger LOG = LoggerFactory.getLogger(PartnerLoginValidator.class);

  private final Optional<PartnerCertificate> partner;

  PartnerLoginValidator(Optional<PartnerCertificate> partner) {
    this.partner = partner;
  }

  @Override
  protected X509UserIdentity validateX509Token(
      Session session, X509IdentityToken token, UserTokenPolicy policy, SignatureData signature)
      throws UaException {
    String refusal = null;
    if (partner.isEmpty()) {
      refusal = "no partner certificate is configured";
    } else if (session.getSecurityConfiguration() == null
        || session.getSecurityConfiguration().getSecurityMode()
            != MessageSecurityMode.SignAndEncrypt) {
      refusal = "certificate login needs a SignAndEncrypt channel";
    } else if (signature == null
        || signature.getAlgorithm() == null
        || signature.getAlgorithm().isEmpty()) {
      refusal = "the token is not signed";
    }
    if (refusal != null) {
      LOG.warn("certificate login refused ({}): {}", StationIdentityValidator.describe(session), refusal);
      throw new UaException(StatusCodes.Bad_IdentityTokenRejected, refusal);
    }
    return super.validateX509Token(session, token, policy, signature);
  }

  @Override
  protected @Nullable X509UserIdentity authenticateCertificate(
      Session session, X509Certificate certificate) {
    String subject = certificate.getSubjectX500Principal().getName();
    if (partner.isEmpty() || !partner.get().matches(certificate)) {
      LOG.warn(
          "certificate login refused for '{}' ({}): not the partner station's certificate",
          LogText.of(subject),
          StationIdentityValidator.describe(session));
      return null; // Milo answers Bad_IdentityTokenRejected
    }
    X509Certificate channelCertificate = session.getSecurityConfiguration().getClientCertificate();
    if (!sameCertificate(channelCertificate, certificate)) {
      LOG.warn(
          "certificate login refused for '{}' ({}): the secure channel uses a different certificate",
          LogText.of(subject),
          StationIdentityValidator.describe(session));
      return null;
    }
    LOG.info("partner station '{}' logged in ({})", LogText.of(subject), StationIdentityValidator.describe(session));
    return new StationIdentity.Partner(certificate);
  }

  private static boolean sameCertificate(@Nullable X509Certificate a, X509Certificate b) {
    try {
      return a != null && Arrays.equals(a.getEncoded(), b.getEncoded());
    } catch (CertificateEncodingException e) {
      return false;
    }
  }
}
