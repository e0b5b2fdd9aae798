package io.twinua.server.diagnostics;

import io.twinua.server.archive.Ticks;
import io.twinua.server.health.ApplicationHealth;
import io.twinua.server.process.AsConnectionStatus;
import io.twinua.server.redundancy.Heartbeat;
import io.twinua.server.redundancy.LinkId;
import io.twinua.server.redundancy.LinkStatus;
import io.twinua.server.redundancy.LocalStatus;
import io.twinua.server.redundancy.PartnerView;
import io.twinua.server.redundancy.RedundancyRole;
import io.twinua.server.redundancy.RoleDiagnostics;
import io.twinua.server.redundancy.RoleMachine;
import io.twinua.server.redundancy.ServiceLevels;
import io.twinua.server.redundancy.StationRedundancy;
import io.twinua.server.redundancy.partner.PartnerLink;
import io.twinua.server.redundancy.partner.clock.PartnerClockCheck;
import io.twinua.server.redundancy.statuslink.SerialStatusLink;
import io.twinua.server.redundancy.statuslink.StatusLink;
import io.twinua.server.redundancy.statuslink.StatusLinkCounters;
import io.twinua.server.redundancy.statuslink.UdpStatusLink;
import io.twinua.server.sync.DigestCompare;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.GapWindow;
import io.twinua.server.sync.SyncReport;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;

/**
 * Gathers a {@link StationSnapshot} from the station's parts through their read-only accessors.
 * Takes no lock longer than an accessor does and waits for nothing (no archive, no network), so it
 * may run on the station's timer thread.
 */
public final class StationFacts {

  /** Where the facts come from; suppliers for parts that start later than the facts are built. */
  public record Sources(
      String name,
      String uri,
      StationRedundancy redundancy,
      Supplier<List<AsConnectionStatus>> asConnections,
      Supplier<Optional<ApplicationHealth>> health,
      Supplier<Optional<GapSync>> gapSync,
      Supplier<Optional<DigestCompare>> digestCompare,
      Supplier<List<StationSnapshot.As>> partnerAs,
      OpcUaServer server,
      RecentMessages messages,
      Clock clock) {}

  private final Sources sources;

  public StationFacts(Sources sources) {
    this.sources = sources;
  }

  public StationSnapshot snapshot() {
    Instant now = sources.clock().instant();
    StationRedundancy redundancy = sources.redundancy();
    RoleMachine machine = redundancy.machine();
    RedundancyRole role = machine.role();
    LocalStatus local = machine.localStatus();
    PartnerView partner = machine.partner();
    RoleDiagnostics mind = machine.diagnostics(now);
    boolean maintenance = redundancy.maintenance();
    boolean paired = redundancy.partnerName().isPresent();
    Optional<Heartbeat> heard = partner.reachable() ? partner.latest() : Optional.empty();
    StationSnapshot.Sync sync = sync(now);

    Map<String, StationSnapshot.Timer> timers = new LinkedHashMap<>();
    mind.timers().forEach((n, t) -> timers.put(n, new StationSnapshot.Timer(t.remainingMs(), t.lengthMs())));
    return new StationSnapshot(
        sources.name(), sources.uri(), now,
        roleName(role), internalState(role, mind.request(), machine.settings().redundancyEnabled()),
        machine.epoch(), ServiceLevels.of(role, local, maintenance),
        preference(mind, sync.needsSync()),
        true, maintenance,
        new StationSnapshot.Validation(validation(local), heard.map(h -> validation(h.localStatus())).orElse(null)),
        timers,
        partner(redundancy, partner, heard, paired),
        links(redundancy, partner, paired),
        new StationSnapshot.AsConnections(sources.asConnections().get().stream().map(StationFacts::as).toList(),
            paired ? sources.partnerAs().get() : List.of()),
        clients(),
        health(),
        sync,
        sources.messages().newestFirst());
  }

  /** Redundancy-behaviour §8 names the notified states so. */
  static String roleName(RedundancyRole role) {
    return switch (role) {
      case UNDEFINED -> "Uninitialized";
      case MASTER -> "Master";
      case STANDBY -> "Standby";
      case FAULT -> "Fault";
      case STANDALONE -> "Standalone";
    };
  }

  static String internalState(RedundancyRole role, Heartbeat.Request request, boolean enabled) {
    if (!enabled) {
      return "Disabled";
    }
    return switch (request) {
      case TAKEOVER -> "SwitchUp";
      case YIELD -> "SwitchDown";
      case NONE -> roleName(role);
    };
  }

  /** A station that still misses data prefers its partner; otherwise the pair's rule decides. */
  static String preference(RoleDiagnostics mind, boolean needsSync) {
    if (mind.localWins().isEmpty()) {
      return "NoPref";
    }
    if (needsSync) {
      return "PrefPartner";
    }
    return mind.localWins().get() ? "PrefSelf" : "PrefPartner";
  }

  /** The ServiceLevel the station would have as Master: health first, then working AS connections. */
  static int validation(LocalStatus status) {
    return ServiceLevels.of(RedundancyRole.MASTER, status, false);
  }

  private static StationSnapshot.Partner partner(StationRedundancy redundancy, PartnerView view,
      Optional<Heartbeat> heard, boolean paired) {
    if (!paired) {
      return new StationSnapshot.Partner(null, null, StationSnapshot.NOT_CONFIGURED, StationSnapshot.NOT_CONFIGURED,
          StationSnapshot.NOT_CONFIGURED, null, false, true);
    }
    Long clockMs = redundancy.partnerClock().flatMap(PartnerClockCheck::lastSample)
        .map(s -> s.offset().toMillis()).orElse(null);
    String to = redundancy.partnerLink().map(PartnerLink::state).map(Enum::name).orElse("DOWN");
    return new StationSnapshot.Partner(redundancy.partnerName().get(), heard.map(h -> roleName(h.role())).orElse(null),
        view.reachable() ? "UP" : "DOWN", to, linkState(view, LinkId.TERMINAL_BUS), clockMs, heard.isPresent(),
        view.projectsEquivalent());
  }

  private static String linkState(PartnerView view, LinkId id) {
    LinkStatus s = view.links().get(id);
    return s == null ? StationSnapshot.NOT_CONFIGURED : s.up() ? "UP" : "DOWN";
  }

  private static StationSnapshot.Links links(StationRedundancy redundancy, PartnerView view, boolean paired) {
    StationSnapshot.Link bus = paired ? new StationSnapshot.Link(linkState(view, LinkId.TERMINAL_BUS), null, null, null, null)
        : StationSnapshot.Link.notConfigured();
    StationSnapshot.Link serial = StationSnapshot.Link.notConfigured();
    StationSnapshot.Link lan = StationSnapshot.Link.notConfigured();
    for (StatusLink l : redundancy.statusLinks()) {
      if (l instanceof SerialStatusLink s && serial.state().equals(StationSnapshot.NOT_CONFIGURED)) {
        serial = statusLink(l, s.config().port());
      } else if (l instanceof UdpStatusLink && lan.state().equals(StationSnapshot.NOT_CONFIGURED)) {
        lan = statusLink(l, null);
      }
    }
    return new StationSnapshot.Links(bus, serial, lan);
  }

  private static StationSnapshot.Link statusLink(StatusLink l, String port) {
    StatusLinkCounters c = l.counters();
    return new StationSnapshot.Link(l.state().name(), port, c.sent(), c.received(), c.rejected() + c.sendFailed());
  }

  private static StationSnapshot.As as(AsConnectionStatus s) {
    String state = switch (s.state()) {
      case GOOD -> "CONNECTED";
      case CONNECTING -> "CONNECTING";
      case DEFECTIVE -> "DEFECTIVE";
    };
    return new StationSnapshot.As(s.as(), state, s.since(), s.reason());
  }

  private StationSnapshot.Clients clients() {
    OpcUaServer server = sources.server();
    return new StationSnapshot.Clients(server.getSessionManager().getAllSessions().size(), server.getSubscriptions().size());
  }

  private StationSnapshot.Health health() {
    return sources.health().get().map(h -> new StationSnapshot.Health(h.verdict().state().name(), h.parts().stream()
            .map(p -> new StationSnapshot.Part(p.name(), p.state(), p.lastSignOfLife().orElse(null), p.problem().orElse(null)))
            .toList()))
        .orElseGet(() -> new StationSnapshot.Health("HEALTHY", List.of()));
  }

  /** As {@code @RM_SyncedUpTo} shows it: the earliest pending gap window or differing digest bucket. */
  private StationSnapshot.Sync sync(Instant now) {
    Optional<GapSync> gap = sources.gapSync().get();
    if (gap.isEmpty()) {
      return new StationSnapshot.Sync(false, now, null, null);
    }
    List<GapWindow> pending = gap.get().pending();
    Optional<Instant> gapFrom = pending.stream().mapToLong(GapWindow::fromTicks).min().stream()
        .mapToObj(Ticks::toInstant).findFirst();
    Optional<Instant> differs = sources.digestCompare().get().flatMap(DigestCompare::differsFrom);
    Optional<Instant> upTo = Stream.of(gapFrom, differs).flatMap(Optional::stream).min(Instant::compareTo);
    String running = gap.get().pulse().stillFor().isPresent() && !pending.isEmpty() ? pending.get(0).id() : null;
    return new StationSnapshot.Sync(upTo.isPresent(), upTo.orElse(now), running,
        gap.get().lastReport().map(SyncReport::toString).orElse(null));
  }
}
