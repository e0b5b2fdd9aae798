package io.twinua.server.redundancy.uanodes;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * What an authorised write of {@code @RM_MAINTENANCE} asks the station to do (the role check is
 * made). Called on Milo's request thread: hand the change over and return, never wait.
 */
@FunctionalInterface
public interface MaintenanceHandler {

  /**
   * @param on true for a written 1 (announce planned maintenance: ServiceLevel 0), false for 0
   * @return the status the writing client gets
   */
  StatusCode onWrite(boolean on, Session session);
}
