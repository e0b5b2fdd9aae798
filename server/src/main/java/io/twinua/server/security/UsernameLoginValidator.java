package io.twinua.server.security;

import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.identity.AbstractUsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.Identity.UsernameIdentity;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityAlgorithm;
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
 * it), so it is refused before the password is looked at.
 */
final class UsernameLoginValidator extends AbstractUsernameIdentityValidator {

  private static final Logger LOG = LoggerFactory.getLogger(UsernameLoginValidator.class);

  private final Supplier<UserDirectory> users;

  UsernameLoginValidator(Supplier<UserDirectory> users) {
    this.users = users;
  }

  @Override
  protected UsernameIdentity validateUsernameToken(
      Session session, UserNameIdentityToken token, UserTokenPolicy policy, SignatureData signature)
      throws UaException {
    if (!channelEncrypted(session) && !tokenEncrypted(token)) {
      LOG.warn(
          "login refused for user '{}' ({}): password sent in clear on an unencrypted channel",
          LogText.of(token.getUserName()),
          StationIdentityValidator.describe(session));
      throw new UaException(
          StatusCodes.Bad_IdentityTokenRejected,
          "passwords are accepted only on encrypted channels or encrypted with the server certificate");
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
        return new StationIdentity.User(username, role.get());
      }
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
