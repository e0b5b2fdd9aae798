package io.twinua.tools.bench;

import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench failover}: how fast the redundant pair reacts, measured on a real pair of
 * station processes on loopback (see {@link LoopbackPair} for the layout).
 *
 * <ol>
 *   <li>Role switch: the Master is killed with SIGKILL; a viewer already connected to the other
 *       station reads its {@code @RedundantServerState} every 10 ms until it says Master (1). The
 *       killed station is started again and waited for as Standby with the terminal bus up both
 *       ways before the next trial.
 *   <li>Silent terminal-bus loss with the UDP status link up: both terminal-bus proxies swallow
 *       every byte (no FIN, no RST); the time until each station's redundancy log shows
 *       [1012222] is taken from the log line's time stamp against the cut time. Both roles are
 *       read throughout the cut and until [1012223] follows the restore: they must not change.
 * </ol>
 */
@Command(
    name = "failover",
    mixinStandardHelpOptions = true,
    description = {
      "Failover of the redundant pair: role switch time after kill -9 of the Master, and detection time of a",
      "silent terminal-bus loss while the status link lives. Goal: <= " + FailoverBenchCommand.GOAL_MS + " ms each."
    })
public final class FailoverBenchCommand extends MeasuringCommand {

  static final long GOAL_MS = 1_000;
  static final int PLC_PERIOD_MS = 200;
  /** The station file accepts linkTimeoutMs in this range. */
  static final int MIN_LINK_TIMEOUT_MS = (int) RedundancySettings.MIN_LINK_TIMEOUT_MS;
  static final int MAX_LINK_TIMEOUT_MS = (int) RedundancySettings.MAX_LINK_TIMEOUT_MS;

  private static final Logger LOG = LoggerFactory.getLogger(FailoverBenchCommand.class);
  private static final Duration ROLE_POLL = Duration.ofMillis(10);
  private static final Duration LOG_POLL = Duration.ofMillis(10);
  private static final Duration SETTLE_POLL = Duration.ofMillis(100);
  private static final Duration WAIT = PairRoles.WAIT;
  private static final Duration SWITCH_WAIT = Duration.ofSeconds(30);

  @Option(names = "--trials", defaultValue = "20",
      description = "kill -9 of the Master, each followed by a restart (default ${DEFAULT-VALUE})")
  int trials;

  @Option(names = "--cuts", defaultValue = "5",
      description = "silent terminal-bus cuts with the status link up (default ${DEFAULT-VALUE})")
  int cuts;

  @Option(names = "--link-timeout-ms", defaultValue = "" + RedundancySettings.DEFAULT_LINK_TIMEOUT_MS,
      description = "the stations' redundancy.linkTimeoutMs (default ${DEFAULT-VALUE})")
  int linkTimeoutMs;

  /** What one run measured. */
  private record Figures(List<Long> switchMillis, List<Long> detectMillis, int roleChanges, String firstRoleChange) {}

  @Override
  public Integer call() {
    Path demoProject = demoProject();
    String problem = checkOptions(demoProject);
    if (problem != null) {
      System.err.println("bench failover: " + problem);
      return 2;
    }
    Figures figures;
    Path work;
    try (BenchDir bench = BenchDir.of(dir)) {
      work = bench.path();
      figures = measure(work, demoProject);
    } catch (Exception e) {
      System.err.println("bench failover: failed: " + e.getMessage());
      LOG.debug("bench failover failed", e);
      return 1;
    }
    report(figures, work);
    if (figures.roleChanges() > 0) {
      System.err.println("bench failover: roles changed while only the terminal bus was cut ("
          + figures.roleChanges() + " readings), first: " + figures.firstRoleChange());
      return 1;
    }
    return 0;
  }

  private String checkOptions(Path demoProject) {
    if (trials < 1) {
      return "--trials must be >= 1, got " + trials;
    }
    if (cuts < 1) {
      return "--cuts must be >= 1, got " + cuts;
    }
    if (linkTimeoutMs < MIN_LINK_TIMEOUT_MS || linkTimeoutMs > MAX_LINK_TIMEOUT_MS) {
      return "--link-timeout-ms must be " + MIN_LINK_TIMEOUT_MS + ".." + MAX_LINK_TIMEOUT_MS + ", got " + linkTimeoutMs;
    }
    if (!Files.isRegularFile(demoProject.resolve("project.yaml"))) {
      return "no demo project at " + demoProject.toAbsolutePath() + " (run through tools/twinua, which sets twinua.home)";
    }
    if (dir != null && Files.exists(dir.resolve("station-a.yaml"))) {
      return dir + " holds an earlier pair; give an empty --dir";
    }
    return null;
  }

  private Figures measure(Path work, Path demoProject) throws Exception {
    try (LoopbackPair pair = LoopbackPair.prepare(work, demoProject, PLC_PERIOD_MS, linkTimeoutMs)) {
      pair.startBoth();
      Map<Station, RoleClient> clients = new LinkedHashMap<>();
      try {
        for (Station s : pair.stations()) {
          clients.put(s, PairRoles.connectWhenUp(s));
        }
        PairRoles.awaitMasterStandby(pair, clients, null, 0);
        List<Long> switches = new ArrayList<>();
        for (int i = 1; i <= trials; i++) {
          switches.add(switchTrial(pair, clients, i));
        }
        return linkCuts(pair, clients, switches);
      } catch (Exception e) {
        throw new Exception(e.getMessage() + pair.diagnostics(20), e);
      } finally {
        clients.values().forEach(RoleClient::close);
      }
    }
  }

  /** Kills the Master, times the partner's switch to Master, restarts the killed station. */
  private long switchTrial(LoopbackPair pair, Map<Station, RoleClient> clients, int trial) throws Exception {
    Station master = PairRoles.theMaster(pair, clients);
    Station survivor = pair.partnerOf(master);
    RoleClient watch = clients.get(survivor);
    long killedAt = System.currentTimeMillis();
    long t0 = System.nanoTime();
    // kill() also waits until the station JVM is gone (a grandchild: Java polls for its end, which
    // took over a second): the survivor is watched meanwhile, not after it
    CompletableFuture<Void> killed = CompletableFuture.runAsync(() -> {
      try {
        master.process().kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing " + master.name(), e);
      }
    });
    Polling.until(survivor.name() + " Master after kill -9 of " + master.name(), SWITCH_WAIT, ROLE_POLL,
        () -> watch.role() == RoleClient.MASTER);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    killed.get(SWITCH_WAIT.toSeconds(), TimeUnit.SECONDS);
    LOG.info("bench failover: trial {}/{}: {} killed, {} Master after {} ms", trial, trials, master.name(),
        survivor.name(), millis);
    clients.remove(master).close();

    master.process().start();
    clients.put(master, PairRoles.connectWhenUp(master));
    PairRoles.awaitMasterStandby(pair, clients, survivor, killedAt);
    return millis;
  }

  /** Silent terminal-bus cuts ({@code --cuts}) with the status link up; returns all figures. */
  private Figures linkCuts(LoopbackPair pair, Map<Station, RoleClient> clients, List<Long> switches) throws Exception {
    Station master = PairRoles.theMaster(pair, clients);
    Station standby = pair.partnerOf(master);
    RoleWatch roles = new RoleWatch(clients.get(master), clients.get(standby), master.name(), standby.name());
    List<Long> detections = new ArrayList<>();
    for (int cut = 1; cut <= cuts; cut++) {
      roles.cut = cut;
      long cutAt = System.currentTimeMillis();
      for (Station s : pair.stations()) {
        s.toPartner().blackhole();
      }
      Map<Station, Long> detected = new LinkedHashMap<>();
      Polling.until("[1012222] in both redundancy logs after terminal bus cut " + cut, WAIT, LOG_POLL, () -> {
        roles.check();
        for (Station s : pair.stations()) {
          if (!detected.containsKey(s)) {
            OptionalLong t = StationLogs.firstSince(s.redundancyLog(), "[1012222]", cutAt);
            if (t.isPresent()) {
              detected.put(s, t.getAsLong() - cutAt);
            }
          }
        }
        return detected.size() == 2;
      });
      // a wrong switch would follow the detection: keep the cable cut and watch a while longer
      long holdUntil = System.nanoTime() + Duration.ofMillis(Math.max(2_000, 2L * linkTimeoutMs)).toNanos();
      Polling.until("end of the cut", WAIT, SETTLE_POLL, () -> {
        roles.check();
        return System.nanoTime() - holdUntil >= 0;
      });
      long restoredAt = System.currentTimeMillis();
      for (Station s : pair.stations()) {
        s.toPartner().restore();
      }
      Polling.until("[1012223] in both redundancy logs after restoring cut " + cut, WAIT, SETTLE_POLL, () -> {
        roles.check();
        for (Station s : pair.stations()) {
          if (StationLogs.firstSince(s.redundancyLog(), "[1012223]", restoredAt).isEmpty()) {
            return false;
          }
        }
        return true;
      });
      LOG.info("bench failover: terminal bus cut {}/{}: [1012222] after {} ms", cut, cuts, detected.values());
      detections.addAll(detected.values());
    }
    return new Figures(switches, detections, roles.changes, roles.first);
  }

  /** Reads both roles; counts every reading where they are not the roles from before the cut. */
  private static final class RoleWatch {
    private final RoleClient master;
    private final RoleClient standby;
    private final String masterName;
    private final String standbyName;
    int cut;
    int changes;
    String first;

    RoleWatch(RoleClient master, RoleClient standby, String masterName, String standbyName) {
      this.master = master;
      this.standby = standby;
      this.masterName = masterName;
      this.standbyName = standbyName;
    }

    void check() {
      int m = master.role();
      int s = standby.role();
      // an unreadable value is no role change (the viewer's own connection is not cut)
      boolean changed = (m != RoleClient.UNREADABLE && m != RoleClient.MASTER)
          || (s != RoleClient.UNREADABLE && s != RoleClient.STANDBY);
      if (changed) {
        changes++;
        if (first == null) {
          first = String.format(Locale.ROOT, "cut %d: %s read %d, %s read %d%s", cut, masterName, m, standbyName, s,
              m == RoleClient.MASTER && s == RoleClient.MASTER ? " (two Masters)" : "");
        }
      }
    }
  }

  private void report(Figures f, Path work) {
    Spread sw = Spread.of(f.switchMillis());
    Spread det = Spread.of(f.detectMillis());
    String goal = "<= " + GOAL_MS + " ms";
    figures.add(Figure.of("role switch after kill -9 of the Master, p50 (" + sw.count() + " trials)", sw.p50(), "ms"));
    figures.add(Figure.of("role switch after kill -9 of the Master, p99", sw.p99(), "ms").goal(goal, sw.p99() <= GOAL_MS));
    figures.add(Figure.of("terminal bus loss detected, status link up, p50 (" + det.count() + " detections)", det.p50(),
        "ms"));
    figures.add(Figure.of("terminal bus loss detected, status link up, max", det.max(), "ms").goal(goal,
        det.max() <= GOAL_MS));
    figures.add(Figure.of("role changes while the terminal bus was cut", f.roleChanges(), "readings").goal("0",
        f.roleChanges() == 0));
    // printed after the pair stopped, so no log line of this process cuts into the table
    out.println();
    out.printf(Locale.ROOT, "TwinUA failover benchmark: redundant pair of the demo project on loopback, each station its own"
        + " process;%nPLC period %d ms, linkTimeoutMs %d, status link UDP, terminal bus through a proxy; files in %s%n%n",
        PLC_PERIOD_MS, linkTimeoutMs, dir == null ? "a temp dir (deleted)" : work);
    out.printf(Locale.ROOT, "%-52s %4s %7s %7s %7s %7s%n", "figure, ms", "n", "p50", "p99", "min", "max");
    row("role switch after kill -9 of the Master", sw);
    row("terminal bus loss detected, status link up", det);
    out.printf(Locale.ROOT, "%-52s %4d%n", "role changes while the terminal bus was cut", f.roleChanges());
    out.println();
    out.printf(Locale.ROOT, "goal role switch <= %d ms (p99): %s%n", GOAL_MS, sw.p99() <= GOAL_MS ? "met" : "NOT met");
    out.printf(Locale.ROOT, "goal terminal bus loss detected <= %d ms (max): %s%n", GOAL_MS,
        det.max() <= GOAL_MS ? "met" : "NOT met");
    out.printf(Locale.ROOT, "goal roles unchanged (no two Masters) while the terminal bus was cut: %s%n",
        f.roleChanges() == 0 ? "met" : "NOT met");
  }

  private void row(String label, Spread s) {
    out.printf(Locale.ROOT, "%-52s %4d %7d %7d %7d %7d%n", label, s.count(), s.p50(), s.p99(), s.min(), s.max());
  }
}
