package io.twinua.server.diagnostics;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one station knows of itself and its partner at one moment (redundancy-behaviour §8). Plain
 * values only: {@link SnapshotJson} renders it for {@code twinua diag} and the status page, {@link
 * DiagnosticsNodes} as OPC UA nodes. Nullable fields are facts not known (yet) or not configured.
 *
 * @param role notified state: Uninitialized, Master, Standby, Fault, Standalone
 * @param internalState the role or, while an operator switch is under way, SwitchUp/SwitchDown;
 *     Disabled when redundancy is off
 * @param preference which side the pair's rule prefers as Master: PrefSelf, PrefPartner, NoPref
 */
public record StationSnapshot(
    String name,
    String uri,
    Instant time,
    String role,
    String internalState,
    long epoch,
    int serviceLevel,
    String preference,
    boolean runtimeRunning,
    boolean maintenance,
    Validation validation,
    Map<String, Timer> stability,
    Partner partner,
    Links links,
    AsConnections as,
    Clients clients,
    Health health,
    Sync sync,
    List<Message> messages) {

  /** Link and partner states besides UP/DOWN. */
  public static final String NOT_CONFIGURED = "NOT_CONFIGURED";

  public StationSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
    stability = Map.copyOf(stability);
    messages = List.copyOf(messages);
  }

  /**
   * The score that decides who should be Master: the ServiceLevel each station would have as
   * Master (health and defective AS connections); null when the partner is not heard.
   */
  public record Validation(Integer local, Integer partner) {}

  /** @param remainingMs until the timer fires, 0 while it does not run */
  public record Timer(long remainingMs, long lengthMs) {}

  /**
   * @param state UP (heard on some link), DOWN, NOT_CONFIGURED (no pair)
   * @param linkToPartner our OPC UA session at the partner (terminal bus, our client)
   * @param linkFromPartner the partner's heartbeats reaching us over the terminal bus
   * @param clockDifferenceMs partner clock minus ours, null until measured
   */
  public record Partner(String name, String role, String state, String linkToPartner, String linkFromPartner,
      Long clockDifferenceMs, boolean runtimeRunning, boolean projectsEquivalent) {}

  /** One link; counters null where the link has none (the terminal bus), port null unless serial. */
  public record Link(String state, String port, Long framesSent, Long framesReceived, Long errors) {

    public static Link notConfigured() {
      return new Link(NOT_CONFIGURED, null, null, null, null);
    }
  }

  public record Links(Link terminalBus, Link serial, Link secondLan) {}

  /** @param state CONNECTED, CONNECTING, DEFECTIVE; {@code since} and {@code reason} may be null */
  public record As(String name, String state, Instant since, String reason) {}

  /** @param partner the partner's own AS connections as its diagnostics show them; empty while not known */
  public record AsConnections(List<As> local, List<As> partner) {
    public AsConnections {
      local = List.copyOf(local);
      partner = List.copyOf(partner);
    }
  }

  public record Clients(int sessions, int subscriptions) {}

  /** @param verdict HEALTHY, IMPAIRED, DEAD */
  public record Health(String verdict, List<Part> parts) {
    public Health {
      parts = List.copyOf(parts);
    }
  }

  /** @param state ALIVE, IMPAIRED, FAILING, DEAD */
  public record Part(String name, String state, Instant lastSignOfLife, String problem) {}

  /**
   * @param inSyncUpTo the archive is complete up to here (the present when nothing is pending)
   * @param running the gap window being filled now, null when idle
   * @param lastResult the last filled window, null if none since start-up
   */
  public record Sync(boolean needsSync, Instant inSyncUpTo, String running, String lastResult) {}

  public record Message(Instant time, int number, String text, String detail) {}
}
