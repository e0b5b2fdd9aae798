package io.twinua.server.security;

import java.util.Optional;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.server.AccessContext;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.jspecify.annotations.Nullable;

/**
 * The role of a session, for write, history, method and alarm checks. Fails closed: no session,
 * no identity, or an identity not made by {@link StationIdentityValidator} → no role → no rights.
 *
 * <p>On a channel without message security (SecurityPolicy None, the demo's read-only endpoint)
 * every role is limited to VIEWER: an unsigned channel can be tampered with, so it never carries
 * writes, acknowledgements or redundancy commands, whoever logged in.
 *
 * <p>Internal operations ({@code AccessContext.INTERNAL}, no session) get no role either: code
 * that acts on its own behalf must not ask this class.
 */
public final class StationRoles {

  private StationRoles() {}

  /** The session's effective role, or empty (no rights). */
  public static Optional<Role> of(@Nullable Session session) {
    if (session == null || !(session.getIdentity() instanceof StationIdentity identity)) {
      return Optional.empty();
    }
    return Optional.of(limit(identity.role(), securityMode(session)));
  }

  /** The role of the context's session, or empty (no session, no identity → no rights). */
  public static Optional<Role> of(@Nullable AccessContext context) {
    return context == null ? Optional.empty() : context.getSession().flatMap(StationRoles::of);
  }

  /** True only if the session has a role and {@code right} holds for it. */
  public static boolean permits(@Nullable Session session, Predicate<Role> right) {
    return of(session).filter(right).isPresent();
  }

  /** True only if the context's session has a role and {@code right} holds for it. */
  public static boolean permits(@Nullable AccessContext context, Predicate<Role> right) {
    return of(context).filter(right).isPresent();
  }

  /**
   * The role, if it has {@code right}.
   *
   * @throws UaException Bad_UserAccessDenied otherwise
   */
  public static Role require(@Nullable AccessContext context, Predicate<Role> right)
      throws UaException {
    return of(context)
        .filter(right)
        .orElseThrow(() -> new UaException(StatusCodes.Bad_UserAccessDenied));
  }

  /** A reusable check, e.g. {@code StationRoles.allowing(Role::canAcknowledge)} for alarms. */
  public static Predicate<AccessContext> allowing(Predicate<Role> right) {
    return context -> permits(context, right);
  }

  /** The role actually granted on a channel with {@code mode}. */
  static Role limit(Role role, @Nullable MessageSecurityMode mode) {
    if (mode == MessageSecurityMode.Sign || mode == MessageSecurityMode.SignAndEncrypt) {
      return role;
    }
    return Role.VIEWER;
  }

  private static @Nullable MessageSecurityMode securityMode(Session session) {
    return session.getSecurityConfiguration() == null
        ? null
        : session.getSecurityConfiguration().getSecurityMode();
  }
}
