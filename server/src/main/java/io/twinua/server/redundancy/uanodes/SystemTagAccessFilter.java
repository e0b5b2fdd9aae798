package io.twinua.server.redundancy.uanodes;

import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;

/**
 * UserAccessLevel of a system tag, per session: Milo 1.1.2's access controller checks Read,
 * CreateMonitoredItems and Write of the Value against it (milo-notes). A session without a
 * station role gets nothing (fail closed); the station itself (no session) gets the node's level.
 */
final class SystemTagAccessFilter implements AttributeFilter {

  private final Predicate<Role> read;
  private final Predicate<Role> write;

  SystemTagAccessFilter(Predicate<Role> read, Predicate<Role> write) {
    this.read = read;
    this.write = write;
  }

  @Override
  public Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
    if (attributeId != AttributeId.UserAccessLevel) {
      return ctx.getAttribute(attributeId);
    }
    UByte nodeAccess = (UByte) ctx.getAttribute(AttributeId.AccessLevel);
    Optional<Session> session = ctx.getSession();
    if (session.isEmpty()) {
      return nodeAccess;
    }
    return AccessLevel.toValue(userAccess(StationRoles.of(session.get()), AccessLevel.fromValue(nodeAccess)));
  }

  Set<AccessLevel> userAccess(Optional<Role> role, Set<AccessLevel> nodeAccess) {
    EnumSet<AccessLevel> granted = EnumSet.noneOf(AccessLevel.class);
    if (role.isEmpty()) {
      return granted;
    }
    if (nodeAccess.contains(AccessLevel.CurrentRead) && read.test(role.get())) {
      granted.add(AccessLevel.CurrentRead);
    }
    if (nodeAccess.contains(AccessLevel.CurrentWrite) && write.test(role.get())) {
      granted.add(AccessLevel.CurrentWrite);
    }
    return granted;
  }
}
