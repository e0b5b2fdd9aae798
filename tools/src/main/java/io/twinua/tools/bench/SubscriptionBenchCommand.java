package io.twinua.tools.bench;

import io.twinua.server.config.StationLoader;
import io.twinua.server.station.Station;
import io.twinua.tools.plcsim.DemoPlant;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench subscriptions}: how many data change notifications a station delivers to one
 * client subscribed to N tags, against a plain Milo server serving the same N tags changing at the
 * same rate, and against a node-opcua server (another stack, its own process) doing the same. The
 * plain server is the PLC simulator's AS (Milo's SDK, nothing of TwinUA), which also feeds the
 * station (in this process). The three are measured one after the other with the same client
 * settings, the simulator and the station running throughout, so no client competes with another
 * for the CPU. Without Node.js the node-opcua row says why it is empty; the other figures stand.
 */
@Command(
    name = "subscriptions",
    mixinStandardHelpOptions = true,
    description = {
      "Notifications/s to one client with N monitored items: a station vs a plain Milo server (the PLC",
      "simulator's AS) and a node-opcua server (tools/node-opcua-server, needs Node.js and npm) with the same",
      "tags changing at the same rate; the longest gap between data notifications.",
      "Goals: >= " + SubscriptionBenchCommand.GOAL_RATIO + "x the plain server; longest gap <= 2 PLC periods."
    })
public final class SubscriptionBenchCommand extends MeasuringCommand {

  static final double GOAL_RATIO = 0.9;
  private static final double PUBLISHING_MS = 100;
  private static final Duration POLL = Duration.ofMillis(100);

  @Option(names = "--tags", defaultValue = "10000", description = "monitored items, all changing every period"
      + " (default ${DEFAULT-VALUE})")
  int tags;

  @Option(names = "--period-ms", defaultValue = "1000",
      description = "PLC update period: every tag changes once per period (default ${DEFAULT-VALUE})")
  int periodMs;

  @Option(names = "--seconds", defaultValue = "30",
      description = "how long each server's notifications are counted (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--ready-timeout", defaultValue = "300",
      description = "seconds to wait until every item delivered a Good value, and for the node-opcua server to"
          + " start (default ${DEFAULT-VALUE})")
  int readyTimeout;

  @Option(names = "--node", defaultValue = "node", description = "the Node.js executable for the node-opcua"
      + " server; npm is taken from the same directory (default: ${DEFAULT-VALUE} on PATH)")
  String node;

  @Option(names = "--no-node-opcua", description = "leave the node-opcua server out")
  boolean noNodeOpcua;

  @Override
  public Integer call() {
    String problem = null;
    if (tags < 1 || tags > DemoPlant.MAX_GENERATED) {
      problem = "--tags must be 1.." + DemoPlant.MAX_GENERATED + ", got " + tags;
    } else if (periodMs < PUBLISHING_MS || periodMs > PlcSimConfig.MAX_PERIOD_MS) {
      problem = "--period-ms must be " + (int) PUBLISHING_MS + ".." + PlcSimConfig.MAX_PERIOD_MS
          + " (at least the publishing interval), got " + periodMs;
    } else if (seconds < 1 || readyTimeout < 1) {
      problem = "--seconds and --ready-timeout must be >= 1";
    } else if (BenchDir.holdsBench(dir)) {
      problem = dir + " holds an earlier bench; give an empty --dir";
    }
    if (problem != null) {
      System.err.println("bench subscriptions: " + problem);
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir)) {
      return run(work.path());
    } catch (Exception e) {
      System.err.println("bench subscriptions: failed: " + e);
      return 1;
    }
  }

  private int run(Path work) throws Exception {
    NotificationCount.Period plain;
    NotificationCount.Period station;
    NodeOpcuaBaseline nodeOpcua;
    try (PlcSimulator sim = PlcSimulator.start(PlcSimConfig.create(b -> b
        .station("AS1", FreePorts.next()).periodMs(periodMs).generated(tags).dir(work.resolve("plcsim"))))) {
      BenchProject project = BenchProject.write(work, FreePorts.next(),
          List.of(new BenchProject.AsTags("AS1", sim.endpointUrl("AS1"), 0, tags)), List.of());
      BenchHmi hmi = BenchHmi.create();
      hmi.trustIn(project.pkiDir());
      try (Station twin = Station.start(StationLoader.load(project.stationFile()))) {
        OpcUaClient direct = PlainMiloClient.connect(sim.endpointUrl("AS1"));
        try {
          // the AS serves generated tag i as ns=2;s=Gen.i (BenchProject maps them so)
          plain = measure("the plain Milo server", direct, i -> new NodeId(2, BenchProject.genName(i)));
        } finally {
          direct.disconnect();
        }
        OpcUaClient viewer = hmi.login(project.endpointUrl(), project.pkiDir(), project.viewer(),
            project.viewerPassword());
        try {
          int ns = viewer.getNamespaceTable().getIndex(BenchProject.NAMESPACE).intValue();
          station = measure("the station", viewer, i -> new NodeId(ns, BenchNodeSet.node(BenchProject.genName(i))));
        } finally {
          viewer.disconnect();
        }
        NodePackage program = NodeOpcuaServer.program(home(), node);
        nodeOpcua = noNodeOpcua ? NodeOpcuaBaseline.leftOut(program)
            : NodeOpcuaBaseline.measure(program, work, tags, periodMs, Duration.ofSeconds(readyTimeout), this::measure);
      }
    }
    report(plain, station, nodeOpcua);
    return nodeOpcua.failed() ? 1 : 0;
  }

  /** Subscribes every tag, waits until each delivered a Good value, then counts for {@link #seconds}. */
  private NotificationCount.Period measure(String server, OpcUaClient client, IntFunction<NodeId> node)
      throws Exception {
    NotificationCount count = new NotificationCount(tags);
    var sub = new OpcUaSubscription(client, PUBLISHING_MS);
    sub.setSubscriptionListener(count);
    sub.create();
    try {
      List<OpcUaMonitoredItem> items = new ArrayList<>(tags);
      for (int i = 0; i < tags; i++) {
        var item = OpcUaMonitoredItem.newDataItem(node.apply(i));
        item.setSamplingInterval(0.0); // as fast as the server samples: the tags' own rate decides
        items.add(item);
      }
      sub.addMonitoredItems(items);
      sub.synchronizeMonitoredItems();
      Polling.until("every item of " + server + " Good", Duration.ofSeconds(readyTimeout), POLL,
          count::everyItemGood);
      count.startPeriod();
      Thread.sleep(seconds * 1000L); // the measured period itself, not a wait for something
      return count.endPeriod();
    } finally {
      sub.delete();
    }
  }

  private void report(NotificationCount.Period plain, NotificationCount.Period station, NodeOpcuaBaseline nodeOpcua) {
    double offered = tags * 1000.0 / periodMs;
    double ratio = station.perSecond() / plain.perSecond();
    double gapGoal = 2.0 * periodMs;
    out.println();
    out.printf(Locale.ROOT, "TwinUA subscription benchmark: %,d tags changing every %d ms (%,.0f changes/s), one client"
            + " subscription, publishing %.0f ms, sampling 0;%nplain Milo server: the PLC simulator's AS (None,"
            + " anonymous); station: in this process, fed by that AS (%s/%s, viewer login);%nnode-opcua: %s"
            + " in its own process (None, anonymous); %d s each%n%n",
        tags, periodMs, offered, PUBLISHING_MS, BenchHmi.POLICY.name(), BenchHmi.MODE, nodeOpcua.server(), seconds);
    out.printf(Locale.ROOT, "%-44s %14s %14s %14s%n", "figure", "plain Milo", "station", "node-opcua");
    out.printf(Locale.ROOT, "%-44s %,14.0f %,14.0f %14s%n", "notifications/s", plain.perSecond(), station.perSecond(),
        nodeOpcua.cell("%,.0f", NotificationCount.Period::perSecond));
    out.printf(Locale.ROOT, "%-44s %14.0f %14.0f %14s%n", "longest gap between data notifications, ms", plain.maxGapMs(),
        station.maxGapMs(), nodeOpcua.cell("%.0f", NotificationCount.Period::maxGapMs));
    out.printf(Locale.ROOT, "%-44s %14s %14.2f%n", "ratio station / plain", "", ratio);
    if (nodeOpcua.measured()) {
      out.printf(Locale.ROOT, "%-44s %14s %14.2f%n", "ratio station / node-opcua", "",
          station.perSecond() / nodeOpcua.perSecond());
    } else {
      out.println("node-opcua baseline not measured: " + nodeOpcua.why());
    }
    out.println();
    out.printf(Locale.ROOT, "goal notifications/s >= %.1fx the plain server: %s%n", GOAL_RATIO,
        ratio >= GOAL_RATIO ? "met" : "NOT met");
    out.printf(Locale.ROOT, "goal longest gap <= %.0f ms (2 PLC periods): %s%n", gapGoal,
        station.maxGapMs() <= gapGoal ? "met" : "NOT met");
    figures.add(Figure.of("notifications/s to one client, " + tags + " monitored items", station.perSecond(), "1/s")
        .against("plain Milo server (PLC simulator AS), same tags", plain.perSecond())
        .goal(String.format(Locale.ROOT, ">= %.1fx plain", GOAL_RATIO), ratio >= GOAL_RATIO));
    // no goal: another stack on another runtime, for scale; "none" with the reason when not measured
    figures.add(Figure.of("notifications/s to one client, " + tags + " monitored items", station.perSecond(), "1/s")
        .against(nodeOpcua.label(), nodeOpcua.perSecond()));
    figures.add(Figure.of("longest gap between data notifications, " + tags + " items", station.maxGapMs(), "ms")
        .against("plain Milo server", plain.maxGapMs())
        .goal(String.format(Locale.ROOT, "<= %.0f ms (2 PLC periods)", gapGoal), station.maxGapMs() <= gapGoal));
  }
}
