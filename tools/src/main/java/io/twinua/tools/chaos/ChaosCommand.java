package io.twinua.tools.chaos;

import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.tools.bench.BenchDir;
import io.twinua.tools.bench.MachineLoad;
import io.twinua.tools.pairlab.LoopbackPair;
import io.twinua.tools.subscribe.StderrLogging;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua chaos}: seeded random faults against a redundant pair of station processes on
 * loopback under PLC load with client-switcher subscribers, checking after each cycle that no
 * value was lost or duplicated and at the end that there were never two Masters and nothing
 * leaked. See {@link ChaosRun} for a cycle and {@link FaultPlan} for the faults.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = {
      "Random seeded faults (kill -9 of a station, silent terminal-bus cut, status-LAN cut, AS cut of one station,",
      "full archive volume of one station, clock step of one station, serial status link cut) against a redundant",
      "pair on loopback; checks archives and subscribers against the PLC ground truth, two Masters and leaks.",
      "Exit 1 when an invariant broke (the failure names seed and cycle to replay). A full volume needs root (a",
      "tmpfs is mounted), a clock step libfaketime, a serial cut socat."
    })
public final class ChaosCommand implements Callable<Integer> {

  static final int PLC_PERIOD_MS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ChaosCommand.class);

  @Option(names = "--cycles", defaultValue = "10", description = "faults to make (default ${DEFAULT-VALUE})")
  int cycles;

  @Option(names = "--seed", description = "seed of the fault plan (default: the time; printed for a replay)")
  Long seed;

  @Option(names = "--max-fault-ms", defaultValue = "8000",
      description = "longest fault, at least " + FaultPlan.MIN_DURATION_MS + " (default ${DEFAULT-VALUE})")
  long maxFaultMs;

  @Option(names = "--max-minutes", defaultValue = "60",
      description = "no new cycle starts after this many minutes; the run reports the cycles done (default ${DEFAULT-VALUE})")
  long maxMinutes;

  @Option(names = "--only", split = ",", paramLabel = "KIND",
      description = "draw only these kinds: kill, terminal-bus-cut, status-lan-cut, as-cut, disk-full, clock-step,"
          + " serial-cut (default: all; the kinds are part of what a seed replays)")
  List<String> only;

  @Option(names = "--json", description = "the last line is the JSON summary")
  boolean json;

  @Option(names = "--log-level", defaultValue = "warn",
      description = "log level of this process's own log, on stderr (default ${DEFAULT-VALUE})")
  String logLevel;

  @Option(names = "--dir", description = "directory for the pair's files (default: a temp dir, deleted afterwards)")
  Path dir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() {
    StderrLogging.use(logLevel);
    long s = seed != null ? seed : System.currentTimeMillis();
    Path demoProject = Path.of(System.getProperty("twinua.home", ".")).resolve("nodeset").resolve("demo-plant");
    String problem = checkOptions(demoProject);
    if (problem != null) {
      System.err.println("chaos: " + problem);
      return 2;
    }
    Set<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
    if (only != null) {
      kinds = EnumSet.noneOf(FaultKind.class);
      for (String k : only) {
        kinds.add(FaultKind.ofOption(k.strip()));
      }
    }
    List<Fault> plan = FaultPlan.of(s, cycles, maxFaultMs, kinds);
    ChaosVerdict verdict = new ChaosVerdict(s);
    MachineLoad load = new MachineLoad();
    long t0 = System.nanoTime();
    out.println("chaos: seed " + s + ", " + cycles + " cycles" + (only == null ? "" : " of " + kinds.stream()
        .map(FaultKind::option).toList()));
    try (BenchDir work = BenchDir.of(dir);
        FaultRig rig = FaultRig.forPlan(plan, work.path());
        LoopbackPair pair = LoopbackPair.prepare(work.path(), demoProject, PLC_PERIOD_MS,
            (int) RedundancySettings.DEFAULT_LINK_TIMEOUT_MS, rig.pairOptions());
        ChaosRun run = ChaosRun.start(pair, rig, work.path(), verdict, out)) {
      try {
        long budgetEnd = t0 + maxMinutes * 60_000_000_000L;
        for (Fault f : plan) {
          if (System.nanoTime() - budgetEnd > 0) {
            out.println("chaos: time budget of " + maxMinutes + " min spent; stopping before cycle " + f.cycle());
            break;
          }
          load.sample();
          int known = verdict.failures().size();
          boolean back = run.cycle(f);
          // shown as found, so an interrupted long run still tells what broke
          verdict.failures().stream().skip(known).forEach(x -> out.println("chaos: breach: " + x));
          if (!back) {
            out.println(pair.diagnostics(20));
            break;
          }
        }
      } finally {
        run.finish(plan);
      }
    } catch (Exception e) {
      LOG.debug("chaos run failed", e);
      verdict.harness(e.getMessage());
    }
    out.printf("chaos: %d of %d cycles in %d s; %s%n", verdict.cycles(), cycles, (System.nanoTime() - t0) / 1_000_000_000,
        load.summary());
    verdict.failures().forEach(f -> out.println("chaos: FAILED " + f));
    verdict.leaks().forEach(l -> out.println("chaos: LEAK " + l));
    if (json) {
      out.println(verdict.json());
    } else {
      out.println(verdict.broken() ? "chaos: invariants BROKEN" : "chaos: all invariants held");
    }
    return verdict.exitCode();
  }

  private String checkOptions(Path demoProject) {
    if (cycles < 1) {
      return "--cycles must be >= 1, got " + cycles;
    }
    if (maxMinutes < 1) {
      return "--max-minutes must be >= 1, got " + maxMinutes;
    }
    if (only != null) {
      try {
        only.forEach(k -> FaultKind.ofOption(k.strip()));
      } catch (IllegalArgumentException e) {
        return "--only: " + e.getMessage();
      }
    }
    if (maxFaultMs < FaultPlan.MIN_DURATION_MS) {
      return "--max-fault-ms must be >= " + FaultPlan.MIN_DURATION_MS + ", got " + maxFaultMs;
    }
    if (!Files.isRegularFile(demoProject.resolve("project.yaml"))) {
      return "no demo project at " + demoProject.toAbsolutePath() + " (run through tools/twinua, which sets twinua.home)";
    }
    if (dir != null && Files.exists(dir.resolve("station-a.yaml"))) {
      return dir + " holds an earlier pair; give an empty --dir";
    }
    return null;
  }
}
