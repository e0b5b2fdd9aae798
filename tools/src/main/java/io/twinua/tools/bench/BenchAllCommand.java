package io.twinua.tools.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinua bench all}: runs the benchmarks one after another in this process and writes one
 * markdown report ({@link BenchReport}) with the machine, the commit, the exact commands and every
 * figure against its baseline and goal. Each bench runs as its own subcommand would, with the
 * trial counts of issue 11, or with small ones under {@code --quick}.
 */
@Command(
    name = "all",
    mixinStandardHelpOptions = true,
    description = {
      "Runs every benchmark one after another and writes a markdown report: machine, commit, commands,",
      "and per figure the value, the baseline measured in the same run, the ratio, the goal and the result."
    })
public final class BenchAllCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BenchAllCommand.class);

  /**
   * One benchmark: its subcommand, and its arguments for a quick and for a full run; {@code quick}
   * null: too big for a quick run, left out of it.
   */
  record Bench(String name, String title, Supplier<FigureSource> command, List<String> quick, List<String> full) {

    boolean inQuickRun() {
      return quick != null;
    }
  }

  /** In issue 11's order (failover first), the longest runs (scale, churn) last: a run cut short keeps the rest. */
  static final List<Bench> BENCHES = List.of(
      new Bench("failover", "pair role switch and terminal bus loss detection", FailoverBenchCommand::new,
          List.of("--trials", "3", "--cuts", "2"), List.of("--trials", "20", "--cuts", "20")),
      new Bench("client-failover", "client-switcher vs plain Milo client at kill -9, graceful stop, silent cut",
          ClientFailoverBenchCommand::new, List.of("--trials", "1"), List.of("--trials", "20")),
      new Bench("archive", "value archive ingest vs raw sqlite-jdbc", ArchiveBenchCommand::new,
          List.of("--values", "200000", "--read-values", "100000"), List.of()),
      new Bench("history", "HistoryRead over OPC UA vs direct archive read", HistoryBenchCommand::new,
          List.of("--values", "100000"), List.of()),
      new Bench("sync", "gap resync vs raw sqlite-jdbc, live latency during it", SyncBenchCommand::new,
          List.of("--tags", "200", "--minutes", "5", "--idle-seconds", "5"), List.of()),
      new Bench("station", "station RSS with N archived tags", StationBenchCommand::new,
          List.of("--tags", "1000", "--seconds", "10"), List.of()),
      new Bench("ingest", "both stations of a pair archiving: values/s per station, AS-to-client delay",
          IngestBenchCommand::new, List.of("--tags", "1000", "--client-tags", "200", "--seconds", "10"), List.of()),
      new Bench("subscriptions", "notifications/s from a station vs a plain Milo server and node-opcua, publish gaps",
          SubscriptionBenchCommand::new, List.of("--tags", "1000", "--period-ms", "500", "--seconds", "5"), List.of()),
      new Bench("scale", "100k monitored items on one station: notifications/s and publish gaps",
          SubscriptionBenchCommand::new, null, List.of("--tags", "100000", "--ready-timeout", "1800", "--no-node-opcua")),
      new Bench("churn", "client churn: sessions dropped without CloseSession, station footprint after",
          ChurnBenchCommand::new, List.of("--cycles", "60", "--session-timeout-s", "5"), List.of()));

  @Option(names = "--quick", description = "small trial counts: the whole run takes minutes; figures are no results")
  boolean quick;

  @Option(names = "--out", description = "the report file (default: docs/benchmarks.md of this installation)")
  Path out;

  @Option(names = "--only", split = ",", paramLabel = "BENCH",
      description = "run only these benches, in the usual order (default: all of failover, client-failover, archive,"
          + " history, sync, station, ingest, subscriptions, scale (not in a quick run), churn)")
  List<String> only;

  @Spec CommandSpec spec;

  private final PrintStream console = System.out;

  @Override
  public Integer call() throws Exception {
    List<Bench> chosen = chosen();
    if (chosen == null) {
      return 2;
    }
    Path home = MeasuringCommand.home();
    Path report = out != null ? out : home.resolve("docs").resolve("benchmarks.md");
    String command = "tools/twinua " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    Instant started = Instant.now();
    MachineInfo machine = MachineInfo.of(home);
    List<BenchSection> sections = new ArrayList<>();
    List<String> left = chosen.stream().filter(b -> quick && !b.inQuickRun()).map(Bench::name).toList();
    for (Bench bench : chosen) {
      if (!left.contains(bench.name())) {
        sections.add(run(bench));
        // rewritten after each bench: a run that stops keeps what it measured
        write(report, BenchReport.markdown(machine, command, started, quick, left, sections));
      }
    }
    console.println("bench all: report written to " + report.toAbsolutePath());
    return sections.stream().allMatch(s -> s.exit() == 0) ? 0 : 1;
  }

  /** The benches asked for, in the usual order; null (after saying why) when a name is unknown. */
  private List<Bench> chosen() {
    if (only == null || only.isEmpty()) {
      return BENCHES;
    }
    List<String> names = BENCHES.stream().map(Bench::name).toList();
    for (String name : only) {
      if (!names.contains(name)) {
        System.err.println("bench all: no bench '" + name + "'; known: " + String.join(", ", names));
        return null;
      }
    }
    return BENCHES.stream().filter(b -> only.contains(b.name())).toList();
  }

  private BenchSection run(Bench bench) {
    List<String> args = new ArrayList<>(quick ? bench.quick() : bench.full());
    FigureSource command = bench.command().get();
    String line = "tools/twinua bench " + bench.name() + (args.isEmpty() ? "" : " " + String.join(" ", args));
    console.println();
    console.println("bench all: " + line);
    String before = MachineLoad.averages();
    long t0 = System.nanoTime();
    int exit;
    try {
      exit = new CommandLine(command).execute(args.toArray(String[]::new));
    } catch (RuntimeException e) {
      // one bench failing must not cost the figures of the others
      LOG.warn("bench all: {} failed", bench.name(), e);
      exit = 1;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new BenchSection(bench.name(), bench.title(), line, exit, seconds, before, MachineLoad.averages(),
        command.figures());
  }

  private static void write(Path report, String markdown) throws java.io.IOException {
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(report, markdown, StandardCharsets.UTF_8);
  }
}
