package io.twinua.server.alarms;

import java.util.Objects;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.server.Session;

/**
 * Who may operate conditions. Milo 1.1.2 does no access check on method calls, so the condition
 * methods ask this. The station supplies the real rules from the session's role: operators and
 * engineers acknowledge and comment, only engineers disable and enable.
 */
public interface AlarmPermissions {

  /** Acknowledge and AddComment. */
  boolean mayAcknowledge(Session session);

  /** Enable and Disable: taking an alarm out of service is a bigger step than acknowledging it. */
  boolean mayEnableDisable(Session session);

  /** Nobody may do anything: the safe default until the security package is wired in. */
  static AlarmPermissions denyAll() {
    return of(s -> false, s -> false);
  }

  static AlarmPermissions of(Predicate<Session> acknowledge, Predicate<Session> enableDisable) {
    Objects.requireNonNull(acknowledge, "acknowledge");
    Objects.requireNonNull(enableDisable, "enableDisable");
    return new AlarmPermissions() {
      @Override
      public boolean mayAcknowledge(Session session) {
        return session != null && acknowledge.test(session);
      }

      @Override
      public boolean mayEnableDisable(Session session) {
        return session != null && enableDisable.test(session);
      }
    };
  }
}
