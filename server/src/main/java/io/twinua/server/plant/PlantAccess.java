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

  /**
   * Whether the session's writes of historized internal tags keep their source timestamp and a
   * non-Good status (issue 12 item 6); otherwise they take the server's time and only Good is
   * accepted.
   */
  default boolean mayWriteTimestamps(Session session) {
    return false;
  }
}
