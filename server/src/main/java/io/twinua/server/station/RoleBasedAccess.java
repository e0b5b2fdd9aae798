package io.twinua.server.station;

import io.twinua.server.plant.PlantAccess;
import io.twinua.server.recipes.RecipeAccess;
import io.twinua.server.security.Role;
import io.twinua.server.security.StationRoles;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.Session;

/**
 * The station's rights table, from the session's role: viewers read (values and history),
 * operators and engineers also write what the node allows, edit recipes and acknowledge alarms;
 * only engineers disable and enable alarms and write source timestamps and non-Good status into
 * historized internal tags.
 * A session without a role gets nothing.
 */
final class RoleBasedAccess implements PlantAccess, RecipeAccess {

  private static final Set<AccessLevel> READ_ONLY = EnumSet.of(AccessLevel.CurrentRead, AccessLevel.HistoryRead);

  @Override
  public Set<AccessLevel> userAccess(Session session, Set<AccessLevel> nodeAccess) {
    Optional<Role> role = StationRoles.of(session);
    if (role.isEmpty() || !role.get().canRead()) {
      return EnumSet.noneOf(AccessLevel.class);
    }
    EnumSet<AccessLevel> access = nodeAccess.isEmpty() ? EnumSet.noneOf(AccessLevel.class) : EnumSet.copyOf(nodeAccess);
    if (!role.get().canWrite()) {
      access.retainAll(READ_ONLY);
    }
    if (!role.get().canReadHistory()) {
      access.remove(AccessLevel.HistoryRead);
    }
    return access;
  }

  @Override
  public boolean mayReadHistory(Session session) {
    return StationRoles.permits(session, Role::canReadHistory);
  }

  @Override
  public boolean mayWriteTimestamps(Session session) {
    return StationRoles.permits(session, Role::canWriteTimestamps);
  }

  @Override
  public boolean mayRead(Session session) {
    return StationRoles.permits(session, Role::canRead);
  }

  @Override
  public boolean mayEdit(Session session) {
    return StationRoles.permits(session, Role::canEditRecipes);
  }

  boolean mayAcknowledge(Session session) {
    return StationRoles.permits(session, Role::canAcknowledge);
  }

  boolean mayEnableAlarms(Session session) {
    return StationRoles.permits(session, Role::canEnableAlarms);
  }
}
