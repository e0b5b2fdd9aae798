package io.twinua.server.plant;

import java.util.Set;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.Session;

/**
 * What a session may do in the plant namespace. The station implements it from the session's
 * role; the namespace only asks. Implementations fail closed.
 */
public interface PlantAccess {

  /** The user access level of a variable whose node AccessLevel is {@code nodeAccess}. */
  Set<AccessLevel> userAccess(Session session, Set<AccessLevel> nodeAccess);

  boolean mayReadHistory(Session session);
}
