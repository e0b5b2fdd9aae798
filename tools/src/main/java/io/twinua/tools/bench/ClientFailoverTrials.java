package io.twinua.tools.bench;

import io.twinua.switcher.FailoverMode;
import io.twinua.switcher.Preference;
import io.twinua.switcher.RedundantClient;
import io.twinua.switcher.ServerHealth;
import io.twinua.switcher.SwitchEvent;
import io.twinua.switcher.SwitcherConfig;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.pairlab.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the client-failover trials on a {@link LoopbackPair}. One trial: a fresh switching client
 * (preference Master) and a fresh {@link PlainMiloClient} on the Master, both subscribed to the
 * PLC tag; after a steady period the Master is killed with SIGKILL, stopped with SIGTERM, or the
 * clients' cable to it (a {@link TcpProxy} in front of each station) silently swallows every byte; both clients are
 * watched for the observation time; then the station is started again, or the cable restored,
 * and the pair waited for as Master/Standby. Roles are read by viewers connected directly.
 */
final class ClientFailoverTrials implements AutoCloseable {

  static final String NODE = "nsu=" + LoopbackPair.PLANT_NS + ";s=Plant.Intake.Pump1.RunSeconds";
  /** The AS tag behind {@link #NODE} (project.yaml of the demo plant), +1 per PLC update. */
  static final String PLC_TAG = "Intake.Pump1.RunSeconds";
  static final String PLC_AS = "AS1";
  /** "Around the fault": samples produced from this long before it ... */
  static final long BEFORE_MS = 1_000;
  /** ... until this long after it. */
  static final long AFTER_MS = 2_000;
  /** What a figure is when the thing measured never happened within the observation time. */
  static final long NONE = Long.MAX_VALUE;

  private static final Logger LOG = LoggerFactory.getLogger(ClientFailoverTrials.class);
  private static final Duration READY_WAIT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(20);
  /** Before the fault: samples for the comparison, and time for the Warm/Hot standby subscription. */
  private static final long STEADY_MS = 1_500;

  enum Fault {
    KILL("kill -9"), CUT("silent cut"), STOP("graceful stop");

    final String label;

    Fault(String label) {
      this.label = label;
    }
  }

  /**
   * What one trial measured (times in ms, {@link #NONE} if it did not happen in the observation time).
   *
   * @param faultAt when the fault was made (epoch ms)
   * @param worstDelay largest receivedAt - sourceTime of the switching client's samples around the fault
   * @param switchAfter from the fault to the client's switch event
   * @param plainResumed from the fault to the plain client's first sample produced after it
   * @param received source ticks of every sample the switching client got
   * @param fromTicks first source time the comparison with the ground truth covers
   * @param toTicks last one
   * @param steadyDelays delivery delays of the switching client before the fault
   * @param plainSteadyDelays the same for the plain client
   */
  record Outcome(FailoverMode mode, Fault fault, long faultAt, long worstDelay, long switchAfter, long plainResumed,
      List<Long> received, long fromTicks, long toTicks, List<Long> steadyDelays, List<Long> plainSteadyDelays) {}

  private final LoopbackPair pair;
  private final long observeMs;
  private final Map<Station, RoleClient> viewers = new LinkedHashMap<>();
  private final Map<Station, TcpProxy> cables = new LinkedHashMap<>();
  private final Map<Station, String> serverUris = new LinkedHashMap<>();
  private final ServerTrust trust;

  private ClientFailoverTrials(LoopbackPair pair, long observeMs, ServerTrust trust) {
    this.pair = pair;
    this.observeMs = observeMs;
    this.trust = trust;
  }

  /** Starts the pair, connects the viewers, lays the clients' cables; the pair is Master/Standby after. */
  static ClientFailoverTrials start(LoopbackPair pair, Path work, long observeMs) throws Exception {
    pair.startBoth();
    var trials = new ClientFailoverTrials(pair, observeMs, pair.clientTrust(work.resolve("client-pki")));
    try {
      for (Station s : pair.stations()) {
        trials.viewers.put(s, PairRoles.connectWhenUp(s));
        trials.cables.put(s, new TcpProxy(s.port()));
        trials.serverUris.put(s, DiscoveryClient.getEndpoints(s.endpointUrl()).get(10, TimeUnit.SECONDS)
            .get(0).getServer().getApplicationUri());
      }
      PairRoles.awaitMasterStandby(pair, trials.viewers, null, 0);
      return trials;
    } catch (Exception e) {
      trials.close();
      throw e;
    }
  }

  Outcome run(FailoverMode mode, Fault fault) throws Exception {
    // A pair that settled after the last trial can still lose heartbeats on a loaded machine and
    // sort out two Masters again; a trial starts only from Master/Standby, as the first one did.
    PairRoles.awaitMasterStandby(pair, viewers, null, 0);
    Station target = PairRoles.theMaster(pair, viewers);
    List<String> urls = pair.stations().stream().map(s -> url(s, fault)).toList();
    var traced = new SampleTrace();
    var plainTraced = new SampleTrace();
    List<SwitchEvent> switches = new CopyOnWriteArrayList<>();
    long faultAt;
    try (RedundantClient client = RedundantClient.create(SwitcherConfig.create(b -> {
          urls.forEach(b::url);
          b.preference(Preference.master()).mode(mode).trust(trust);
        }));
        PlainMiloClient plain = PlainMiloClient.subscribe(url(target, fault), NODE, plainTraced)) {
      client.addSwitchListener(switches::add);
      client.start(READY_WAIT).get(READY_WAIT.toSeconds(), TimeUnit.SECONDS);
      client.subscribe(List.of(NODE), s -> traced.add(s.value().getSourceTime() != null
          ? s.value().getSourceTime().getUtcTime() : s.value().getServerTime().getUtcTime(),
          s.sourceTime().toEpochMilli(), s.receivedAt().toEpochMilli(), s.backfill()));
      String uri = serverUris.get(target);
      Polling.until(mode + ": client on " + target.name() + " with both servers reachable, both clients receiving",
          READY_WAIT, POLL, () -> uri.equals(client.currentServer().orElse(null))
              && client.servers().stream().allMatch(ServerHealth::reachable)
              && !traced.isEmpty() && !plainTraced.isEmpty());
      Thread.sleep(STEADY_MS); // a fixed steady period before the fault, not a wait for something

      faultAt = System.currentTimeMillis();
      switch (fault) {
        case KILL -> target.process().kill();
        case STOP -> target.process().stop(); // SIGTERM: the station closes its sessions and ends
        case CUT -> cables.get(target).blackhole();
      }
      long end = faultAt + observeMs;
      Polling.until("end of the observation", Duration.ofMillis(observeMs + 1_000), POLL,
          () -> System.currentTimeMillis() >= end);
    }
    Outcome outcome = outcome(mode, fault, faultAt, traced, plainTraced, switches);
    LOG.info("bench client-failover: {} {}: worst delay {} ms, switch after {} ms, plain client resumed after {} ms",
        mode, fault.label, shown(outcome.worstDelay()), shown(outcome.switchAfter()), shown(outcome.plainResumed()));
    restore(target, fault, faultAt);
    return outcome;
  }

  private Outcome outcome(FailoverMode mode, Fault fault, long faultAt, SampleTrace traced, SampleTrace plainTraced,
      List<SwitchEvent> switches) {
    long windowEnd = faultAt + AFTER_MS;
    // a sample produced after the window arrived: the window is closed, else delivery never resumed
    boolean resumed = traced.hasSourceAtOrAfter(windowEnd);
    OptionalLong worst = traced.worstDelay(faultAt - BEFORE_MS, windowEnd);
    long switchAfter = switches.stream().filter(e -> e.at().toEpochMilli() >= faultAt)
        .mapToLong(e -> e.at().toEpochMilli() - faultAt).min().orElse(NONE);
    OptionalLong plainFirst = plainTraced.firstArrivalOfSourceAfter(faultAt);
    List<SampleTrace.Received> all = traced.all();
    long windowEndTicks = all.stream().filter(r -> r.sourceMillis() <= windowEnd)
        .mapToLong(SampleTrace.Received::sourceTicks).max().orElse(0);
    return new Outcome(mode, fault, faultAt,
        resumed && worst.isPresent() ? worst.getAsLong() : NONE,
        switchAfter,
        plainFirst.isPresent() ? plainFirst.getAsLong() - faultAt : NONE,
        all.stream().map(SampleTrace.Received::sourceTicks).toList(),
        // not resumed: everything the PLC produced up to the window's end counts
        all.get(0).sourceTicks(), resumed ? windowEndTicks : ticksOf(windowEnd),
        delays(traced, faultAt), delays(plainTraced, faultAt));
  }

  private static long ticksOf(long epochMillis) {
    return new DateTime(Instant.ofEpochMilli(epochMillis)).getUtcTime();
  }

  private static List<Long> delays(SampleTrace t, long faultAt) {
    return t.matching(r -> r.receivedMillis() < faultAt).stream().map(SampleTrace.Received::delayMillis).toList();
  }

  /** Brings the faulted station back and waits for Master/Standby with the terminal bus up. */
  private void restore(Station target, Fault fault, long faultAt) throws Exception {
    if (fault != Fault.CUT) {
      viewers.remove(target).close();
      target.process().start();
      viewers.put(target, PairRoles.connectWhenUp(target));
      PairRoles.awaitMasterStandby(pair, viewers, pair.partnerOf(target), faultAt);
    } else {
      // the clients are closed: their connections through the cable ended with them
      cables.get(target).restore();
      PairRoles.awaitMasterStandby(pair, viewers, null, 0);
    }
  }

  private String url(Station s, Fault fault) {
    return fault == Fault.CUT ? cables.get(s).url() : s.endpointUrl();
  }

  static String shown(long millis) {
    return millis == NONE ? "none" : Long.toString(millis);
  }

  @Override
  public void close() throws Exception {
    viewers.values().forEach(RoleClient::close);
    cables.values().forEach(TcpProxy::close);
    trust.close();
  }

  static List<Long> concat(List<List<Long>> lists) {
    List<Long> all = new ArrayList<>();
    lists.forEach(all::addAll);
    return all;
  }
}
