package io.twinua.tools.bench;

import io.twinua.server.config.MemorySettings;
import io.twinua.tools.launch.StationJvmOptions;
import io.twinua.tools.pairlab.StationProcess;
import io.twinua.tools.plcsim.DemoPlant;
import io.twinua.tools.plcsim.FreePorts;
import io.twinua.tools.plcsim.PlcSimConfig;
import io.twinua.tools.plcsim.PlcSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench station}: the resident memory of a station process that serves and archives
 * N tags, fed by the PLC simulator (in this process) over OPC UA. The station runs as its own OS
 * process so that only its memory is measured.
 */
@Command(
    name = "station",
    mixinStandardHelpOptions = true,
    description = {
      "Station memory with N archived tags: RSS of a separate station process, sampled every second.",
      "Goal: RSS <= " + StationBenchCommand.GOAL_MB + " MB (steady-state maximum and peak VmHWM)."
    })
public final class StationBenchCommand extends MeasuringCommand {

  static final int GOAL_MB = 512;
  private static final Logger LOG = LoggerFactory.getLogger(StationBenchCommand.class);
  private static final Duration POLL = Duration.ofMillis(250);

  @Option(names = "--tags", defaultValue = "10000",
      description = "archived tags, split over AS1 and AS2 (default ${DEFAULT-VALUE})")
  int tags;

  @Option(names = "--period-ms", defaultValue = "1000",
      description = "PLC update period: every tag changes once per period (default ${DEFAULT-VALUE})")
  int periodMs;

  @Option(names = "--seconds", defaultValue = "60",
      description = "how long RSS is sampled, once a second, after every tag was archived (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(names = "--heap-mb",
      description = "maximum heap of the station process, written to its station file as memory.heapMb "
          + "(default: the launcher's rule for the project size)")
  Integer heapMb;

  @Option(names = "--ready-timeout", defaultValue = "600",
      description = "seconds to wait for the station to start and archive every tag once (default ${DEFAULT-VALUE})")
  int readyTimeout;

  @Override
  public Integer call() throws Exception {
    String problem = checkOptions();
    if (problem == null && BenchDir.holdsBench(dir)) {
      problem = dir + " holds an earlier bench; give an empty --dir";
    }
    if (problem != null) {
      System.err.println("bench station: " + problem);
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir)) {
      return run(work.path());
    } catch (Exception e) {
      System.err.println("bench station: failed: " + e);
      return 1;
    }
  }

  private String checkOptions() {
    if (tags < 2 || tags > 2 * DemoPlant.MAX_GENERATED) {
      return "--tags must be 2.." + 2 * DemoPlant.MAX_GENERATED + ", got " + tags;
    }
    if (periodMs < PlcSimConfig.MIN_PERIOD_MS || periodMs > PlcSimConfig.MAX_PERIOD_MS) {
      return "--period-ms must be " + PlcSimConfig.MIN_PERIOD_MS + ".." + PlcSimConfig.MAX_PERIOD_MS + ", got " + periodMs;
    }
    if (seconds < 1) {
      return "--seconds must be >= 1, got " + seconds;
    }
    if (readyTimeout < 1) {
      return "--ready-timeout must be >= 1, got " + readyTimeout;
    }
    if (heapMb != null && (heapMb < MemorySettings.MIN_HEAP_MB || heapMb > MemorySettings.MAX_HEAP_MB)) {
      return "--heap-mb must be " + MemorySettings.MIN_HEAP_MB + ".." + MemorySettings.MAX_HEAP_MB + ", got " + heapMb;
    }
    return null;
  }

  /** What one run measured. */
  private record Figures(
      double answersAfter, double archivedAfter, List<MemorySample> samples, double offered, double archived) {}

  private int run(Path work) throws Exception {
    int perAs = (tags + 1) / 2; // AS2 may serve one generated tag that is not mapped
    Figures figures = measure(work, perAs);
    // what the station's supervisor gave the station JVM (the same rule, the same files)
    List<String> jvm = StationJvmOptions.forStation(work.resolve(BenchProject.STATION_FILE));
    // printed after everything stopped, so no log line of the simulator or station cuts into it
    out.println();
    out.printf(Locale.ROOT, "TwinUA station benchmark: %,d archived Double tags (%,d from AS1 + %,d from AS2, simulated),"
            + " PLC update every %d ms, station subscriptions publish every %d ms;%n"
            + "station in its own process (java %s); RSS sampled every second for %d s; files in %s%n%n",
        tags, perAs, tags - perAs, periodMs, BenchProject.PUBLISHING_INTERVAL_MS, String.join(" ", jvm), seconds,
        dir == null ? "a temp dir (deleted)" : work);
    report(figures, jvm);
    return 0;
  }

  private Figures measure(Path work, int perAs) throws Exception {
    Duration timeout = Duration.ofSeconds(readyTimeout);
    int as1 = FreePorts.next();
    int as2 = FreePorts.next();
    try (PlcSimulator sim = PlcSimulator.start(PlcSimConfig.create(b -> b
        .station("AS1", as1).station("AS2", as2).periodMs(periodMs).generated(perAs).dir(work.resolve("plcsim"))))) {
      BenchProject project = BenchProject.write(work, FreePorts.next(), List.of(
          new BenchProject.AsTags("AS1", sim.endpointUrl("AS1"), 0, perAs),
          new BenchProject.AsTags("AS2", sim.endpointUrl("AS2"), perAs, tags - perAs)), List.of(),
          heapMb == null ? MemorySettings.FOLLOW_PROJECT
              : new MemorySettings(OptionalInt.of(heapMb), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty()));
      BenchHmi hmi = BenchHmi.create();
      hmi.trustIn(project.pkiDir());
      DateTime since = new DateTime(sim.clock().startTicks());

      long t0 = System.nanoTime();
      try (StationProcess station = new StationProcess(project.stationFile(), List.of(), List.of()).start()) {
        Polling.until("the station endpoint", timeout, POLL, () -> {
          requireAlive(station);
          try {
            DiscoveryClient.getEndpoints(project.endpointUrl()).get(5, TimeUnit.SECONDS);
            return true;
          } catch (Exception e) {
            return false;
          }
        });
        double answersAfter = secondsSince(t0);
        LOG.info("bench: station pid {} answers after {} s; waiting until each of the {} tags is archived",
            station.pid(), String.format(Locale.ROOT, "%.1f", answersAfter), tags);
        waitUntilEveryTagArchived(project, hmi, station, since, timeout);
        double archivedAfter = secondsSince(t0);
        LOG.info("bench: every tag archived; sampling the station's RSS every second for {} s", seconds);

        long n0 = sim.clock().current().n();
        long rows0 = ArchiveRowCount.values(project.archiveFile());
        long s0 = System.nanoTime();
        List<MemorySample> samples = sample(station, s0);
        long rows1 = ArchiveRowCount.values(project.archiveFile());
        long n1 = sim.clock().current().n();
        double elapsed = secondsSince(s0);
        return new Figures(answersAfter, archivedAfter, samples, (n1 - n0) * (double) tags / elapsed,
            (rows1 - rows0) / elapsed);
      }
    }
  }

  /** Polls the tags that have no archived value yet, with HistoryRead over OPC UA as the viewer. */
  private void waitUntilEveryTagArchived(
      BenchProject project, BenchHmi hmi, StationProcess station, DateTime since, Duration timeout)
      throws Exception {
    OpcUaClient client = hmi.login(project.endpointUrl(), project.pkiDir(), project.viewer(), project.viewerPassword());
    try {
      int ns = client.getNamespaceTable().getIndex(BenchProject.NAMESPACE).intValue();
      List<NodeId> missing = new ArrayList<>(tags);
      for (int i = 0; i < tags; i++) {
        missing.add(new NodeId(ns, BenchNodeSet.node(BenchProject.genName(i))));
      }
      HistoryReads.untilEachHasHistory(client, missing, since, timeout, () -> requireAlive(station));
    } finally {
      client.disconnect(); // the sampling measures the station without this client
    }
  }

  /** One sample per second, on the second, for {@link #seconds} seconds. */
  private List<MemorySample> sample(StationProcess station, long startNanos) throws Exception {
    List<MemorySample> samples = new ArrayList<>(seconds);
    for (int i = 1; i <= seconds; i++) {
      long wait = startNanos + TimeUnit.SECONDS.toNanos(i) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // keeps the one-second cadence
      }
      requireAlive(station);
      samples.add(MemorySample.of(station.pid()));
    }
    return samples;
  }

  private void report(Figures f, List<String> jvm) {
    List<MemorySample> samples = f.samples();
    double mean = samples.stream().mapToDouble(MemorySample::rssMb).average().orElseThrow();
    double max = samples.stream().mapToDouble(MemorySample::rssMb).max().orElseThrow();
    double hwm = samples.get(samples.size() - 1).hwmMb(); // VmHWM only grows: the last is the peak
    out.printf(Locale.ROOT, "%-48s %14s%n", "figure", "value");
    out.printf(Locale.ROOT, "%-48s %,14d%n", "tags", tags);
    out.printf(Locale.ROOT, "%-48s %14.1f%n", "station answers after, s", f.answersAfter());
    out.printf(Locale.ROOT, "%-48s %14.1f%n", "every tag archived once after, s", f.archivedAfter());
    out.printf(Locale.ROOT, "%-48s %,14.0f%n", "values/s offered (PLC simulator updates)", f.offered());
    out.printf(Locale.ROOT, "%-48s %,14.0f%n", "values/s archived (archive row growth)", f.archived());
    out.printf(Locale.ROOT, "%-48s %14.1f%n", "RSS steady state mean, MB (" + samples.size() + " samples)", mean);
    out.printf(Locale.ROOT, "%-48s %14.1f%n", "RSS steady state max, MB", max);
    out.printf(Locale.ROOT, "%-48s %14.1f%n", "VmHWM (peak since start), MB", hwm);
    out.printf(Locale.ROOT, "%-48s %14s%n", "station JVM options", String.join(" ", jvm));
    out.println();
    boolean met = max <= GOAL_MB && hwm <= GOAL_MB;
    String goal = "<= " + GOAL_MB + " MB";
    figures.add(Figure.of("station RSS, steady-state max, " + tags + " tags", max, "MB").goal(goal, max <= GOAL_MB));
    figures.add(Figure.of("station VmHWM (peak since start), " + tags + " tags", hwm, "MB").goal(goal, hwm <= GOAL_MB));
    figures.add(Figure.of("values archived", f.archived(), "values/s").against("values offered by the PLC simulator",
        f.offered()));
    out.printf(Locale.ROOT, "goal RSS <= %d MB (steady-state max and peak VmHWM): %s%n", GOAL_MB, met ? "met" : "NOT met");
  }

  private static void requireAlive(StationProcess station) {
    if (!station.isAlive()) {
      throw new IllegalStateException("the station process ended; its console ends with:\n" + station.outputTail(20));
    }
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
