package io.twinua.tools.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinua.server.redundancy.partner.clock.PartnerClockCheck;
import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.bench.PairRoles;
import io.twinua.tools.bench.Polling;
import io.twinua.tools.bench.RoleClient;
import io.twinua.tools.bench.TruthComparison;
import io.twinua.tools.diag.StationDiagReader;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.pairlab.StationClock;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.TruthValue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/**
 * The cycles of one chaos run on a started {@link LoopbackPair}: each applies its planned fault,
 * heals it, waits for Master/Standby with no sync pending, and checks the archives and the
 * subscribers against the PLC's ground truth for the time since the previous check. Two Masters
 * (from the stations' logs) and leaks (against the footprint before the first fault) are checked
 * at the end. Every wait is bounded; a pair that does not come back ends the run as a failure.
 */
final class ChaosRun implements AutoCloseable {

  /** A tag of each automation station that changes on every PLC update ({@code Plant.<tag>} in the archive). */
  static final Map<String, String> CHECKED_TAGS = Map.of("AS1", "Intake.Pump1.RunSeconds", "AS2", "Distribution.Flow");
  static final String SUBSCRIBED_NODE = "nsu=" + LoopbackPair.PLANT_NS + ";s=Plant.Intake.Pump1.RunSeconds";
  /** Values younger than this may still sit in a station's write batch when a check starts. */
  private static final long SETTLE_MS = 3_000;
  /** How long an archive or a subscriber may take to hold every value after the pair settled. */
  private static final Duration CATCH_UP = Duration.ofSeconds(60);
  /** A subscriber must be on a Healthy server this long after the pair settled. */
  static final Duration SWITCH_BOUND = Duration.ofSeconds(30);
  /** Role lines of two processes: a hand-over may overlap by a log flush, not by a decision. */
  static final long DOUBLE_MASTER_TOLERANCE_MS = 500;
  private static final Duration POLL = Duration.ofMillis(200);
  /** Roles unchanged this long after a fault healed: the pair is back. */
  private static final Duration STEADY = Duration.ofSeconds(3);
  /** How long a station may take to report a fault in its redundancy log after the fault healed. */
  private static final Duration REPORT_WAIT = Duration.ofSeconds(30);
  /** How long a clock step may take to show in the station's CurrentTime (libfaketime re-reads its file). */
  private static final Duration STEP_SHOWS = Duration.ofSeconds(StationClock.CACHE_SECONDS + 4L);
  /** @RedundantServerState of a station in Fault. */
  private static final int FAULT = 3;

  /** Milo's default session timeout (2 min, what the partner link asks for) and a margin. */
  private static final Duration ABANDONED_SESSION_EXPIRY = Duration.ofSeconds(150);

  private final LoopbackPair pair;
  private final FaultRig rig;
  private final Map<Station, List<MasterTimeline.ClockShift>> clockShifts = new LinkedHashMap<>();
  private final ChaosVerdict verdict;
  private final PrintStream out;
  private final Map<Station, RoleClient> viewers = new LinkedHashMap<>();
  private final Map<Station, StationDiagReader> diagnostics = new LinkedHashMap<>();
  private final Map<Station, List<Long>> kills = new LinkedHashMap<>();
  private final Map<Station, Footprint> baseline = new LinkedHashMap<>();
  private final List<ChaosSubscriber> subscribers = new ArrayList<>();
  private final List<Long> cycleStarts = new ArrayList<>();
  private final ServerTrust trust;
  /** The clock step under way: its log's length before it, what CurrentTime showed, and until when it may not have. */
  private int stepFromLine;
  private Long stepSeen;
  private MasterTimeline.Window stepping;
  private long checkedUpTo;

  private ChaosRun(LoopbackPair pair, FaultRig rig, ChaosVerdict verdict, PrintStream out, ServerTrust trust) {
    this.pair = pair;
    this.rig = rig;
    this.verdict = verdict;
    this.out = out;
    this.trust = trust;
  }

  /** Starts the pair and its clients; returns once both subscribers receive and the footprints are taken. */
  static ChaosRun start(LoopbackPair pair, FaultRig rig, Path work, ChaosVerdict verdict, PrintStream out)
      throws Exception {
    pair.startBoth();
    ChaosRun run = new ChaosRun(pair, rig, verdict, out, pair.clientTrust(work.resolve("client-pki")));
    try {
      var connector = new Connector(Connector.Settings.defaults(), uri -> ServerAccess.anonymousInsecure(), run.trust);
      for (Station s : pair.stations()) {
        run.viewers.put(s, PairRoles.connectWhenUp(s));
        run.diagnostics.put(s, new StationDiagReader(s.endpointUrl(), connector));
        run.kills.put(s, new ArrayList<>());
        run.clockShifts.put(s, new ArrayList<>());
      }
      PairRoles.awaitMasterStandby(pair, run.viewers, null, 0);
      List<String> urls = pair.stations().stream().map(Station::endpointUrl).toList();
      for (FailoverMode mode : List.of(FailoverMode.HOT, FailoverMode.WARM)) {
        run.subscribers.add(ChaosSubscriber.start("subscriber " + mode, urls, mode, run.trust, SUBSCRIBED_NODE,
            PairRoles.WAIT));
      }
      long receiving = System.currentTimeMillis();
      Polling.until("both subscribers receiving", PairRoles.WAIT, POLL,
          () -> run.subscribers.stream().allMatch(c -> c.receivedSourceAtOrAfter(receiving)));
      run.checkedUpTo = ticks(System.currentTimeMillis());
      run.baseline.putAll(run.settledFootprints());
      out.println("chaos: pair up; " + run.baseline.entrySet().stream()
          .map(e -> e.getKey().name() + " " + e.getValue().text()).toList());
      return run;
    } catch (Exception | Error e) {
      run.close();
      throw e;
    }
  }

  /**
   * One cycle; false if the pair did not come back (the run stops: later cycles would only report
   * the same breakage).
   */
  boolean cycle(Fault fault) throws Exception {
    long began = System.currentTimeMillis();
    cycleStarts.add(began);
    Station masterBefore = master();
    Map<Station, String> logsBefore = new LinkedHashMap<>();
    Map<Station, Integer> stationLogsBefore = new LinkedHashMap<>();
    pair.stations().forEach(s -> {
      logsBefore.put(s, s.redundancyLogText());
      stationLogsBefore.put(s, s.stationLogText().length());
    });
    long sinceForBus = apply(fault);
    Thread.sleep(fault.durationMs()); // the planned length of the fault, not a wait for something
    sinceForBus = Math.max(sinceForBus, heal(fault, logsBefore));
    try {
      PairRoles.awaitMasterStandby(pair, viewers, null, sinceForBus);
      awaitSteadyRoles();
      Polling.until("no sync pending on either station", PairRoles.WAIT, POLL,
          () -> viewers.values().stream().noneMatch(RoleClient::syncPending));
    } catch (TimeoutException | IllegalStateException e) {
      verdict.fail(fault, "pair not back to one Master + one Standby with sync finished: " + e.getMessage());
      return false;
    }
    long settled = System.currentTimeMillis();
    checkReports(fault, logsBefore, masterBefore, stationLogsBefore);
    long upTo = ticks(settled - SETTLE_MS);
    checkArchives(fault, checkedUpTo + 1, upTo);
    checkArchivesEqual(fault, checkedUpTo + 1, upTo);
    checkSubscribers(fault, checkedUpTo + 1, upTo, settled - SETTLE_MS);
    checkedUpTo = upTo;
    verdict.cycleDone(fault.cycle());
    out.printf("chaos: cycle %d: %s; pair back after %d ms%n", fault.cycle(), fault.describe(),
        settled - began - fault.durationMs());
    return true;
  }

  /**
   * The same station Master and the other Standby for {@link #STEADY}: a pair in a two-Masters
   * storm passes through Master/Standby now and then and must not count as back.
   */
  private void awaitSteadyRoles() throws Exception {
    Station[] last = {null};
    long[] since = {0};
    Polling.until("the same Master/Standby for " + STEADY.toSeconds() + " s", PairRoles.WAIT, POLL, () -> {
      Station master = master();
      long now = System.currentTimeMillis();
      if (master == null || master != last[0]) {
        last[0] = master;
        since[0] = now;
        return false;
      }
      return now - since[0] >= STEADY.toMillis();
    });
  }

  /** The station that is Master while its partner is Standby, else null. */
  private Station master() {
    for (Station s : pair.stations()) {
      RoleClient viewer = viewers.get(s);
      RoleClient partner = viewers.get(pair.partnerOf(s));
      if (viewer != null && partner != null && viewer.role() == RoleClient.MASTER && partner.role() == RoleClient.STANDBY) {
        return s;
      }
    }
    return null;
  }

  /** Makes the fault; returns the time from which the terminal-bus lines count for settling. */
  private long apply(Fault fault) throws Exception {
    long now = System.currentTimeMillis();
    switch (fault.kind()) {
      case KILL -> {
        Station s = station(fault);
        kills.get(s).add(now);
        s.process().kill();
        viewers.remove(s).close();
        return now; // the restarted station must report its bus UP anew
      }
      case TERMINAL_BUS_CUT -> pair.stations().forEach(s -> s.toPartner().blackhole());
      case STATUS_LAN_CUT -> pair.statusLan().cut();
      case AS_CUT -> station(fault).toAs(fault.as()).cut();
      case DISK_FULL -> rig.volume(fault.station()).fill();
      case CLOCK_STEP -> {
        Station s = station(fault);
        stepFromLine = lineCount(s.stationLog());
        rig.clock(fault.station()).step(fault.stepMs());
        stepSeen = clockOffset(s, fault.stepMs());
        stepping = new MasterTimeline.Window(now, System.currentTimeMillis());
      }
      case SERIAL_CUT -> pair.serialCable().cut();
    }
    return 0;
  }

  /** Heals the fault; returns the time from which the terminal-bus lines count for settling (0: any). */
  private long heal(Fault fault, Map<Station, String> logsBefore) throws Exception {
    switch (fault.kind()) {
      case KILL -> {
        Station s = station(fault);
        s.process().start();
        viewers.put(s, PairRoles.connectWhenUp(s));
      }
      case DISK_FULL -> {
        rig.volume(fault.station()).drain();
        return restartIfFault(fault, logsBefore.get(station(fault)));
      }
      case CLOCK_STEP -> {
        Station s = station(fault);
        Long seen = stepSeen;
        long healing = System.currentTimeMillis();
        rig.clock(fault.station()).step(0);
        Long back = clockOffset(s, 0);
        clockShifts.get(s).add(new MasterTimeline.ClockShift(stepFromLine, lineCount(s.stationLog()), fault.stepMs(),
            stepping, new MasterTimeline.Window(healing, System.currentTimeMillis())));
        out.printf("chaos: cycle %d: %s CurrentTime %s ms off during the step, %s ms after it%n", fault.cycle(),
            s.name(), seen, back);
        if (seen == null || Math.abs(seen - fault.stepMs()) > 1_000 || back == null || Math.abs(back) > 1_000) {
          verdict.fail(fault, s.name() + "'s clock did not follow the step: " + seen + " ms off during it, " + back
              + " ms after it");
        }
      }
      case SERIAL_CUT -> pair.serialCable().restore();
      case TERMINAL_BUS_CUT -> {
        for (Station s : pair.stations()) {
          s.toPartner().restore();
        }
      }
      case STATUS_LAN_CUT -> pair.statusLan().restore();
      case AS_CUT -> station(fault).toAs(fault.as()).restore();
    }
    return 0;
  }

  /**
   * The station of a full-volume fault must have reported it (1012351, Fault); its archive writes
   * stay stopped until a restart (behaviour doc §6, automatic restart is off by default), so the
   * harness restarts it as its operator would. Returns when the restart began (0: no restart).
   */
  private long restartIfFault(Fault fault, String logBefore) throws Exception {
    Station s = station(fault);
    try {
      Polling.until(s.name() + " reports its full archive volume and is in Fault", REPORT_WAIT, POLL,
          () -> newLines(s, logBefore).contains("[1012351]") && viewers.get(s).role() == FAULT);
    } catch (TimeoutException e) {
      verdict.fail(fault, s.name() + " did not report its full archive volume (1012351) and go to Fault within "
          + REPORT_WAIT.toSeconds() + " s; role " + viewers.get(s).role() + ", new log lines: " + newLines(s, logBefore));
      return 0;
    }
    out.printf("chaos: cycle %d: %s reported: %s%n", fault.cycle(), s.name(), newLines(s, logBefore).lines()
        .filter(l -> l.contains("[1012351]")).findFirst().orElse("").strip());
    long restart = System.currentTimeMillis();
    viewers.remove(s).close();
    s.process().stop();
    s.process().start();
    viewers.put(s, PairRoles.connectWhenUp(s));
    return restart;
  }

  private static int lineCount(Path log) throws java.io.IOException {
    try (var lines = java.nio.file.Files.lines(log)) {
      return (int) lines.count();
    }
  }

  /** The station's CurrentTime off this machine's clock by about {@code expectedMs}, polled (bounded); last seen. */
  private Long clockOffset(Station s, long expectedMs) throws Exception {
    Long[] last = {null};
    try {
      Polling.until(s.name() + " clock " + expectedMs + " ms off", STEP_SHOWS, POLL, () -> {
        last[0] = viewers.get(s).clockOffsetMs();
        return last[0] != null && Math.abs(last[0] - expectedMs) <= 500;
      });
    } catch (TimeoutException e) {
      // the caller reports what was seen
    }
    return last[0];
  }

  /**
   * What the stations said about the fault after it healed: a serial cut is reported lost and
   * restored by both; a clock step changes no role (not even for a moment) and, if it lasted longer than the
   * partner clock check's period, is reported (1012204).
   */
  private void checkReports(Fault fault, Map<Station, String> logsBefore, Station masterBefore,
      Map<Station, Integer> stationLogsBefore) throws Exception {
    switch (fault.kind()) {
      case SERIAL_CUT -> {
        for (Station s : pair.stations()) {
          awaitReport(fault, s, logsBefore.get(s), "[1012245]", "serial status link lost");
          awaitReport(fault, s, logsBefore.get(s), "[1012246]", "serial status link restored");
        }
      }
      case CLOCK_STEP -> {
        if (masterBefore != null && master() != masterBefore) {
          verdict.fail(fault, "roles flipped: " + masterBefore.name() + " was Master before the step, "
              + (master() == null ? "none" : master().name()) + " after it");
        }
        for (Station s : pair.stations()) {
          String since = s.stationLogText().substring(stationLogsBefore.get(s));
          List<String> changes = since.lines().filter(l -> l.contains("Redundancy role ")).map(String::strip).toList();
          if (!changes.isEmpty()) {
            verdict.fail(fault, s.name() + " changed its role during the clock step: " + changes);
          }
        }
        boolean reported = pair.stations().stream().anyMatch(s -> newLines(s, logsBefore.get(s)).contains("[1012204]"));
        out.printf("chaos: cycle %d: clock offset reported (1012204): %s%n", fault.cycle(), reported ? "yes" : "no");
        if (fault.durationMs() > PartnerClockCheck.PERIOD.toMillis() + 10_000 && !reported) {
          verdict.fail(fault, "a clock step of " + fault.stepMs() + " ms lasting " + fault.durationMs()
              + " ms was not reported (1012204) by either station");
        }
      }
      default -> { }
    }
  }

  private void awaitReport(Fault fault, Station s, String logBefore, String number, String what) throws Exception {
    try {
      Polling.until(s.name() + " reports " + what, REPORT_WAIT, POLL, () -> newLines(s, logBefore).contains(number));
      out.printf("chaos: cycle %d: %s reported %s%n", fault.cycle(), s.name(), what);
    } catch (TimeoutException e) {
      verdict.fail(fault, s.name() + " did not report " + what + " " + number + " within " + REPORT_WAIT.toSeconds() + " s");
    }
  }

  /** The redundancy log lines {@code s} wrote since {@code before} was read. */
  private static String newLines(Station s, String before) {
    String now = s.redundancyLogText();
    return now.startsWith(before) ? now.substring(before.length()) : now;
  }

  private Station station(Fault fault) {
    return "A".equals(fault.station()) ? pair.a() : pair.b();
  }

  /** Each station's archive holds each checked tag's PLC values of the window, waiting (bounded) for sync. */
  private void checkArchives(Fault fault, long from, long to) throws Exception {
    for (Station s : pair.stations()) {
      for (Map.Entry<String, String> tag : CHECKED_TAGS.entrySet()) {
        TruthComparison[] last = {TruthComparison.none()};
        try {
          Polling.until(s.name() + " archive holds " + tag.getValue(), CATCH_UP, POLL, () -> {
            List<TruthValue> truth = truth(tag.getKey(), tag.getValue());
            last[0] = TruthComparison.of(truth,
                ArchiveValues.ticks(ArchiveValues.of(s.dataDir()), "Plant." + tag.getValue(), from, to), from, to);
            return last[0].missing() == 0;
          });
        } catch (TimeoutException e) {
          // reported below with what is still missing
        }
        verdict.archive(fault, s.name() + " archive Plant." + tag.getValue(), last[0]);
      }
    }
  }

  /** Both archives hold the same rows of every tag in the window (the product's digests are not read). */
  private void checkArchivesEqual(Fault fault, long from, long to) throws Exception {
    List<Map<String, String>> last = new ArrayList<>(List.of(Map.of(), Map.of()));
    try {
      Polling.until("both archives equal", CATCH_UP, POLL, () -> {
        last.set(0, ArchiveValues.fingerprints(ArchiveValues.of(pair.a().dataDir()), from, to));
        last.set(1, ArchiveValues.fingerprints(ArchiveValues.of(pair.b().dataDir()), from, to));
        return last.get(0).equals(last.get(1));
      });
    } catch (TimeoutException e) {
      Set<String> tags = new TreeSet<>(last.get(0).keySet());
      tags.addAll(last.get(1).keySet());
      List<String> differ = tags.stream().filter(t -> !Objects.equals(last.get(0).get(t), last.get(1).get(t)))
          .map(t -> t + ": A " + last.get(0).get(t) + ", B " + last.get(1).get(t)).toList();
      verdict.fail(fault, "archives differ after sync: " + differ);
    }
  }

  /** Each subscriber got each value of the window once and sits on a Healthy server. */
  private void checkSubscribers(Fault fault, long from, long to, long toMillis) throws Exception {
    List<TruthValue> truth = truth("AS1", CHECKED_TAGS.get("AS1"));
    for (ChaosSubscriber c : subscribers) {
      try {
        Polling.until(c.name() + " past the checked window", CATCH_UP, POLL, () -> c.receivedSourceAtOrAfter(toMillis));
      } catch (TimeoutException e) {
        // the comparison names the missing values
      }
      verdict.subscriber(fault, c.name(), TruthComparison.of(truth, c.receivedTicks(), from, to));
      try {
        Polling.until(c.name() + " on a Healthy server", SWITCH_BOUND, POLL, c::onHealthyServer);
      } catch (TimeoutException e) {
        verdict.fail(fault, c.name() + " not on a Healthy server within " + SWITCH_BOUND.toSeconds() + " s: " + c.state());
      }
    }
  }

  /** After the last cycle: two Masters over the whole run, and growth against the footprints before it. */
  void finish(List<Fault> plan) throws Exception {
    List<MasterTimeline.Stretch> both = MasterTimeline.overlaps(
        MasterTimeline.of(pair.a().stationLog(), kills.get(pair.a()), clockShifts.get(pair.a())),
        MasterTimeline.of(pair.b().stationLog(), kills.get(pair.b()), clockShifts.get(pair.b())),
        DOUBLE_MASTER_TOLERANCE_MS);
    for (MasterTimeline.Stretch s : both) {
      verdict.doubleMaster(faultAt(plan, s.from()), "both stations Master from " + Instant.ofEpochMilli(s.from())
          + (s.to() == Long.MAX_VALUE ? " until the end" : " for " + (s.to() - s.from()) + " ms") + " (epoch " + s.epoch()
          + ")");
    }
    Map<Station, List<String>> growth = new LinkedHashMap<>();
    try {
      // a killed partner's sessions stay until their timeout: a leak is what outlives it
      Polling.until("sessions and threads back within their slack", ABANDONED_SESSION_EXPIRY, Duration.ofSeconds(2),
          () -> {
            growth.clear();
            pair.stations().forEach(s -> growth.put(s, footprint(s).growthSince(baseline.get(s), s.name())));
            return growth.values().stream().allMatch(List::isEmpty);
          });
    } catch (TimeoutException e) {
      // what still grew is reported as a leak
    }
    for (Station s : pair.stations()) {
      JsonNode diag = diagnostics.get(s).read();
      out.println("chaos: " + s.name() + " at the end: " + footprint(s).text() + ", epoch " + diag.path("epoch").asText("?")
          + ", role " + diag.path("role").asText("?"));
      growth.getOrDefault(s, List.of()).forEach(verdict::leak);
    }
  }

  /** The fault of the cycle running at {@code millis} (null before the first). */
  private Fault faultAt(List<Fault> plan, long millis) {
    Fault at = null;
    for (int i = 0; i < cycleStarts.size() && i < plan.size(); i++) {
      if (cycleStarts.get(i) <= millis) {
        at = plan.get(i);
      }
    }
    return at;
  }

  /**
   * The footprints to measure leaks against, once everything a settled pair holds is there: each
   * subscriber on both servers (a starting station's backup session may come seconds later, after
   * the client's reconnect back-off) and then the same sessions and subscriptions in two readings
   * (the partner links' subscriptions follow their UP).
   */
  private Map<Station, Footprint> settledFootprints() throws Exception {
    Polling.until("each subscriber connected to both stations", PairRoles.WAIT, POLL,
        () -> subscribers.stream().allMatch(ChaosSubscriber::onEveryServer));
    Map<Station, Footprint> last = new LinkedHashMap<>();
    Polling.until("sessions and subscriptions of both stations steady", PairRoles.WAIT, STEADY, () -> {
      Map<Station, Footprint> now = new LinkedHashMap<>();
      pair.stations().forEach(s -> now.put(s, footprint(s)));
      boolean same = !last.isEmpty() && pair.stations().stream().allMatch(s -> last.get(s).sessions() == now.get(s).sessions()
          && last.get(s).subscriptions() == now.get(s).subscriptions());
      last.clear();
      last.putAll(now);
      return same;
    });
    return last;
  }

  private Footprint footprint(Station s) {
    JsonNode diag = diagnostics.get(s).read();
    return Footprint.of(s.process().pid(), diag.has("error") ? null : diag);
  }

  private List<TruthValue> truth(String as, String tag) throws Exception {
    return GroundTruth.read(pair.plc().automationStation(as).truthFile()).getOrDefault(tag, List.of());
  }

  static long ticks(long epochMillis) {
    return new DateTime(Instant.ofEpochMilli(epochMillis)).getUtcTime();
  }

  @Override
  public void close() {
    for (ChaosSubscriber c : subscribers) {
      try {
        c.close();
      } catch (Exception e) {
        // closing anyway
      }
    }
    viewers.values().forEach(RoleClient::close);
    diagnostics.values().forEach(StationDiagReader::close);
    try {
      trust.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
