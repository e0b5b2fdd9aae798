package io.twinua.tools.bench;

import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.switcher.FailoverMode;
import io.twinua.tools.bench.ClientFailoverTrials.Fault;
import io.twinua.tools.bench.ClientFailoverTrials.Outcome;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.plcsim.GroundTruth;
import io.twinua.tools.plcsim.TruthValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench client-failover}: what an HMI client of the redundant pair sees when its
 * server dies, is stopped or its cable is cut, with the client-switcher library and with a plain Milo client,
 * on a real pair of station processes and the PLC simulator ({@link ClientFailoverTrials}).
 * Figures per failover mode: the worst delivery delay (receivedAt - sourceTime) of any sample
 * produced from 1 s before to 2 s after the fault, the time until the switch, and the samples
 * missing or duplicated compared with the PLC simulator's ground truth.
 */
@Command(
    name = "client-failover",
    mixinStandardHelpOptions = true,
    description = {
      "What an HMI client sees at kill -9 and graceful stop of its server and at a silent cut of its cable: the client-switcher",
      "library in Cold, Warm and Hot mode next to a plain Milo client, on a real pair with the PLC simulator.",
      "Goals: Hot worst delay <= " + ClientFailoverBenchCommand.HOT_P50_GOAL_MS + " ms p50 and <= "
          + ClientFailoverBenchCommand.HOT_P99_GOAL_MS + " ms p99, Cold <= " + ClientFailoverBenchCommand.COLD_GOAL_MS
          + " ms; silent cut detected <= " + ClientFailoverBenchCommand.DETECT_GOAL_MS + " ms; nothing missing or duplicated."
    })
public final class ClientFailoverBenchCommand extends MeasuringCommand {

  static final long HOT_P50_GOAL_MS = 300;
  static final long HOT_P99_GOAL_MS = 1_000;
  static final long COLD_GOAL_MS = 2_000;
  static final long DETECT_GOAL_MS = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(ClientFailoverBenchCommand.class);

  @Option(names = "--trials", defaultValue = "20",
      description = "trials per mode and fault (default ${DEFAULT-VALUE})")
  int trials;

  @Option(names = "--modes", split = ",", defaultValue = "COLD,WARM,HOT",
      description = "failover modes to measure (default ${DEFAULT-VALUE})")
  List<FailoverMode> modes;

  @Option(names = "--faults", split = ",", defaultValue = "KILL,STOP,CUT",
      description = "faults to make: KILL (kill -9), STOP (graceful, SIGTERM), CUT (silent cut of the client's cable)"
          + " (default ${DEFAULT-VALUE})")
  List<Fault> faults;

  @Option(names = "--observe-ms", defaultValue = "5000",
      description = "how long both clients are watched after each fault (default ${DEFAULT-VALUE})")
  long observeMs;

  @Option(names = "--plc-period-ms", defaultValue = "200",
      description = "PLC update period: the tag changes this often (default ${DEFAULT-VALUE})")
  int plcPeriodMs;

  @Override
  public Integer call() {
    Path demoProject = demoProject();
    String problem = checkOptions(demoProject);
    if (problem != null) {
      System.err.println("bench client-failover: " + problem);
      return 2;
    }
    List<Outcome> outcomes = new ArrayList<>();
    MachineLoad load = new MachineLoad();
    List<TruthValue> truth;
    Path work;
    try (BenchDir bench = BenchDir.of(dir)) {
      work = bench.path();
      Path truthFile;
      try (LoopbackPair pair = LoopbackPair.prepare(work, demoProject, plcPeriodMs,
          (int) RedundancySettings.DEFAULT_LINK_TIMEOUT_MS)) {
        truthFile = pair.plc().config().dir().resolve(ClientFailoverTrials.PLC_AS + ".truth.csv");
        try (ClientFailoverTrials runner = ClientFailoverTrials.start(pair, work, observeMs)) {
          for (int i = 1; i <= trials; i++) {
            for (FailoverMode mode : modes) {
              for (Fault fault : faults) {
                LOG.info("bench client-failover: trial {}/{}, {} {}", i, trials, mode, fault.label);
                load.sample();
                outcomes.add(runner.run(mode, fault));
              }
            }
          }
        } catch (Exception e) {
          throw new Exception(e.getMessage() + pair.diagnostics(20), e);
        }
      }
      // read after the simulator stopped: it flushed and closed the truth log
      truth = GroundTruth.read(truthFile).getOrDefault(ClientFailoverTrials.PLC_TAG, List.of());
    } catch (Exception e) {
      System.err.println("bench client-failover: failed: " + e.getMessage());
      LOG.debug("bench client-failover failed", e);
      return 1;
    }
    report(outcomes, truth, work, load);
    return 0;
  }

  private String checkOptions(Path demoProject) {
    if (trials < 1) {
      return "--trials must be >= 1, got " + trials;
    }
    if (modes.isEmpty()) {
      return "--modes names no mode";
    }
    if (faults.isEmpty()) {
      return "--faults names no fault";
    }
    if (observeMs < ClientFailoverTrials.AFTER_MS + 1_000) {
      return "--observe-ms must be >= " + (ClientFailoverTrials.AFTER_MS + 1_000) + " (the window after the fault and"
          + " a second for the backfill), got " + observeMs;
    }
    if (plcPeriodMs < 10 || plcPeriodMs > 1_000) {
      return "--plc-period-ms must be 10..1000, got " + plcPeriodMs;
    }
    if (!Files.isRegularFile(demoProject.resolve("project.yaml"))) {
      return "no demo project at " + demoProject.toAbsolutePath() + " (run through tools/twinua, which sets twinua.home)";
    }
    if (dir != null && Files.exists(dir.resolve("station-a.yaml"))) {
      return dir + " holds an earlier pair; give an empty --dir";
    }
    return null;
  }

  private void report(List<Outcome> outcomes, List<TruthValue> truth, Path work, MachineLoad load) {
    out.println();
    out.println(load.summary());
    out.printf(Locale.ROOT, "TwinUA client-failover benchmark: the demo pair on loopback (each station its own process),"
        + " PLC period %d ms,%ntag %s (+1 per PLC update); %d trials per mode and fault; files in %s.%n"
        + "Library: RedundantClient, preference Master, library defaults. Plain Milo client: OpcUaClient.create(url) with"
        + " Milo's default%nsession, keep-alive and reconnect settings, same publishing (100 ms) and sampling. Worst delay:"
        + " largest%nreceivedAt - sourceTime of the samples produced from %d ms before to %d ms after the fault; 'none':"
        + " not within the%n%d ms observed after the fault.%n%n",
        plcPeriodMs, ClientFailoverTrials.NODE, trials, dir == null ? "a temp dir (deleted)" : work,
        ClientFailoverTrials.BEFORE_MS, ClientFailoverTrials.AFTER_MS, observeMs);
    out.printf(Locale.ROOT, "%-46s %4s %7s %7s %7s %7s%n", "figure, ms", "n", "p50", "p99", "min", "max");
    for (FailoverMode mode : modes) {
      String m = mode.name().toLowerCase(Locale.ROOT);
      for (Fault fault : faults) {
        row(m + " " + fault.label + ": worst delivery delay", select(outcomes, mode, fault, Outcome::worstDelay));
        row(m + " " + fault.label + (fault == Fault.CUT ? ": switch (detection) after" : ": switch after"),
            select(outcomes, mode, fault, Outcome::switchAfter));
      }
    }
    for (Fault fault : faults) {
      row("plain Milo client, " + fault.label + ": data resumed after", select(outcomes, null, fault,
          Outcome::plainResumed));
    }
    List<Long> steady = ClientFailoverTrials.concat(outcomes.stream().map(Outcome::steadyDelays).toList());
    List<Long> plainSteady = ClientFailoverTrials.concat(outcomes.stream().map(Outcome::plainSteadyDelays).toList());
    row("steady delivery delay, library", steady);
    row("steady delivery delay, plain Milo client", plainSteady);
    if (!steady.isEmpty() && !plainSteady.isEmpty()) {
      // AS source time to the HMI's callback through the station, before any fault
      Spread lib = Spread.of(steady);
      Spread plain = Spread.of(plainSteady);
      figures.add(Figure.of("AS-to-client delay before the faults, library, p50 (" + lib.count() + " samples)",
          lib.p50(), "ms").against("plain Milo client p50", plain.p50()));
      figures.add(Figure.of("AS-to-client delay before the faults, library, p99", lib.p99(), "ms")
          .against("plain Milo client p99", plain.p99()));
    }

    out.println();
    out.printf(Locale.ROOT, "%-46s %8s %8s %10s %8s%n", "samples vs PLC ground truth, count", "missing", "missing",
        "duplicated", "compared");
    out.printf(Locale.ROOT, "%-46s %8s %8s%n", "", "before", "after");
    TruthComparison before = TruthComparison.none();
    TruthComparison total = TruthComparison.none();
    for (FailoverMode mode : modes) {
      for (Fault fault : faults) {
        TruthComparison live = TruthComparison.none();
        TruthComparison gap = TruthComparison.none();
        for (Outcome o : outcomes) {
          if (o.mode() == mode && o.fault() == fault) {
            long faultTicks = new DateTime(Instant.ofEpochMilli(o.faultAt())).getUtcTime();
            live = live.plus(compare(truth, o, o.fromTicks(), faultTicks - 1));
            gap = gap.plus(compare(truth, o, faultTicks, o.toTicks()));
          }
        }
        before = before.plus(live);
        total = total.plus(gap);
        delayFigures(outcomes, mode, fault, gap);
        out.printf(Locale.ROOT, "%-46s %8d %8d %10d %8d%n", mode.name().toLowerCase(Locale.ROOT) + " " + fault.label,
            live.missing(), gap.missing(), live.duplicated() + gap.duplicated(), live.compared() + gap.compared());
      }
    }
    out.printf(Locale.ROOT, "(before: produced in the steady time before the fault, live path only; after: from the"
        + " fault on, live, Hot/Warm queue or backfill)%n");

    out.println();
    goals(outcomes, before, total);
  }

  private void goals(List<Outcome> outcomes, TruthComparison before, TruthComparison total) {
    if (modes.contains(FailoverMode.HOT) && faults.contains(Fault.KILL)) {
      Spread hot = Spread.of(select(outcomes, FailoverMode.HOT, Fault.KILL, Outcome::worstDelay));
      out.printf(Locale.ROOT, "goal hot kill -9 worst delay <= %d ms p50 and <= %d ms p99: %s%n", HOT_P50_GOAL_MS,
          HOT_P99_GOAL_MS, hot.p50() <= HOT_P50_GOAL_MS && hot.p99() <= HOT_P99_GOAL_MS ? "met" : "NOT met");
    }
    if (modes.contains(FailoverMode.COLD) && faults.contains(Fault.KILL)) {
      Spread cold = Spread.of(select(outcomes, FailoverMode.COLD, Fault.KILL, Outcome::worstDelay));
      out.printf(Locale.ROOT, "goal cold kill -9 worst delay <= %d ms (p99): %s%n", COLD_GOAL_MS,
          cold.p99() <= COLD_GOAL_MS ? "met" : "NOT met");
    }
    if (faults.contains(Fault.CUT)) {
      Spread detect = Spread.of(select(outcomes, null, Fault.CUT, Outcome::switchAfter));
      out.printf(Locale.ROOT, "goal silent cut detected <= %d ms (p99, all modes): %s%n", DETECT_GOAL_MS,
          detect.p99() <= DETECT_GOAL_MS ? "met" : "NOT met");
    }
    out.printf(Locale.ROOT, "goal no sample missing or duplicated after backfill: %s%n",
        total.missing() == 0 && total.duplicated() == 0 && before.duplicated() == 0 ? "met" : "NOT met");
    out.printf(Locale.ROOT, "(live path before the faults: %d of %d PLC values missing)%n", before.missing(),
        before.compared());
    long plainNone = outcomes.stream().filter(o -> o.plainResumed() == ClientFailoverTrials.NONE).count();
    out.printf(Locale.ROOT, "plain Milo client: no data within %d ms of the fault in %d of %d trials%n", observeMs,
        plainNone, outcomes.size());
  }

  /**
   * The figures of one mode and fault for {@code bench all}: the library's worst delivery delay
   * against the time a plain Milo client took to get data again after the same faults, the
   * detection time of a silent cut, and what was lost or doubled from the fault on.
   */
  private void delayFigures(List<Outcome> outcomes, FailoverMode mode, Fault fault, TruthComparison gap) {
    String label = mode.name().toLowerCase(Locale.ROOT) + " " + fault.label;
    Spread worst = Spread.of(select(outcomes, mode, fault, Outcome::worstDelay));
    Spread plain = Spread.of(select(outcomes, null, fault, Outcome::plainResumed));
    String baseline = "plain Milo client, " + fault.label + ": data resumed after";
    Figure p50 = Figure.of(label + ": worst delivery delay p50 (" + worst.count() + " trials)", ms(worst.p50()), "ms")
        .against(baseline + " p50", ms(plain.p50()));
    Figure p99 = Figure.of(label + ": worst delivery delay p99", ms(worst.p99()), "ms")
        .against(baseline + " p99", ms(plain.p99()));
    if (mode == FailoverMode.HOT && fault == Fault.KILL) {
      p50 = p50.goal("<= " + HOT_P50_GOAL_MS + " ms", worst.p50() <= HOT_P50_GOAL_MS);
      p99 = p99.goal("<= " + HOT_P99_GOAL_MS + " ms", worst.p99() <= HOT_P99_GOAL_MS);
    } else if (mode == FailoverMode.COLD && fault == Fault.KILL) {
      p99 = p99.goal("<= " + COLD_GOAL_MS + " ms", worst.p99() <= COLD_GOAL_MS);
    }
    figures.add(p50);
    figures.add(p99);
    if (fault == Fault.CUT) {
      Spread detect = Spread.of(select(outcomes, mode, fault, Outcome::switchAfter));
      figures.add(Figure.of(label + ": switch (detection) after, p99", ms(detect.p99()), "ms")
          .goal("<= " + DETECT_GOAL_MS + " ms", detect.p99() <= DETECT_GOAL_MS));
    }
    figures.add(Figure.of(label + ": samples missing from the fault on", gap.missing(), "samples")
        .goal("0", gap.missing() == 0));
    figures.add(Figure.of(label + ": samples duplicated from the fault on", gap.duplicated(), "samples")
        .goal("0", gap.duplicated() == 0));
  }

  /** A figure in ms; NaN when it did not happen within the observation time. */
  private static double ms(long millis) {
    return millis == ClientFailoverTrials.NONE ? Double.NaN : millis;
  }

  /** One trial's samples against the truth over [from, to]; logs where the holes are. */
  private static TruthComparison compare(List<TruthValue> truth, Outcome o, long fromTicks, long toTicks) {
    TruthComparison c = TruthComparison.of(truth, o.received(), fromTicks, toTicks);
    if (c.missing() > 0) {
      // where the holes are says what lost them: the live path, the switch, the backfill
      LOG.info("bench client-failover: {} {} at {}: missing source times, ms after the fault: {}", o.mode(),
          o.fault().label, o.faultAt(), c.missingTicks().stream().map(t -> new DateTime(t).getJavaTime() - o.faultAt())
              .toList());
    }
    return c;
  }

  private static List<Long> select(List<Outcome> outcomes, FailoverMode mode, Fault fault, ToLongFunction<Outcome> f) {
    return outcomes.stream().filter(o -> (mode == null || o.mode() == mode) && o.fault() == fault)
        .map(f::applyAsLong).toList();
  }

  /** A figure row; a value that did not happen ({@link ClientFailoverTrials#NONE}) sorts last and prints as 'none'. */
  private void row(String label, List<Long> millis) {
    if (millis.isEmpty()) {
      out.printf(Locale.ROOT, "%-46s %4d%n", label, 0);
      return;
    }
    Spread s = Spread.of(millis);
    out.printf(Locale.ROOT, "%-46s %4d %7s %7s %7s %7s%n", label, s.count(), ClientFailoverTrials.shown(s.p50()),
        ClientFailoverTrials.shown(s.p99()), ClientFailoverTrials.shown(s.min()), ClientFailoverTrials.shown(s.max()));
  }
}
