package io.twinua.tools.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.switcher.discovery.Connector;
import io.twinua.switcher.discovery.ServerAccess;
import io.twinua.switcher.discovery.ServerTrust;
import io.twinua.tools.diag.StationDiagReader;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.pairlab.TcpProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench churn}: clients that connect, subscribe and vanish without closing their
 * session (the socket is dropped under them), over and over, against station A of the demo pair.
 * Its threads, memory, sessions and subscriptions must come back to what they were once the
 * dropped sessions have timed out and the idle workers the churn started in the station's pools
 * have ended; the threads that are new are listed by name. The clients ask for a short session
 * timeout so that the orphans expire within the run; they stay under the station's per-address
 * limit of unsecured sessions by waiting for the oldest orphan to expire when that many are pending.
 */
@Command(
    name = "churn",
    mixinStandardHelpOptions = true,
    description = {
      "Client churn: N connect/subscribe/drop cycles (socket dropped, no CloseSession) against a station of the",
      "demo pair; threads, RSS, sessions and subscriptions before, right after and once the sessions timed out",
      "and the station's idle pool workers ended (60 s idle); new threads listed by name.",
      "Goal: back to the baseline (sessions and subscriptions +0, threads +" + ChurnBenchCommand.THREAD_SLACK
          + ", RSS x" + ChurnBenchCommand.RSS_FACTOR + ")."
    })
public final class ChurnBenchCommand extends MeasuringCommand {

  static final int THREAD_SLACK = 10;
  static final double RSS_FACTOR = 1.5;
  private static final Logger LOG = LoggerFactory.getLogger(ChurnBenchCommand.class);
  /** Below the station's default of 50 unsecured sessions per client address, with room for the diagnostics reader. */
  private static final int MAX_ORPHANS = 40;
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration STEADY = Duration.ofSeconds(3);
  /** How long an idle worker of the station's cached pools lives ({@code Executors.newCachedThreadPool}). */
  static final Duration POOL_KEEP_ALIVE = Duration.ofSeconds(60);
  /** Past the keep-alive: a worker's idle time counts from when it parked, read once a poll later. */
  private static final Duration KEEP_ALIVE_MARGIN = Duration.ofSeconds(5);

  @Option(names = "--cycles", defaultValue = "10000", description = "connect/drop cycles (default ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--session-timeout-s", defaultValue = "10",
      description = "session timeout the clients ask for (the station's minimum is 5 s; default ${DEFAULT-VALUE})")
  int sessionTimeoutS;

  @Override
  public Integer call() {
    Path demoProject = demoProject();
    if (cycles < 1 || sessionTimeoutS < 5 || sessionTimeoutS > 120) {
      System.err.println("bench churn: need --cycles >= 1 and --session-timeout-s 5..120");
      return 2;
    }
    if (!Files.isRegularFile(demoProject.resolve("project.yaml"))) {
      System.err.println("bench churn: no demo project at " + demoProject.toAbsolutePath()
          + " (run through tools/twinua, which sets twinua.home)");
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir);
        LoopbackPair pair = LoopbackPair.prepare(work.path(), demoProject, 200,
            (int) RedundancySettings.DEFAULT_LINK_TIMEOUT_MS)) {
      pair.startBoth();
      Map<Station, RoleClient> viewers = new LinkedHashMap<>();
      try (ServerTrust trust = pair.clientTrust(work.path().resolve("client-pki"))) {
        for (Station s : pair.stations()) {
          viewers.put(s, PairRoles.connectWhenUp(s));
        }
        // the baseline is taken from a settled pair: the partner link's sessions are in it
        PairRoles.awaitMasterStandby(pair, viewers, null, 0);
        return measure(pair.a(), trust);
      } catch (Exception e) {
        throw new Exception(e.getMessage() + pair.diagnostics(20), e);
      } finally {
        viewers.values().forEach(RoleClient::close);
      }
    } catch (Exception e) {
      System.err.println("bench churn: failed: " + e.getMessage());
      LOG.debug("bench churn failed", e);
      return 1;
    }
  }

  private int measure(Station station, ServerTrust trust) throws Exception {
    var connector = new Connector(Connector.Settings.defaults(), uri -> ServerAccess.anonymousInsecure(), trust);
    long pid = station.process().pid();
    try (StationDiagReader diagnostics = new StationDiagReader(station.endpointUrl(), connector)) {
      StationFootprint before = steady(pid, diagnostics);
      ThreadNames namesBefore = ThreadNames.of(pid);
      LOG.info("bench churn: before: {}", before.text());
      long t0 = System.nanoTime();
      int refused = churn(station);
      double churnSeconds = (System.nanoTime() - t0) / 1e9;
      StationFootprint right = StationFootprint.of(pid, diagnostics);
      ThreadNames namesRight = ThreadNames.of(pid);
      LOG.info("bench churn: right after {} cycles: {}; new threads: {}", cycles, right.text(),
          namesRight.growthSince(namesBefore));
      Settled settled = settle(pid, diagnostics, before);
      ThreadNames namesAfter = ThreadNames.of(pid);
      LOG.info("bench churn: after: {}; new threads: {}", settled.after().text(), namesAfter.growthSince(namesBefore));
      report(before, right, settled, churnSeconds, refused);
      out.println("new threads right after (by name; the kernel keeps 15 characters): "
          + namesRight.growthSince(namesBefore));
      out.println("new threads after: " + namesAfter.growthSince(namesBefore));
      return 0;
    }
  }

  /**
   * The baseline: the station up and settled, the same sessions and subscriptions in two readings
   * {@link #STEADY} apart: one run took its first reading while a session of the settled pair was
   * still coming (2 sessions, 3 subscriptions), and the 3 sessions after the churn failed the goal.
   */
  private static StationFootprint steady(long pid, StationDiagReader diagnostics) throws Exception {
    AtomicReference<StationFootprint> last = new AtomicReference<>();
    Polling.until("sessions and subscriptions steady", Duration.ofSeconds(120), STEADY, () -> {
      StationFootprint now = StationFootprint.of(pid, diagnostics);
      StationFootprint previous = last.getAndSet(now);
      return now.sessions() >= 0 && previous != null && previous.sessions() == now.sessions()
          && previous.subscriptions() == now.subscriptions();
    });
    return last.get();
  }

  /**
   * The footprint once it is back (or the last reading when it was not), when it was read and when
   * each part was back, s after the churn.
   */
  private record Settled(StationFootprint after, double readS, double sessionsBackS, double threadsBackS) {}

  /**
   * Polls until the sessions and subscriptions are back to the baseline, then for
   * {@link #POOL_KEEP_ALIVE} more and until the threads are within {@link #THREAD_SLACK} of it. The
   * station serves OPC UA on a cached pool: the workers it started while the churn kept them all
   * busy end only after that long idle, and the orphans' subscriptions use them until they are
   * deleted. Read when the sessions were back, they looked like a leak (58 -> 74 threads in the
   * first report, 60 -> 116 after 1,000 cycles: all idle STATION-A-ua-* workers, gone a minute later).
   */
  private Settled settle(long pid, StationDiagReader diagnostics, StationFootprint before) {
    long t1 = System.nanoTime();
    double quietS = POOL_KEEP_ALIVE.toSeconds() + KEEP_ALIVE_MARGIN.toSeconds();
    Duration bound = Duration.ofSeconds(sessionTimeoutS * 3L + 60 + (long) quietS);
    AtomicReference<StationFootprint> now = new AtomicReference<>();
    double[] backS = {Double.NaN, Double.NaN, 0}; // sessions and subscriptions, threads; the last reading
    try {
      Polling.until("sessions, subscriptions and threads back to the baseline", bound, POLL, () -> {
        now.set(StationFootprint.of(pid, diagnostics));
        double s = (System.nanoTime() - t1) / 1e9;
        backS[2] = s;
        if (sessionsBack(now.get(), before) && Double.isNaN(backS[0])) {
          backS[0] = s;
        }
        if (threadsBack(now.get(), before) && Double.isNaN(backS[1])) {
          backS[1] = s;
        }
        boolean idleWorkersEnded = !Double.isNaN(backS[0]) && s >= backS[0] + quietS;
        return sessionsBack(now.get(), before) && threadsBack(now.get(), before) && idleWorkersEnded;
      });
    } catch (Exception e) {
      LOG.info("bench churn: not back to the baseline within {} s", bound.toSeconds());
    }
    // a part that came back and went again is not back
    StationFootprint after = now.get();
    return new Settled(after, backS[2], sessionsBack(after, before) ? backS[0] : Double.NaN,
        threadsBack(after, before) ? backS[1] : Double.NaN);
  }

  private static boolean sessionsBack(StationFootprint now, StationFootprint before) {
    return now.sessions() <= before.sessions() && now.subscriptions() <= before.subscriptions();
  }

  private static boolean threadsBack(StationFootprint now, StationFootprint before) {
    return now.threads() <= before.threads() + THREAD_SLACK;
  }

  /** The cycles; returns how many connects the station refused (each is retried). */
  private int churn(Station station) throws Exception {
    Deque<Long> orphans = new ArrayDeque<>(); // when each pending orphan was dropped, oldest first
    long timeoutNanos = Duration.ofSeconds(sessionTimeoutS + 2L).toNanos();
    int refused = 0;
    int done = 0;
    while (done < cycles) {
      while (!orphans.isEmpty() && System.nanoTime() - orphans.peekFirst() > timeoutNanos) {
        orphans.pollFirst();
      }
      if (orphans.size() >= MAX_ORPHANS) {
        long wait = orphans.peekFirst() + timeoutNanos - System.nanoTime();
        Thread.sleep(Math.max(1, wait / 1_000_000)); // until the oldest orphan has timed out
        continue;
      }
      try {
        cycle(station);
        done++;
        if (done % 500 == 0) {
          LOG.info("bench churn: {} of {} cycles", done, cycles);
        }
      } catch (Exception e) {
        LOG.debug("bench churn: a connect was refused: {}", e.toString());
        if (++refused > cycles) {
          throw new IllegalStateException("the station refused more connects than there are cycles: " + e, e);
        }
      }
      orphans.addLast(System.nanoTime()); // a refused connect may have left a session too
    }
    return refused;
  }

  /** One client through its own cable: session, subscription, then the cable is cut under it. */
  private void cycle(Station station) throws Exception {
    try (TcpProxy cable = new TcpProxy(station.port())) {
      OpcUaClient client = PlainMiloClient.connect(cable.url(),
          config -> config.setSessionTimeout(uint(sessionTimeoutS * 1000)));
      try {
        var sub = new OpcUaSubscription(client, 100.0);
        sub.create();
        sub.addMonitoredItem(OpcUaMonitoredItem.newDataItem(ExpandedNodeId.parse(ClientFailoverTrials.NODE)
            .toNodeId(client.getNamespaceTable()).orElseThrow()));
        sub.synchronizeMonitoredItems();
      } finally {
        cable.cut(); // FIN to both sides: the station never sees CloseSession
        client.disconnectAsync();
      }
    }
  }

  private void report(StationFootprint before, StationFootprint right, Settled settled, double churnSeconds,
      int refused) {
    StationFootprint after = settled.after();
    out.println();
    out.printf(Locale.ROOT, "TwinUA churn benchmark: %,d cycles (connect anonymously over None through a fresh TCP"
        + " proxy, subscribe one item, cut the socket,%nno CloseSession) against station A of the demo pair in %.0f s;"
        + " session timeout asked for %d s; %d connects refused and retried%n%n", cycles, churnSeconds,
        sessionTimeoutS, refused);
    out.printf(Locale.ROOT, "%-34s %10s %12s %10s%n", "station", "before", "right after", "after");
    out.printf(Locale.ROOT, "%-34s %10d %12d %10d%n", "threads", before.threads(), right.threads(), after.threads());
    out.printf(Locale.ROOT, "%-34s %10.0f %12.0f %10.0f%n", "RSS, MB", before.rssMb(), right.rssMb(), after.rssMb());
    out.printf(Locale.ROOT, "%-34s %10d %12d %10d%n", "sessions", before.sessions(), right.sessions(), after.sessions());
    out.printf(Locale.ROOT, "%-34s %10d %12d %10d%n", "subscriptions", before.subscriptions(), right.subscriptions(),
        after.subscriptions());
    out.printf(Locale.ROOT, "%-34s %10s %12s %10s%n", "sessions, subscriptions back, s", "", "",
        seconds(settled.sessionsBackS()));
    out.printf(Locale.ROOT, "%-34s %10s %12s %10s%n", "threads back, s", "", "", seconds(settled.threadsBackS()));
    out.printf(Locale.ROOT, "%-34s %10s %12s %10s%n", "after read at, s", "", "", seconds(settled.readS()));
    figures.add(Figure.of("sessions after " + cycles + " dropped clients and the timeout", after.sessions(), "sessions")
        .against("sessions before", before.sessions()).goal("<= before", after.sessions() <= before.sessions()));
    figures.add(Figure.of("subscriptions after the timeout", after.subscriptions(), "subscriptions")
        .against("subscriptions before", before.subscriptions())
        .goal("<= before", after.subscriptions() <= before.subscriptions()));
    figures.add(Figure.of("threads after the timeout", after.threads(), "threads").against("threads before",
        before.threads()).goal("<= before + " + THREAD_SLACK, after.threads() <= before.threads() + THREAD_SLACK));
    figures.add(Figure.of("RSS after the timeout", after.rssMb(), "MB").against("RSS before", before.rssMb())
        .goal("<= " + RSS_FACTOR + "x before", after.rssMb() <= before.rssMb() * RSS_FACTOR));
    figures.add(Figure.of("sessions and subscriptions back to the baseline after", settled.sessionsBackS(), "s"));
    figures.add(Figure.of("threads back within " + THREAD_SLACK + " of the baseline after", settled.threadsBackS(), "s"));
    figures.add(Figure.of("connect/drop cycles per second", cycles / churnSeconds, "1/s"));
    out.println();
    for (Figure f : figures) {
      if (f.hasGoal()) {
        out.printf(Locale.ROOT, "goal %s %s: %s%n", f.name(), f.goal(), f.met() ? "met" : "NOT met");
      }
    }
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "none" : String.format(Locale.ROOT, "%.1f", s);
  }
}
