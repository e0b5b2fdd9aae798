package io.twinua.server.redundancy.uanodes;

import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * What an authorised write of {@code @RM_MASTER} asks the station to do. Only sessions whose role
 * {@code canControlRedundancy()} get here; the role check has already been made.
 *
 * <p>Called on Milo's request thread, synchronously, so that the writing client gets the answer:
 * it must only hand the command to the role machine (e.g. queue it) and return, never wait for
 * the switch itself.
 */
@FunctionalInterface
public interface MasterSwitchHandler {

  /**
   * @param wantMaster true for a written 1 (this station shall take over), false for 0 (this
   *     station shall yield)
   * @param session the writing session, for the log and the system message
   * @return the status the client gets: Good if the command was accepted, a Bad code (e.g.
   *     Bad_InvalidState when the partner is not reachable) if it was refused
   */
  StatusCode onWrite(boolean wantMaster, Session session);
}
