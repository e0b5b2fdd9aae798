package io.twinua.switcher;

import java.time.Instant;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.types.enumerated.ServerState;

/**
 * What the switcher knows about one server right now.
 *
 * @param serverUri the server's application URI
 * @param reachable a session is up and the last keep-alive read answered
 * @param serviceLevel last {@code Server/ServiceLevel} read, -1 before the first
 * @param state last {@code Server/ServerStatus/State} read
 * @param healthySince when the server last became Healthy, empty while it is not
 * @param lastFault why it was last lost or found unhealthy ("" if never)
 * @param returnsAt the {@code Server/EstimatedReturnTime} it announced while in Maintenance,
 *     while that time is still ahead: the client does not return to it before then
 * @param processFault the server's process-connection fault indicator (see {@link
 *     SwitcherConfig#processFaultNode}) reads as a fault
 */
public record ServerHealth(
    String serverUri,
    boolean reachable,
    int serviceLevel,
    ServerState state,
    Optional<Instant> healthySince,
    String lastFault,
    Optional<Instant> returnsAt,
    boolean processFault) {

  /** A server that announced no return time and no process fault. */
  public ServerHealth(String serverUri, boolean reachable, int serviceLevel, ServerState state,
      Optional<Instant> healthySince, String lastFault) {
    this(serverUri, reachable, serviceLevel, state, healthySince, lastFault, Optional.empty(), false);
  }

  /** Part 4 §6.6.2.4.2 Table 111: ServiceLevel 200..255 is the Healthy sub-range. */
  public static final int HEALTHY_MIN = 200;
  /** Part 4 §6.6.2.4.2: 0 is Maintenance (EstimatedReturnTime tells when it ends). */
  public static final int MAINTENANCE = 0;

  public static ServerHealth unknown(String serverUri) {
    return new ServerHealth(serverUri, false, -1, ServerState.Unknown, Optional.empty(), "");
  }

  public boolean healthy() {
    return reachable && state == ServerState.Running && serviceLevel >= HEALTHY_MIN && !processFault;
  }

  /** Connected, running and serving data, though maybe not Healthy (Degraded is better than none). */
  public boolean usable() {
    return reachable && state == ServerState.Running && serviceLevel > 1;
  }

  /** Why this server is not Healthy, in words for the switch event. */
  public String unhealthyReason() {
    if (!reachable) {
      return lastFault.isEmpty() ? "not reachable" : lastFault;
    }
    if (state != ServerState.Running) {
      return "ServerState " + state;
    }
    if (serviceLevel == MAINTENANCE) {
      return "ServiceLevel 0 (Maintenance" + returnsAt.map(t -> ", back at " + t).orElse("") + ")";
    }
    if (processFault && serviceLevel >= HEALTHY_MIN) {
      return "process-connection fault";
    }
    return "ServiceLevel " + serviceLevel + " below Healthy (" + HEALTHY_MIN + ")";
  }
}
