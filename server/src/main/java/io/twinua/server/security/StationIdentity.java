package io.twinua.server.security;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultAnonymousIdentity;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultUsernameIdentity;
import org.eclipse.milo.opcua.sdk.server.identity.DefaultX509UserIdentity;

/**
 * A Milo session identity that carries its TwinUA {@link Role}. Only identities created by
 * {@link StationIdentityValidator} implement it; {@link StationRoles} gives no rights to any
 * other identity.
 */
public sealed interface StationIdentity
    permits StationIdentity.Anonymous, StationIdentity.User, StationIdentity.Partner {

  Role role();

  /** Anonymous login, only when the project allows it: always VIEWER. */
  final class Anonymous extends DefaultAnonymousIdentity implements StationIdentity {
    @Override
    public Role role() {
      return Role.VIEWER;
    }

    @Override
    public String toString() {
      return "anonymous (viewer)";
    }
  }

  /** A user of users.yaml who logged in with the right password. */
  final class User extends DefaultUsernameIdentity implements StationIdentity {
    private final Role role;

    public User(String username, Role role) {
      super(username);
      this.role = Objects.requireNonNull(role, "role");
    }

    @Override
    public Role role() {
      return role;
    }

    @Override
    public String toString() {
      return "user " + getUsername() + " (" + role.yamlName() + ")";
    }
  }

  /** The partner station, proven by its application certificate on the channel and the token. */
  final class Partner extends DefaultX509UserIdentity implements StationIdentity {
    public Partner(X509Certificate certificate) {
      super(certificate);
    }

    @Override
    public Role role() {
      return Role.PARTNER;
    }

    @Override
    public String toString() {
      return "partner station " + getCertificate().getSubjectX500Principal().getName();
    }
  }
}
