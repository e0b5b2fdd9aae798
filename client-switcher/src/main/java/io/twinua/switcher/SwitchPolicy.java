package io.twinua.switcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that decides whether to switch, and to which server. Pure: it sees the health
 * of every server and the time, and keeps no state of its own.
 *
 * <p>Part 4 §6.6.2.4.2: a client stays on a Healthy server and leaves one that is not Healthy
 * (lost, ServiceLevel below 200, Maintenance, ServerState not Running) for the best other by
 * ServiceLevel. A client with a preference returns to it only after the preferred server has
 * been Healthy for the whole hold-off, so that a flapping server does not drag it back and forth,
 * and not before the EstimatedReturnTime it announced when it went into Maintenance.
 */
final class SwitchPolicy {

  /** A switch the policy asks for. */
  record Move(String to, String reason) {}

  private final Duration holdOff;

  SwitchPolicy(Duration holdOff) {
    this.holdOff = Objects.requireNonNull(holdOff, "holdOff");
  }

  /**
   * @param current the server the client uses now, or null before the first connect
   * @param servers every server of the set, in set order (ties go to the earlier one)
   */
  Optional<Move> decide(String current, List<ServerHealth> servers, Preference preference, Instant now) {
    ServerHealth cur = current == null ? null : find(servers, current).orElse(null);
    Optional<ServerHealth> wanted = wanted(servers, preference);
    if (cur == null || !cur.reachable()) {
      String why = cur == null ? "connect" : cur.unhealthyReason();
      return wanted.or(() -> best(servers, current, false)).map(s -> new Move(s.serverUri(), why));
    }
    if (!cur.healthy()) {
      Optional<ServerHealth> other = wanted.filter(s -> !s.serverUri().equals(current))
          .or(() -> best(servers, current, true))
          .filter(s -> s.healthy() || s.serviceLevel() > cur.serviceLevel());
      return other.map(s -> new Move(s.serverUri(), cur.unhealthyReason()));
    }
    return wanted
        .filter(s -> !s.serverUri().equals(current))
        .filter(s -> s.healthySince().map(since -> !since.plus(holdOff).isAfter(now)).orElse(false))
        .filter(s -> s.returnsAt().map(at -> !at.isAfter(now)).orElse(true))
        .map(s -> new Move(s.serverUri(), "preferred server (" + preference + ") Healthy for " + holdOff.toMillis() + " ms"));
  }

  /** The Healthy server the preference names, if there is one. */
  private static Optional<ServerHealth> wanted(List<ServerHealth> servers, Preference preference) {
    List<ServerHealth> healthy = servers.stream().filter(ServerHealth::healthy).sorted(byLevel()).toList();
    return switch (preference.kind()) {
      case NONE -> Optional.empty();
      case MASTER -> healthy.stream().findFirst();
      case STANDBY -> healthy.stream().skip(healthy.size() > 1 ? 1 : 0).findFirst();
      case SERVER -> healthy.stream().filter(s -> s.serverUri().equals(preference.serverUri())).findFirst();
    };
  }

  /** The best other usable server by ServiceLevel (Healthy ones first). */
  private static Optional<ServerHealth> best(List<ServerHealth> servers, String current, boolean excludeCurrent) {
    return servers.stream()
        .filter(ServerHealth::usable)
        .filter(s -> !(excludeCurrent && s.serverUri().equals(current)))
        .sorted(byLevel())
        .findFirst();
  }

  /** Highest ServiceLevel first; stable, so equal levels keep set order. */
  private static Comparator<ServerHealth> byLevel() {
    return Comparator.comparingInt(ServerHealth::serviceLevel).reversed();
  }

  private static Optional<ServerHealth> find(List<ServerHealth> servers, String uri) {
    return servers.stream().filter(s -> s.serverUri().equals(uri)).findFirst();
  }
}
