package io.twinua.server.redundancy;

import java.util.Map;
import java.util.Optional;

/**
 * What the role machine has in mind besides its role, for the station diagnostics: read only,
 * taken in one go under the machine's lock.
 *
 * @param request the operator switch request travelling with our heartbeat (SwitchUp/SwitchDown)
 * @param localWins who the pair's rule ({@link MasterRule#decide}) would make Master now: true this
 *     station, false the partner, empty while no partner is in the pair
 * @param timers the machine's timers by name (stability delay, start-up window, switch request)
 */
public record RoleDiagnostics(Heartbeat.Request request, Optional<Boolean> localWins, Map<String, Timer> timers) {

  /** @param remainingMs until the timer fires, 0 while it does not run */
  public record Timer(long remainingMs, long lengthMs) {}

  public RoleDiagnostics {
    timers = Map.copyOf(timers);
  }
}
