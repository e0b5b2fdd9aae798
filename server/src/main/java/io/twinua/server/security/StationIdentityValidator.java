package io.twinua.server.security;

import io.twinua.server.config.SecuritySettings;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.Identity;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.AnonymousIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.UserIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's Milo {@link IdentityValidator} ({@code OpcUaServerConfigBuilder
 * .setIdentityValidator}). Every identity it returns is a {@link StationIdentity} with a role:
 *
 * <ul>
 *   <li>anonymous → VIEWER, only if the project allows anonymous; otherwise refused
 *       (Bad_IdentityTokenRejected);
 *   <li>username → the role from users.yaml; wrong password or unknown user → Bad_UserAccessDenied
 *       (logged without the password); a password in clear on an unencrypted channel is refused, and
 *       so is any username on SecurityPolicy None unless the project allows it; after repeated
 *       failures a user or client address is refused for a growing time (Bad_UserAccessDenied);
 *   <li>X.509 → PARTNER only for the configured partner certificate on its own channel;
 *   <li>issued tokens → refused.
 * </ul>
 */
public final class StationIdentityValidator implements IdentityValidator {

  private static final Logger LOG = LoggerFactory.getLogger(StationIdentityValidator.class);

  private final boolean allowAnonymous;
  private final UsernameLoginValidator usernames;
  private final PartnerLoginValidator partners;

  /**
   * @param users the current user directory (a supplier, so a reloaded users.yaml takes effect for
   *     new logins)
   * @param allowAnonymous the project's {@code security.allowAnonymous}
   * @param partner the partner station's certificate; empty → no certificate login at all
   */
  public StationIdentityValidator(
      Supplier<UserDirectory> users, boolean allowAnonymous, Optional<PartnerCertificate> partner) {
    this(users, new SecuritySettings(false, allowAnonymous), partner, detail -> {});
  }

  /**
   * @param security the project's {@code security:} settings (anonymous, usernames on None, login
   *     throttle)
   * @param repeatedFailures takes the detail of a repeated-failed-logins report (1012370); called on
   *     a Milo service thread, so it must not block
   */
  public StationIdentityValidator(
      Supplier<UserDirectory> users, SecuritySettings security, Optional<PartnerCertificate> partner,
      Consumer<String> repeatedFailures) {
    Objects.requireNonNull(users, "users");
    this.allowAnonymous = security.allowAnonymous();
    this.usernames = new UsernameLoginValidator(users, security.allowUserNameOnSecurityPolicyNone(),
        new LoginThrottle(security.loginThrottle(), System::nanoTime, Objects.requireNonNull(repeatedFailures)));
    this.partners = new PartnerLoginValidator(Objects.requireNonNull(partner, "partner"));
  }

  public StationIdentityValidator(
      UserDirectory users, boolean allowAnonymous, Optional<PartnerCertificate> partner) {
    this(constant(Objects.requireNonNull(users, "users")), allowAnonymous, partner);
  }

  private static Supplier<UserDirectory> constant(UserDirectory users) {
    return () -> users;
  }

  @Override
  public Identity validateIdentityToken(
      Session session, UserIdentityToken token, UserTokenPolicy policy, SignatureData signature)
      throws UaException {
    UserTokenType type = policy.getTokenType();
    if (type == null) {
      throw new UaException(StatusCodes.Bad_IdentityTokenInvalid);
    }
    switch (type) {
      case Anonymous:
        if (!allowAnonymous) {
          LOG.warn("anonymous login refused ({}): the project does not allow anonymous", describe(session));
          throw new UaException(StatusCodes.Bad_IdentityTokenRejected, "anonymous login not allowed");
        }
        if (!(token instanceof AnonymousIdentityToken)) {
          throw new UaException(StatusCodes.Bad_IdentityTokenInvalid);
        }
        LOG.debug("anonymous login as viewer ({})", describe(session));
        return new StationIdentity.Anonymous();
      case UserName:
        return usernames.validateIdentityToken(session, token, policy, signature);
      case Certificate:
        return partners.validateIdentityToken(session, token, policy, signature);
      default:
        LOG.warn("login refused ({}): token type {} not supported", describe(session), type);
        throw new UaException(StatusCodes.Bad_IdentityTokenRejected, "token type not supported");
    }
  }

  @Override
  public Set<UserTokenType> getSupportedTokenTypes() {
    EnumSet<UserTokenType> types = EnumSet.of(UserTokenType.UserName, UserTokenType.Certificate);
    if (allowAnonymous) {
      types.add(UserTokenType.Anonymous);
    }
    return types;
  }

  /** Session id, client application and channel security mode, for log lines. */
  static String describe(Session session) {
    String application =
        session.getClientDescription() != null
            ? LogText.of(session.getClientDescription().getApplicationUri())
            : "?";
    String mode =
        session.getSecurityConfiguration() != null
            ? String.valueOf(session.getSecurityConfiguration().getSecurityMode())
            : "?";
    return "session " + session.getSessionId().getIdentifier() + ", client " + application + ", " + mode;
  }
}
