package io.twinua.server.redundancy;

import io.twinua.server.redundancy.Heartbeat.Request;
import io.twinua.server.redundancy.RedundancyEvent.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides this station's role (redundancy-design "Role machine"). Pure logic:
 * no threads and no I/O of its own (a new epoch goes to the injected {@link EpochStore}); time
 * comes from the explicit {@code Instant} arguments or, for operator and local-status inputs, from
 * the injected {@link Clock}. Methods are synchronized so link listeners
 * on different threads may call it directly.
 *
 * <p>Rules, in the order they are checked on every input and {@link #tick}:
 * <ul>
 *   <li>redundancy off → STANDALONE, always; partner heartbeats are ignored.</li>
 *   <li>health check failed → FAULT at once (1012240; 1012353 as well if no partner can take over).
 *       An impaired station ({@link LocalStatus#impaired()}: a full archive queue) changes no role: it
 *       shows a degraded ServiceLevel only. The condition clears by itself, a burst that fills one
 *       station's queue usually fills the partner's as well, a switch would not bring back what was
 *       lost but cost every client a failover, and the heartbeat does not carry it.</li>
 *   <li>UNDEFINED (start-up): on the first partner heartbeat: partner MASTER → STANDBY; partner
 *       STANDBY/FAULT → MASTER; partner UNDEFINED → {@link MasterRule#atStartup}; nothing heard within
 *       the start-up window → MASTER (1012205).</li>
 *   <li>The partner is reachable while any link is UP (a heartbeat within the link timeout). All links
 *       DOWN → partner lost (1012200): STANDBY → MASTER at once, MASTER stays. Any link UP again →
 *       1012201. A lost terminal bus with a live status link changes no role (1012222/1012223 etc.).
 *       A partner that reports STANDALONE is not in the pair and counts as absent for decisions.</li>
 *   <li>A link is lost after the link timeout without a heartbeat on it, not counting time in which this
 *       station could not listen itself ({@link #tick(Instant, long)}). A loss that proves false (the
 *       partner's heartbeats resume in sequence: late, not lost) doubles that timeout, up to 8 times,
 *       halved again after each quiet minute ({@link LinkPatience}).</li>
 *   <li>MASTER and partner MASTER → operator requests first (TAKEOVER with higher epoch wins, YIELD
 *       loses), else {@link MasterRule#decide} on our last sent heartbeat and the partner's; the loser
 *       goes STANDBY (1012241), the winner raises its epoch above the partner's.</li>
 *   <li>MASTER with more defective AS than a healthy STANDBY partner, continuously for the stability
 *       delay → FAULT (1012240). Equal counts (an AS lost by both) are no redundancy fault.</li>
 *   <li>STANDBY: partner FAULT or partner MASTER asking YIELD → MASTER (1012241); partner STANDBY too
 *       → {@link MasterRule#decide}. A STANDBY adopts the partner's higher epoch.</li>
 *   <li>FAULT (healthy again): partner lost or partner in Fault too → MASTER at once; own defective
 *       AS ≤ partner's continuously for the stability delay → STANDBY (1012241).</li>
 *   <li>Becoming MASTER sets epoch = max(own, partner) + 1 and masterSince = now; a MASTER that sees
 *       a higher epoch on a non-Master partner raises its own above it, so the Master always holds
 *       the pair's highest epoch.</li>
 * </ul>
 * The epoch starts from the {@link EpochStore} and every new epoch is saved there before it is
 * used or announced, so a restarted station never uses an epoch number again.
 * Every role change produces exactly one role-change event and one INFO log line.
 */
public final class RoleMachine {

  private static final Logger LOG = LoggerFactory.getLogger(RoleMachine.class);

  private final String station;
  private final String projectDigest;
  private final EpochStore epochs;
  private final RedundancySettings settings;
  private final Clock clock;
  private final Instant startedAt;
  private final Map<LinkId, LinkTrack> links = new EnumMap<>(LinkId.class);
  private final List<RedundancyEvent> events = new ArrayList<>();
  /** An operator request not carried out within this time is dropped (and reported). */
  private final long requestTimeoutMs;

  private RedundancyRole role = RedundancyRole.UNDEFINED;
  private long epoch;
  private Instant masterSince;
  private LocalStatus local = LocalStatus.INITIAL;
  private Request request = Request.NONE;
  private Instant requestSince;
  private long sequence;
  private Heartbeat lastSent;
  /** Start of the current process-fault (MASTER) or recovery (FAULT) condition, null if it does not hold. */
  private Instant conditionSince;

  private Heartbeat partner;
  private boolean acceptAnyNext = true;
  private boolean reachable;
  private boolean everReached;
  private boolean startedAlone;
  private Instant lastHeardAt;
  /**
   * A loss not judged yet: the partner came back with a repeat of its last heartbeat (e.g. the
   * terminal bus re-reading the heartbeat node), which tells nothing of the sequence; the first
   * newer heartbeat judges it.
   */
  private PendingLoss pendingLoss;

  /** The partner's last heartbeat before a loss and when it was heard. */
  private record PendingLoss(Heartbeat before, Instant heardBefore) {}
  private Instant failedAt;
  private Instant backAt;
  private boolean projectsEquivalent = true;
  private String reportedDigest;
  private boolean ownNameWarned;
  private boolean epochSaveFailed;
  /** Published after every input for {@link #previewMasterRequest}, which takes no lock. */
  private volatile SwitchView switchView;

  private static final class LinkTrack {
    boolean up;
    Instant lastHeartbeatAt;
    Instant changedAt;
    /** Time since the last heartbeat during which this station itself could not listen (ms). */
    long deafMs;
  }

  /** How long a link may be silent before it is lost: the link timeout, raised after false losses. */
  private final LinkPatience patience;

  /**
   * @param station this station's name (as in its heartbeats)
   * @param projectDigest hex digest of the project this station runs ("" if unknown: not compared)
   * @param links the links configured between the two stations
   * @param epochs where the epoch comes from at start and where each new one is saved
   * @param clock time for {@link #onLocalStatus} and {@link #requestMaster}; also the start of the
   *     start-up window
   */
  public RoleMachine(String station, String projectDigest, RedundancySettings settings, Set<LinkId> links,
      EpochStore epochs, Clock clock) {
    this.epochs = Objects.requireNonNull(epochs, "epochs");
    this.epoch = epochs.lastUsed();
    this.station = Objects.requireNonNull(station, "station");
    this.projectDigest = Objects.requireNonNull(projectDigest, "projectDigest");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (station.isBlank()) {
      throw new IllegalArgumentException("redundancy: station name must not be blank");
    }
    if (settings.redundancyEnabled() && links.isEmpty()) {
      throw new IllegalArgumentException("redundancy: station " + station + " has redundancy on but no link");
    }
    for (LinkId id : links) {
      this.links.put(id, new LinkTrack());
    }
    this.requestTimeoutMs = 5 * settings.linkTimeoutMs();
    this.patience = new LinkPatience(settings.linkTimeoutMs());
    this.startedAt = clock.instant();
    evaluate(startedAt);
  }

  // ---------------------------------------------------------------- inputs

  /** A valid partner heartbeat arrived on {@code link} (decoded and checked by the link). */
  public synchronized void onHeartbeat(LinkId link, Heartbeat heartbeat, Instant receivedAt) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(receivedAt, "receivedAt");
    LinkTrack track = links.get(Objects.requireNonNull(link, "link"));
    if (track == null) {
      throw new IllegalArgumentException("redundancy: link " + link + " is not configured for station " + station);
    }
    if (!settings.redundancyEnabled()) {
      return;
    }
    if (heartbeat.station().equals(station)) {
      // a looped-back cable or a partner configured with our name: deciding on it would be nonsense
      if (!ownNameWarned) {
        ownNameWarned = true;
        LOG.warn("Redundancy: heartbeat on {} carries this station's own name {}; ignored", link, station);
      }
      return;
    }
    boolean wasLost = everReached && !reachable;
    Heartbeat before = partner;
    Instant heardBefore = lastHeardAt;
    track.lastHeartbeatAt = receivedAt;
    track.deafMs = 0;
    if (!track.up) {
      track.up = true;
      boolean wasUpBefore = track.changedAt != null;
      track.changedAt = receivedAt;
      if (wasUpBefore) {
        event(link.restoredEvent(), receivedAt, link + " to partner " + heartbeat.station() + " is up again");
      }
    }
    if (lastHeardAt == null || receivedAt.isAfter(lastHeardAt)) {
      lastHeardAt = receivedAt;
    }
    // the same heartbeat arrives on every link: keep the newest; a restarted partner counts again
    // from 1 but with a later send time
    if (acceptAnyNext || partner == null || heartbeat.sequence() > partner.sequence()
        || heartbeat.sentAtMillis() > partner.sentAtMillis() || !heartbeat.station().equals(partner.station())) {
      partner = heartbeat;
      acceptAnyNext = false;
      checkProjectDigest(heartbeat, receivedAt);
    }
    updateReachability(receivedAt);
    if (wasLost && reachable && before != null && heardBefore != null) {
      pendingLoss = new PendingLoss(before, heardBefore);
    }
    if (pendingLoss != null && newer(heartbeat, pendingLoss.before())) {
      judgeLoss(pendingLoss.before(), heartbeat, pendingLoss.heardBefore(), receivedAt);
      pendingLoss = null;
    }
    evaluate(receivedAt);
  }

  /** Sent after {@code than}: a later sequence number, or a later send time (a restarted partner), or another station. */
  private static boolean newer(Heartbeat heartbeat, Heartbeat than) {
    return heartbeat.sequence() > than.sequence() || heartbeat.sentAtMillis() > than.sentAtMillis()
        || !heartbeat.station().equals(than.station());
  }

  /**
   * The partner is back after a loss: if its heartbeats continue the sequence they had (the same
   * run of the partner, hardly any missing), they were late, not lost, and the loss was false.
   */
  private void judgeLoss(Heartbeat before, Heartbeat back, Instant heardBefore, Instant now) {
    if (before == null || heardBefore == null || !before.station().equals(back.station())
        || back.sequence() <= before.sequence()) {
      return; // a restarted partner counts from 1 again: that loss was real
    }
    long missed = back.sequence() - before.sequence() - 1;
    long silenceMs = Math.max(0, millis(heardBefore, now));
    long oldMs = patience.timeoutMs();
    if (patience.partnerBack(missed, silenceMs, settings.heartbeatPeriodMs(), now)) {
      LOG.warn("Redundancy: heartbeats of {} came back in sequence ({} -> {}) after {} ms: late, not lost (an"
          + " overloaded or paused machine); link timeout {} -> {} ms until {} s without another", back.station(),
          before.sequence(), back.sequence(), silenceMs, oldMs, patience.timeoutMs(),
          LinkPatience.CALM_DOWN.toSeconds());
    }
  }

  /** This station's own process connections and health changed (or were re-checked). */
  public synchronized void onLocalStatus(LocalStatus status) {
    local = Objects.requireNonNull(status, "status");
    evaluate(clock.instant());
  }

  /**
   * An authorised write of {@code @RM_MASTER}: 1 ({@code wantMaster}) on the Standby takes over at
   * once (TAKEOVER); 0 on the Master asks the Standby to take over (YIELD). Writing the value the
   * station already has is accepted without change. Refused, without any change, when the partner
   * is not reachable or cannot take over.
   */
  public synchronized SwitchResult requestMaster(boolean wantMaster) {
    Instant now = clock.instant();
    SwitchResult answer = answer(switchView(), wantMaster);
    if (!answer.accepted()) {
      return refuse(now, answer.reason());
    }
    if (wantMaster && role != RedundancyRole.MASTER) {
      becomeMaster(Kind.SWITCHED_MANUALLY, now, "operator takeover (@RM_MASTER = 1)");
      request = Request.TAKEOVER;
      requestSince = now;
      answer = SwitchResult.accepted("took over as Master, epoch " + epoch);
    } else if (!wantMaster && role == RedundancyRole.MASTER && request != Request.YIELD) {
      request = Request.YIELD;
      requestSince = now;
      event(Kind.SWITCHED_MANUALLY, now, "operator yield (@RM_MASTER = 0): asking " + partner.station()
          + " to take over");
    }
    switchView = switchView();
    return answer;
  }

  /**
   * What {@link #requestMaster} would answer now, from the state published after the last input,
   * without waiting for the machine's lock and without changing anything: a client's write thread
   * asks this and leaves the switch itself to the redundancy thread.
   */
  public SwitchResult previewMasterRequest(boolean wantMaster) {
    return answer(switchView, wantMaster);
  }

  /** Records a switch refused by {@link #previewMasterRequest}, as {@link #requestMaster} would have. */
  public synchronized void recordRefusal(String reason) {
    refuse(clock.instant(), reason);
  }

  /** What decides an operator switch: see {@link #requestMaster}. */
  private record SwitchView(boolean enabled, RedundancyRole role, String partnerName, Heartbeat partnerInPair) {}

  private SwitchView switchView() {
    return new SwitchView(settings.redundancyEnabled(), role, partnerName(), partnerInPair() ? partner : null);
  }

  private static SwitchResult answer(SwitchView v, boolean wantMaster) {
    if (!v.enabled()) {
      return SwitchResult.refused("redundancy is switched off (Standalone)");
    }
    if (v.role() == RedundancyRole.UNDEFINED) {
      return SwitchResult.refused("start-up has not decided the role yet");
    }
    Heartbeat p = v.partnerInPair();
    if (wantMaster) {
      if (v.role() == RedundancyRole.MASTER) {
        return SwitchResult.accepted("already Master");
      }
      if (v.role() == RedundancyRole.FAULT) {
        return SwitchResult.refused("this station is in Fault");
      }
      return p == null
          ? SwitchResult.refused("partner " + v.partnerName() + " is not reachable on any link")
          : SwitchResult.accepted("takes over as Master");
    }
    if (v.role() != RedundancyRole.MASTER) {
      return SwitchResult.accepted("already not Master");
    }
    if (p == null) {
      return SwitchResult.refused("partner " + v.partnerName() + " is not reachable on any link");
    }
    if (p.role() != RedundancyRole.STANDBY || !p.healthy()) {
      return SwitchResult.refused("partner " + p.station() + " is " + p.role()
          + (p.healthy() ? "" : " and not healthy") + ", it cannot take over");
    }
    return SwitchResult.accepted("asked " + p.station() + " to take over");
  }

  /** Link timeouts, the start-up window, stability timers and request timeouts. Call often (≤ 100 ms). */
  public synchronized void tick(Instant now) {
    tick(now, 0);
  }

  /**
   * As {@link #tick(Instant)}, after this station itself could not run for {@code deafMs} (its
   * redundancy thread was not scheduled: a starved machine, a long GC pause): silence while we could
   * not listen is no evidence against the partner, so it does not count towards the link timeout.
   */
  public synchronized void tick(Instant now, long deafMs) {
    Objects.requireNonNull(now, "now");
    if (settings.redundancyEnabled()) {
      if (patience.calmDown(now)) {
        LOG.info("Redundancy: no late heartbeats for {} s; link timeout back to {} ms",
            LinkPatience.CALM_DOWN.toSeconds(), patience.timeoutMs());
      }
      for (Map.Entry<LinkId, LinkTrack> e : links.entrySet()) {
        LinkTrack t = e.getValue();
        if (t.up) {
          t.deafMs += Math.max(0, deafMs);
        }
        if (t.up && millis(t.lastHeartbeatAt, now) - t.deafMs >= patience.timeoutMs()) {
          t.up = false;
          t.changedAt = now;
          event(e.getKey().lostEvent(), now, "no heartbeat from " + partnerName() + " on " + e.getKey()
              + " since " + t.lastHeartbeatAt);
        }
      }
      updateReachability(now);
    }
    evaluate(now);
  }

  // ---------------------------------------------------------------- outputs

  public synchronized RedundancyRole role() {
    return role;
  }

  public synchronized long epoch() {
    return epoch;
  }

  /** When this station became Master (epoch millis), 0 when it is not Master. */
  public synchronized long masterSinceMillis() {
    return masterSince == null ? 0 : masterSince.toEpochMilli();
  }

  public synchronized LocalStatus localStatus() {
    return local;
  }

  public String station() {
    return station;
  }

  public RedundancySettings settings() {
    return settings;
  }

  /** The current Master's station name, as both stations see it ({@code @RM_MASTER_NAME}). */
  public synchronized Optional<String> masterName() {
    if (role == RedundancyRole.MASTER || role == RedundancyRole.STANDALONE) {
      return Optional.of(station);
    }
    if (partnerInPair() && partner.role() == RedundancyRole.MASTER) {
      return Optional.of(partner.station());
    }
    return Optional.empty();
  }

  public synchronized PartnerView partner() {
    Map<LinkId, LinkStatus> view = new EnumMap<>(LinkId.class);
    links.forEach((id, t) -> view.put(id, new LinkStatus(id, t.up, Optional.ofNullable(t.lastHeartbeatAt),
        Optional.ofNullable(t.changedAt))));
    return new PartnerView(Optional.ofNullable(partner), Collections.unmodifiableMap(view),
        Optional.ofNullable(failedAt), Optional.ofNullable(backAt), projectsEquivalent);
  }

  /** Request, the pair rule's verdict and the timers, for the station diagnostics (read only). */
  public synchronized RoleDiagnostics diagnostics(Instant now) {
    Optional<Boolean> localWins = partnerInPair()
        ? Optional.of(MasterRule.decide(ownHeartbeatForRule(), partner).localWins()) : Optional.empty();
    Map<String, RoleDiagnostics.Timer> timers = new java.util.LinkedHashMap<>();
    timers.put("stabilityDelay", timer(conditionSince, settings.stabilityDelayMs(), now));
    timers.put("startupWindow", timer(role == RedundancyRole.UNDEFINED && settings.redundancyEnabled() ? startedAt : null,
        settings.startupWindowMs(), now));
    timers.put("switchRequest", timer(request == Request.NONE ? null : requestSince, requestTimeoutMs, now));
    timers.put("linkTimeout", linkTimer(now));
    return new RoleDiagnostics(request, localWins, timers);
  }

  /** Until the last link still up is lost; its length is the current (possibly raised) link timeout. */
  private RoleDiagnostics.Timer linkTimer(Instant now) {
    long remaining = 0;
    for (LinkTrack t : links.values()) {
      if (t.up) {
        remaining = Math.max(remaining, patience.timeoutMs() + t.deafMs - millis(t.lastHeartbeatAt, now));
      }
    }
    return new RoleDiagnostics.Timer(Math.max(0, remaining), patience.timeoutMs());
  }

  private static RoleDiagnostics.Timer timer(Instant since, long lengthMs, Instant now) {
    return new RoleDiagnostics.Timer(since == null ? 0 : Math.max(0, lengthMs - millis(since, now)), lengthMs);
  }

  /** The heartbeat to send now on every link; each call takes the next sequence number. */
  public synchronized Heartbeat nextHeartbeat(Instant now) {
    sequence++;
    lastSent = new Heartbeat(station, role, epoch, masterSinceMillis(), local.defectiveAs(), local.totalAs(),
        settings.defaultMaster(), local.healthy(), local.impaired(), request, projectDigest, sequence,
        now.toEpochMilli());
    return lastSent;
  }

  /** Events since the last call, oldest first. */
  public synchronized List<RedundancyEvent> drainEvents() {
    List<RedundancyEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  // ---------------------------------------------------------------- decisions

  private void evaluate(Instant now) {
    decide(now);
    switchView = switchView();
  }

  private void decide(Instant now) {
    if (!settings.redundancyEnabled()) {
      if (role != RedundancyRole.STANDALONE) {
        changeRole(RedundancyRole.STANDALONE, Kind.ROLE_CHANGED, now, "redundancy is switched off");
      }
      return;
    }
    expireRequest(now);
    if (!local.healthy()) {
      conditionSince = null;
      if (role != RedundancyRole.FAULT) {
        changeRole(RedundancyRole.FAULT, Kind.FAILURE_TRIGGERED_SWITCHOVER, now,
            local.fault().isEmpty() ? "health check failed" : "health check failed: " + local.fault());
        if (!partnerInPair()) {
          event(Kind.FAULT_PARTNER_NOT_AVAILABLE, now, "Fault, but partner " + partnerName() + " is not available");
        }
      }
      return;
    }
    Heartbeat p = partnerInPair() ? partner : null;
    switch (role) {
      case UNDEFINED -> decideStartup(p, now);
      case MASTER -> actAsMaster(p, now);
      case STANDBY -> actAsStandby(p, now);
      case FAULT -> actInFault(p, now);
      case STANDALONE -> { }
    }
  }

  private void decideStartup(Heartbeat p, Instant now) {
    if (p == null) {
      if (reachable && partner != null) {
        becomeMaster(Kind.ROLE_CHANGED, now, "partner " + partner.station() + " runs with redundancy off");
      } else if (millis(startedAt, now) >= settings.startupWindowMs()) {
        startedAlone = true;
        event(Kind.CONNECTION_TO_PARTNER_FAILED, now, "no heartbeat from the partner within the start-up window of "
            + settings.startupWindowMs() + " ms");
        becomeMaster(Kind.ROLE_CHANGED, now, "start-up: no partner heard");
      }
      return;
    }
    switch (p.role()) {
      case MASTER -> becomeStandby(Kind.ROLE_CHANGED, now, "start-up: partner " + p.station() + " is Master");
      case STANDBY, FAULT -> becomeMaster(Kind.ROLE_CHANGED, now, "start-up: partner " + p.station() + " is "
          + p.role());
      case UNDEFINED -> {
        MasterRule.Verdict v = MasterRule.atStartup(ownHeartbeatForRule(), p);
        if (v.localWins()) {
          becomeMaster(Kind.ROLE_CHANGED, now, "simultaneous start: " + v.reason());
        } else {
          becomeStandby(Kind.ROLE_CHANGED, now, "simultaneous start: " + v.reason());
        }
      }
      default -> { }
    }
  }

  private void actAsMaster(Heartbeat p, Instant now) {
    if (p == null) {
      conditionSince = null;
      return;
    }
    if (request == Request.TAKEOVER && p.role() != RedundancyRole.MASTER) {
      request = Request.NONE; // the old Master obeyed
    }
    if (p.role() == RedundancyRole.MASTER) {
      conditionSince = null;
      resolveTwoMasters(p, now);
      return;
    }
    if (p.epoch() > epoch) {
      // the partner was Master meanwhile (it lost the two-Master rule before we saw it as Master):
      // the Master must hold the pair's highest epoch
      long old = epoch;
      useEpoch(p.epoch() + 1);
      LOG.info("Redundancy: {} stays Master, partner {} had epoch {}; epoch {} -> {}", station, p.station(),
          p.epoch(), old, epoch);
    }
    boolean worse = p.role() == RedundancyRole.STANDBY && p.healthy() && local.defectiveAs() > p.defectiveAs();
    if (!worse) {
      conditionSince = null;
      return;
    }
    if (conditionSince == null) {
      conditionSince = now;
    }
    if (millis(conditionSince, now) >= settings.stabilityDelayMs()) {
      changeRole(RedundancyRole.FAULT, Kind.FAILURE_TRIGGERED_SWITCHOVER, now, "process connection fault: "
          + local.defectiveAs() + " of " + local.totalAs() + " AS defective here, " + p.defectiveAs() + " on "
          + p.station() + " since " + conditionSince);
    }
  }

  private void resolveTwoMasters(Heartbeat p, Instant now) {
    MasterRule.Verdict v;
    if (request == Request.TAKEOVER && epoch > p.epoch()) {
      v = new MasterRule.Verdict(true, 0, "operator takeover on " + station);
    } else if (p.request() == Request.TAKEOVER && p.epoch() > epoch) {
      v = new MasterRule.Verdict(false, 0, "operator takeover on " + p.station());
    } else if (request == Request.YIELD) {
      v = new MasterRule.Verdict(false, 0, "operator yield on " + station);
    } else if (p.request() == Request.YIELD) {
      v = new MasterRule.Verdict(true, 0, "operator yield on " + p.station());
    } else {
      v = MasterRule.decide(ownHeartbeatForRule(), p);
    }
    if (v.localWins()) {
      if (epoch <= p.epoch()) {
        long old = epoch;
        useEpoch(p.epoch() + 1);
        LOG.info("Redundancy: two Masters, {} stays Master ({}); epoch {} -> {}", station, v.reason(), old, epoch);
      }
    } else {
      becomeStandby(Kind.SWITCH_TO_STATUS, now, "two Masters: " + v.reason());
    }
  }

  private void actAsStandby(Heartbeat p, Instant now) {
    if (p == null) {
      becomeMaster(Kind.SWITCH_TO_STATUS, now, reachable
          ? "partner " + partnerName() + " runs with redundancy off"
          : "partner " + partnerName() + " lost: no heartbeat on any link since " + lastHeardAt);
      return;
    }
    if (p.epoch() > epoch) {
      useEpoch(p.epoch());
    }
    switch (p.role()) {
      case FAULT -> becomeMaster(Kind.SWITCH_TO_STATUS, now, "partner " + p.station() + " is in Fault");
      case MASTER -> {
        if (p.request() == Request.YIELD) {
          becomeMaster(Kind.SWITCH_TO_STATUS, now, "partner " + p.station() + " yields (operator switch)");
        }
      }
      case STANDBY -> {
        MasterRule.Verdict v = MasterRule.decide(ownHeartbeatForRule(), p);
        if (v.localWins()) {
          becomeMaster(Kind.SWITCH_TO_STATUS, now, "two Standbys: " + v.reason());
        }
      }
      default -> { }
    }
  }

  private void actInFault(Heartbeat p, Instant now) {
    if (p == null) {
      becomeMaster(Kind.SWITCH_TO_STATUS, now, "in Fault but healthy and partner " + partnerName()
          + " is not available");
      return;
    }
    if (p.role() == RedundancyRole.FAULT) {
      // nobody serves: a healthy station with some defective AS beats none (no stability delay,
      // just as a Standby replaces a Master in Fault at once)
      becomeMaster(Kind.SWITCH_TO_STATUS, now, "partner " + p.station() + " is in Fault too; this station is healthy");
      return;
    }
    boolean recovered = local.defectiveAs() <= p.defectiveAs();
    if (!recovered) {
      conditionSince = null;
      return;
    }
    if (conditionSince == null) {
      conditionSince = now;
    }
    if (millis(conditionSince, now) >= settings.stabilityDelayMs()) {
      becomeStandby(Kind.SWITCH_TO_STATUS, now, "recovered from Fault: " + local.defectiveAs() + " of "
          + local.totalAs() + " AS defective here, " + p.defectiveAs() + " on " + p.station() + " since "
          + conditionSince);
    }
  }

  private void becomeMaster(Kind kind, Instant now, String reason) {
    useEpoch(Math.max(epoch, partner == null ? 0 : partner.epoch()) + 1);
    masterSince = now;
    changeRole(RedundancyRole.MASTER, kind, now, reason);
  }

  private void becomeStandby(Kind kind, Instant now, String reason) {
    if (partner != null && partner.epoch() > epoch) {
      useEpoch(partner.epoch());
    }
    changeRole(RedundancyRole.STANDBY, kind, now, reason);
  }

  /**
   * Saves the new epoch before anything can announce it. A store that fails is logged and the epoch
   * used anyway: refusing the Master role over a full disk would leave the plant without a server,
   * and a reuse needs this failure and a restart together.
   */
  private void useEpoch(long newEpoch) {
    try {
      epochs.save(newEpoch);
      epochSaveFailed = false;
    } catch (RuntimeException e) {
      if (!epochSaveFailed) {
        epochSaveFailed = true;
        LOG.error("Redundancy: cannot save epoch {}; a restart could use it again", newEpoch, e);
      }
    }
    epoch = newEpoch;
  }

  private void changeRole(RedundancyRole newRole, Kind kind, Instant now, String reason) {
    RedundancyRole old = role;
    role = newRole;
    if (newRole != RedundancyRole.MASTER) {
      masterSince = null;
    }
    conditionSince = null;
    request = Request.NONE;
    events.add(new RedundancyEvent(kind, now, reason, old, newRole, epoch));
    LOG.info("Redundancy role {} -> {} (station {}, epoch {}, {}): {}", old, newRole, station, epoch,
        messageLabel(kind), reason);
  }

  private void expireRequest(Instant now) {
    if (request != Request.NONE && millis(requestSince, now) >= requestTimeoutMs) {
      Request expired = request;
      request = Request.NONE;
      event(Kind.SWITCH_REQUEST_REFUSED, now, "operator " + expired + " not carried out within "
          + requestTimeoutMs + " ms; dropped");
    }
  }

  // ---------------------------------------------------------------- partner bookkeeping

  private void updateReachability(Instant now) {
    boolean any = links.values().stream().anyMatch(t -> t.up);
    if (any == reachable) {
      return;
    }
    reachable = any;
    if (any) {
      if (everReached) {
        backAt = now;
        event(Kind.PARTNER_BACK, now, "partner " + partnerName() + " back online at " + now + " (lost at "
            + failedAt + ")");
      } else if (startedAlone) {
        event(Kind.CONNECTION_TO_PARTNER_RESTORED, now, "partner " + partnerName() + " heard for the first time at "
            + now);
      }
      everReached = true;
    } else {
      failedAt = now;
      acceptAnyNext = true;
      if (request != Request.NONE) {
        request = Request.NONE;
        LOG.info("Redundancy: operator request dropped, partner lost");
      }
      event(Kind.PARTNER_FAILURE, now, "partner " + partnerName() + " failed at " + now
          + ": no heartbeat on any link since " + lastHeardAt);
    }
  }

  private void checkProjectDigest(Heartbeat h, Instant now) {
    String theirs = h.projectDigest().toLowerCase(Locale.ROOT);
    String mine = projectDigest.toLowerCase(Locale.ROOT);
    if (theirs.isEmpty() || mine.isEmpty()) {
      return;
    }
    // the wire may carry a shortened digest (16 hex chars): compare the common prefix
    boolean same = Math.min(theirs.length(), mine.length()) >= 16
        ? mine.startsWith(theirs) || theirs.startsWith(mine)
        : mine.equals(theirs);
    if (same) {
      if (!projectsEquivalent) {
        LOG.info("Redundancy: partner {} runs the same project again", h.station());
      }
      projectsEquivalent = true;
      reportedDigest = null;
    } else {
      projectsEquivalent = false;
      if (!theirs.equals(reportedDigest)) {
        reportedDigest = theirs;
        event(Kind.PROJECTS_NOT_EQUIVALENT, now, "partner " + h.station() + " runs project " + h.projectDigest()
            + ", this station " + projectDigest);
      }
    }
  }

  private boolean partnerInPair() {
    return reachable && partner != null && partner.role() != RedundancyRole.STANDALONE;
  }

  private String partnerName() {
    return partner == null ? "(not heard yet)" : partner.station();
  }

  /**
   * Our side of the rule: the defective count we last told the partner, so that both stations
   * compare the same two heartbeats; masterSince is what we send while Master.
   */
  private Heartbeat ownHeartbeatForRule() {
    int defective = lastSent != null ? lastSent.defectiveAs() : local.defectiveAs();
    int total = lastSent != null ? lastSent.totalAs() : local.totalAs();
    return new Heartbeat(station, role, epoch, masterSinceMillis(), defective, total, settings.defaultMaster(),
        local.healthy(), false, request, projectDigest, sequence, 0);
  }

  private SwitchResult refuse(Instant now, String reason) {
    event(Kind.SWITCH_REQUEST_REFUSED, now, "operator switch refused: " + reason);
    return SwitchResult.refused(reason);
  }

  private void event(Kind kind, Instant now, String detail) {
    events.add(new RedundancyEvent(kind, now, detail, role, role, epoch));
    if (kind.problem()) {
      LOG.warn("Redundancy {} (station {}, role {}): {}", messageLabel(kind), station, role, detail);
    } else {
      LOG.info("Redundancy {} (station {}, role {}): {}", messageLabel(kind), station, role, detail);
    }
  }

  private static String messageLabel(Kind kind) {
    return kind.messageNumber() == 0 ? kind.name() : kind.name() + " [" + kind.messageNumber() + "]";
  }

  private static long millis(Instant from, Instant to) {
    return Duration.between(from, to).toMillis();
  }
}
