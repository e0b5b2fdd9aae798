package io.twinua.server.security;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractUsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity.UsernameIdentity;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityAlgorithm;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.SignatureData;
import org.eclipse.milo.opcua.stack.core.types.structured.UserNameIdentityToken;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Username/password login against users.yaml. Milo decrypts the token; this class adds what Milo
 * 1.1.2 does not enforce: a token with no encryption algorithm on a channel without encryption
 * carries the password in clear (Milo would then take the channel's algorithm, None, and accept
 * it), so it is refused before the password is looked at. On a SecurityPolicy None channel no
 * username is accepted at all unless the project allows it (guessing there needs no trusted
 * certificate), and failed logins slow down the next attempts ({@link LoginThrottle}).
 */
final class UsernameLoginValidator extends AbstractUsernameIdentityValidator {

  private static final Logger LOG = LoggerFactory.getLogger(UsernameLoginValidator.class);

  private final Supplier<UserDirectory> users;
  private final boolean allowOnPolicyNone;
  private final LoginThrottle throttle;

  UsernameLoginValidator(Supplier<UserDirectory> users, boolean allowOnPolicyNone, LoginThrottle throttle) {
    this.users = users;
    this.allowOnPolicyNone = allowOnPolicyNone;
    this.throttle = throttle;
  }

  @Override
  protected UsernameIdentity validateUsernameToken(
      Session session, UserNameIdentityToken token, UserTokenPolicy policy, SignatureData signature)
      throws UaException {
    if (policyNone(session) && !allowOnPolicyNone) {
      LOG.warn("login refused for user '{}' ({}): no username logins on SecurityPolicy None (project security)",
          LogText.of(token.getUserName()), StationIdentityValidator.describe(session));
      throw new UaException(StatusCodes.Bad_IdentityTokenRejected, "username logins need a secured channel");
    }
    if (!channelEncrypted(session) && !tokenEncrypted(token)) {
      LOG.warn(
          "login refused for user '{}' ({}): password sent in clear on an unencrypted channel",
          LogText.of(token.getUserName()),
          StationIdentityValidator.describe(session));
      throw new UaException(
          StatusCodes.Bad_IdentityTokenRejected,
          "passwords are accepted only on encrypted channels or encrypted with the server certificate");
    }
    Optional<Duration> wait = throttle.waitFor(token.getUserName(), session.getClientAddress());
    if (wait.isPresent()) {
      // no password check and no log line per attempt: a guesser gets neither an answer nor a flood
      LOG.debug("login of user '{}' refused for {} ms after failed logins ({})", LogText.of(token.getUserName()),
          wait.get().toMillis(), StationIdentityValidator.describe(session));
      throw new UaException(StatusCodes.Bad_UserAccessDenied, "too many failed logins: try again later");
    }
    return super.validateUsernameToken(session, token, policy, signature);
  }

  @Override
  protected @Nullable UsernameIdentity authenticateUsernamePassword(
      Session session, String username, String password) {
    char[] chars = password.toCharArray();
    try {
      UserDirectory directory = users.get();
      Optional<Role> role = directory.authenticate(username, chars);
      if (role.isPresent()) {
        Role effective =
            StationRoles.limit(
                role.get(),
                session.getSecurityConfiguration() == null
                    ? null
                    : session.getSecurityConfiguration().getSecurityMode());
        LOG.info(
            "user '{}' logged in as {}{} ({})",
            LogText.of(username),
            role.get().yamlName(),
            effective == role.get() ? "" : ", limited to " + effective.yamlName() + " on this unsecured channel",
            StationIdentityValidator.describe(session));
        throttle.succeeded(username);
        return new StationIdentity.User(username, role.get());
      }
      throttle.failed(username, session.getClientAddress());
      LOG.warn(
          "login refused for user '{}' ({}): {}",
          LogText.of(username),
          StationIdentityValidator.describe(session),
          directory.find(username).isPresent() ? "wrong password" : "unknown user");
      return null; // Milo answers Bad_UserAccessDenied
    } finally {
      PasswordHasher.wipe(chars);
    }
  }

  private static boolean policyNone(Session session) {
    return session.getSecurityConfiguration() == null
        || session.getSecurityConfiguration().getSecurityPolicy() == SecurityPolicy.None;
  }

  private static boolean channelEncrypted(Session session) {
    return session.getSecurityConfiguration() != null
        && session.getSecurityConfiguration().getSecurityMode() == MessageSecurityMode.SignAndEncrypt;
  }

  private static boolean tokenEncrypted(UserNameIdentityToken token) {
    String algorithm = token.getEncryptionAlgorithm();
    return algorithm != null
        && !algorithm.isEmpty()
        && !algorithm.equals(SecurityAlgorithm.None.getUri());
  }
}
