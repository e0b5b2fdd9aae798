package io.twinua.tools.bench;

import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.pairlab.LoopbackPair.Station;
import io.twinua.tools.plcsim.DemoPlant;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench ingest}: both stations of a pair (each its own process, on loopback) archive
 * the same N tags from the PLC simulator, as in a plant; measured are the values each archive takes
 * per second against what the PLC simulator offers, and the delay from the AS's source time to an
 * HMI's callback through the Master, against the same client subscribed to the AS directly (one hop
 * fewer) in the same seconds.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Both stations of a pair archive N tags from the PLC simulator: values/s archived per station against the",
      "values/s offered; AS-to-client delay (p50/p99) of an HMI subscribed through the Master against a client",
      "subscribed to the AS directly, in the same seconds. Goal: each station archives >= "
          + IngestBenchCommand.GOAL_RATIO + "x what is offered."
    })
public final class IngestBenchCommand extends MeasuringCommand {

  static final double GOAL_RATIO = 0.99;
  private static final Logger LOG = LoggerFactory.getLogger(IngestBenchCommand.class);
  private static final double PUBLISHING_MS = 100;
  private static final Duration POLL = Duration.ofMillis(250);

  @Option(names = "--tags", defaultValue = "5000",
      description = "archived tags, split over AS1 and AS2, each changing every period (default ${DEFAULT-VALUE})")
  int tags;

  @Option(names = "--period-ms", defaultValue = "500",
      description = "PLC update period (default ${DEFAULT-VALUE})")
  int periodMs;

  @Option(names = "--client-tags", defaultValue = "1000",
      description = "tags of AS1 the HMI subscribes to for the delay, through the Master and directly (default ${DEFAULT-VALUE})")
  int clientTags;

  @Option(names = "--seconds", defaultValue = "30",
      description = "how long archive growth and delays are measured (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--ready-timeout", defaultValue = "600",
      description = "seconds to wait for the pair to start and archive every tag once (default ${DEFAULT-VALUE})")
  int readyTimeout;

  private char[] viewerPassword;

  @Override
  public Integer call() {
    String problem = checkOptions();
    if (problem != null) {
      System.err.println("bench ingest: " + problem);
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir)) {
      return run(work.path());
    } catch (Exception e) {
      System.err.println("bench ingest: failed: " + e.getMessage());
      LOG.debug("bench ingest failed", e);
      return 1;
    }
  }

  private String checkOptions() {
    if (tags < 2 || tags > 2 * DemoPlant.MAX_GENERATED) {
      return "--tags must be 2.." + 2 * DemoPlant.MAX_GENERATED + ", got " + tags;
    }
    if (periodMs < PUBLISHING_MS || periodMs > PlcSimConfig.MAX_PERIOD_MS) {
      return "--period-ms must be " + (int) PUBLISHING_MS + ".." + PlcSimConfig.MAX_PERIOD_MS
          + " (at least the publishing interval), got " + periodMs;
    }
    if (clientTags < 1 || clientTags > perAs()) {
      return "--client-tags must be 1.." + perAs() + " (the tags of AS1), got " + clientTags;
    }
    if (seconds < 1 || readyTimeout < 1) {
      return "--seconds and --ready-timeout must be >= 1";
    }
    if (BenchDir.holdsBench(dir)) {
      return dir + " holds an earlier bench; give an empty --dir";
    }
    return null;
  }

  /** Tags of AS1; AS2 serves the rest (and may serve one generated tag that is not mapped). */
  private int perAs() {
    return (tags + 1) / 2;
  }

  /**
   * What one run measured.
   *
   * @param archived per station: values with source time in the window, per second, counted once
   *     its archive had caught up
   * @param late per station: values of the window not yet in its archive when the window ended
   */
  private record Figures(Map<String, Double> archived, Map<String, Long> late, double offered, String master,
      Latencies viaMaster, Latencies direct) {}

  private int run(Path work) throws Exception {
    BenchHmi hmi = BenchHmi.create();
    Figures f;
    try (LoopbackPair pair = LoopbackPair.prepare(work, o -> o.periodMs(periodMs).generated(perAs())
        .project((project, plc) -> viewerPassword = BenchProject.writeProject(project, List.of(
            new BenchProject.AsTags("AS1", plc.endpointUrl("AS1"), 0, perAs()),
            new BenchProject.AsTags("AS2", plc.endpointUrl("AS2"), perAs(), tags - perAs())), List.of())))) {
      for (Station s : pair.stations()) {
        hmi.trustIn(s.pkiDir());
      }
      DateTime since = new DateTime(pair.plc().clock().startTicks());
      pair.startBoth();
      Map<Station, OpcUaClient> viewers = new LinkedHashMap<>();
      try {
        for (Station s : pair.stations()) {
          viewers.put(s, login(hmi, s));
        }
        for (Station s : pair.stations()) {
          LOG.info("bench ingest: waiting until {} archived each of the {} tags", s.name(), tags);
          HistoryReads.untilEachHasHistory(viewers.get(s), nodes(viewers.get(s), tags), since,
              Duration.ofSeconds(readyTimeout), () -> PairRoles.requireAlive(s));
        }
        f = measure(pair, viewers);
      } catch (Exception e) {
        throw new Exception(e.getMessage() + pair.diagnostics(20), e);
      } finally {
        viewers.values().forEach(OpcUaClient::disconnectAsync);
      }
    }
    report(f, work);
    return 0;
  }

  private OpcUaClient login(BenchHmi hmi, Station s) throws Exception {
    OpcUaClient[] client = {null};
    Polling.until(s.name() + " answering at " + s.endpointUrl(), Duration.ofSeconds(readyTimeout), POLL, () -> {
      PairRoles.requireAlive(s);
      try {
        client[0] = hmi.login(s.endpointUrl(), s.pkiDir(), BenchProject.VIEWER, viewerPassword.clone());
        return true;
      } catch (Exception e) {
        return false; // still starting
      }
    });
    return client[0];
  }

  /** The bench variables of the first {@code n} tags, as the station serves them. */
  private static List<NodeId> nodes(OpcUaClient client, int n) {
    int ns = client.getNamespaceTable().getIndex(BenchProject.NAMESPACE).intValue();
    List<NodeId> nodes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      nodes.add(new NodeId(ns, BenchNodeSet.node(BenchProject.genName(i))));
    }
    return nodes;
  }

  private Figures measure(LoopbackPair pair, Map<Station, OpcUaClient> viewers) throws Exception {
    Station master = masterOf(viewers);
    OpcUaClient viaMaster = viewers.get(master);
    // the AS serves generated tag i as ns=2;s=Gen.i (BenchProject maps them so)
    OpcUaClient direct = PlainMiloClient.connect(pair.plc().endpointUrl("AS1"));
    try {
      List<NodeId> stationNodes = nodes(viaMaster, clientTags);
      DeliveryDelays throughMaster = subscribe("the Master " + master.name(), viaMaster, stationNodes::get);
      DeliveryDelays fromAs = subscribe("the AS", direct, i -> new NodeId(2, BenchProject.genName(i)));
      Latencies masterDelays = new Latencies();
      Latencies directDelays = new Latencies();

      long from = DateTime.now().getUtcTime();
      long n0 = pair.plc().clock().current().n();
      long t0 = System.nanoTime();
      throughMaster.recordInto(masterDelays);
      fromAs.recordInto(directDelays);
      Thread.sleep(seconds * 1000L); // the measured period itself, not a wait for something
      throughMaster.recordInto(null);
      fromAs.recordInto(null);
      long to = DateTime.now().getUtcTime();
      long n1 = pair.plc().clock().current().n();
      double elapsed = (System.nanoTime() - t0) / 1e9;
      Map<String, Long> atEnd = windowValues(pair, from, to);
      Map<String, Long> settled = settledWindowValues(pair, from, to);

      Map<String, Double> archived = new LinkedHashMap<>();
      Map<String, Long> late = new LinkedHashMap<>();
      double window = (to - from) / 1e7;
      settled.forEach((name, n) -> {
        archived.put(name, n / window);
        late.put(name, n - atEnd.get(name));
      });
      return new Figures(archived, late, (n1 - n0) * (double) tags / elapsed, master.name(), masterDelays,
          directDelays);
    } finally {
      direct.disconnectAsync();
    }
  }

  /** The station with the higher ServiceLevel: the Master, which an HMI prefers. */
  private static Station masterOf(Map<Station, OpcUaClient> viewers) throws Exception {
    Station best = null;
    int bestLevel = -1;
    for (Map.Entry<Station, OpcUaClient> e : viewers.entrySet()) {
      DataValue v = e.getValue().readValue(0, TimestampsToReturn.Neither, Identifiers.Server_ServiceLevel);
      int level = v.value().value() instanceof Number n ? n.intValue() : -1;
      if (level > bestLevel) {
        best = e.getKey();
        bestLevel = level;
      }
    }
    return best;
  }

  /** Subscribes the first {@link #clientTags} tags and waits until each delivered a Good value. */
  private DeliveryDelays subscribe(String server, OpcUaClient client, IntFunction<NodeId> node) throws Exception {
    DeliveryDelays delays = new DeliveryDelays(clientTags);
    var sub = new OpcUaSubscription(client, PUBLISHING_MS);
    sub.setSubscriptionListener(delays);
    sub.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>(clientTags);
    for (int i = 0; i < clientTags; i++) {
      var item = OpcUaMonitoredItem.newDataItem(node.apply(i));
      item.setSamplingInterval(0.0); // as fast as the server samples: the tags' own rate decides
      items.add(item);
    }
    sub.addMonitoredItems(items);
    sub.synchronizeMonitoredItems();
    Polling.until("every item of " + server + " Good", Duration.ofSeconds(readyTimeout), POLL, delays::everyItemGood);
    return delays;
  }

  /** Values with source time in [from, to) in each station's archive, read beside the running station. */
  private static Map<String, Long> windowValues(LoopbackPair pair, long from, long to) throws Exception {
    Map<String, Long> values = new LinkedHashMap<>();
    for (Station s : pair.stations()) {
      values.put(s.name(), ArchiveRowCount.valuesBetween(s.dataDir().resolve("archive").resolve("twinua.db"), from, to));
    }
    return values;
  }

  /**
   * {@link #windowValues} once no archive takes more of the window (two readings a second apart
   * agree): a station still working off a backlog when the window ended is counted with what it
   * archived of the window, not with its backlog from before.
   */
  private Map<String, Long> settledWindowValues(LoopbackPair pair, long from, long to) throws Exception {
    List<Map<String, Long>> last = new ArrayList<>(List.of(windowValues(pair, from, to)));
    Polling.until("the archives caught up with the window", Duration.ofSeconds(readyTimeout), Duration.ofSeconds(1),
        () -> {
          Map<String, Long> now = windowValues(pair, from, to);
          boolean same = now.equals(last.get(0));
          last.set(0, now);
          return same;
        });
    return last.get(0);
  }

  private void report(Figures f, Path work) {
    out.println();
    out.printf(Locale.ROOT, "TwinUA ingest benchmark: a pair on loopback (each station its own process), both archiving"
            + " %,d Double tags%n(%,d from AS1 + %,d from AS2, simulated), PLC update every %d ms; HMI: %,d tags of AS1,"
            + " publishing %.0f ms, sampling 0,%nsubscribed through the Master (%s/%s, viewer login) and directly from the AS"
            + " (None, anonymous); Master: %s; %d s measured; files in %s%n%n",
        tags, perAs(), tags - perAs(), periodMs, clientTags, PUBLISHING_MS, BenchHmi.POLICY.name(), BenchHmi.MODE,
        f.master(), seconds, dir == null ? "a temp dir (deleted)" : work);
    out.printf(Locale.ROOT, "%-52s %14s%n", "figure", "value");
    out.printf(Locale.ROOT, "%-52s %,14.0f%n", "values/s offered (PLC simulator updates)", f.offered());
    boolean met = true;
    for (Map.Entry<String, Double> e : f.archived().entrySet()) {
      double ratio = e.getValue() / f.offered();
      met &= ratio >= GOAL_RATIO;
      out.printf(Locale.ROOT, "%-52s %,14.0f%n", "values/s archived by " + e.getKey() + " (of the window)",
          e.getValue());
      out.printf(Locale.ROOT, "%-52s %,14d%n", "values of the window " + e.getKey() + " archived after it",
          f.late().get(e.getKey()));
      figures.add(Figure.of("values/s archived by " + e.getKey() + ", both stations archiving " + tags + " tags",
          e.getValue(), "values/s").against("values/s offered by the PLC simulator", f.offered())
          .goal(String.format(Locale.ROOT, ">= %.2fx offered", GOAL_RATIO), ratio >= GOAL_RATIO));
    }
    out.println();
    out.printf(Locale.ROOT, "%-52s %9s %9s %9s %9s%n", "AS-to-client delay, ms", "values", "p50", "p99", "max");
    delayRow("through the Master", f.viaMaster());
    delayRow("directly from the AS", f.direct());
    figures.add(Figure.of("AS-to-client delay through the Master p50, " + clientTags + " items",
        f.viaMaster().percentileMs(50), "ms").against("directly from the AS p50", f.direct().percentileMs(50)));
    figures.add(Figure.of("AS-to-client delay through the Master p99, " + clientTags + " items",
        f.viaMaster().percentileMs(99), "ms").against("directly from the AS p99", f.direct().percentileMs(99)));
    out.println();
    out.printf(Locale.ROOT, "goal each station archives >= %.2fx the values offered: %s%n", GOAL_RATIO,
        met ? "met" : "NOT met");
  }

  private void delayRow(String label, Latencies l) {
    out.printf(Locale.ROOT, "%-52s %,9d %9.1f %9.1f %9.1f%n", label, l.count(), l.percentileMs(50),
        l.percentileMs(99), l.maxMs());
  }
}
