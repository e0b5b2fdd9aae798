package io.twinua.tools.bench;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.Ticks;
import io.twinua.server.config.StationLoader;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.redundancy.LinkState;
import io.twinua.server.redundancy.RedundancySettings;
import io.twinua.server.redundancy.partner.PartnerLink;
import io.twinua.server.redundancy.partner.PartnerLinkConfig;
import io.twinua.server.security.StationPki;
import io.twinua.server.station.Station;
import io.twinua.server.sync.GapLedger;
import io.twinua.server.sync.GapSync;
import io.twinua.server.sync.SyncReport;
import io.twinua.server.sync.SyncSettings;
import io.twinua.server.uaclient.ClientExecutors;
import io.twinua.tools.launch.StationFileWriter;
import io.twinua.tools.pairlab.PairLayout;
import io.twinua.tools.pairlab.PairLayout.Side;
import io.twinua.tools.plcsim.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench sync}: the gap resync after an outage, measured end to end.
 *
 * <p>The layout, chosen so that every part on the resync's path is the product's and nothing else
 * competes for the two stations' worth of CPU: the partner is a real {@link Station} in this
 * process (STATION-A of a pair whose other station is absent), serving its archive with its own
 * HistoryRead, access control and Basic256Sha256/SignAndEncrypt endpoints. The returning station is
 * reduced to the parts the resync uses, wired as {@code Station} wires them: its own archive
 * ({@link ArchiveDatabase}, product settings), the product's {@link PartnerLink} (certificate login
 * as PARTNER over SignAndEncrypt, its heartbeat watchdog) whose link events drive the product's
 * {@link GapSync} at its default {@link GapSync.Timing} (and so its ArchivePace). A whole second
 * station would add its AS connections, alarm service and digest compare, whose own resyncs would
 * blur the figures; two station processes would measure the same code with more noise.
 *
 * <p>Live values reach the returning station's archive through the live path ({@link LiveFeed}),
 * every tag at 1 Hz, first alone (idle) and then while the window is resynced, so that their
 * latencies compare under the same rate in the same run.
 */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Gap resync of an outage window: GapSync reads HistoryRead raw from a real",
      "station over the product's partner link (SignAndEncrypt); raw sqlite-jdbc",
      "batch insert as the baseline; live archiving latency (p50/p99/max) while",
      "idle and during the resync. Goal: resync >= " + SyncBenchCommand.GOAL_RATIO + " of raw."
    })
public final class SyncBenchCommand extends MeasuringCommand {

  static final double GOAL_RATIO = 0.5;
  private static final long SECOND = 10_000_000L;
  /** The window ends this long before the bench starts: the partner has committed it long since. */
  private static final long WINDOW_END_AGO = 120 * SECOND;
  private static final Duration LINK_WAIT = Duration.ofSeconds(120);
  private static final Duration RESYNC_WAIT = Duration.ofHours(2);

  @Option(names = "--tags", defaultValue = "1000",
      description = "archived tags, each with one value a second (default ${DEFAULT-VALUE})")
  int tags;

  @Option(names = "--minutes", defaultValue = "60",
      description = "length of the outage window to resync (default ${DEFAULT-VALUE})")
  int minutes;

  @Option(names = "--idle-seconds", defaultValue = "30",
      description = "live archiving measured alone before the resync (default ${DEFAULT-VALUE})")
  int idleSeconds;

  // printed at the end, in one piece: the station logs to the console while it runs
  private final List<String> table = new ArrayList<>();
  private final List<String> raised = new CopyOnWriteArrayList<>();

  @Override
  public Integer call() {
    if (tags < 1 || minutes < 1 || idleSeconds < 1) {
      System.err.println("bench sync: need --tags, --minutes and --idle-seconds >= 1");
      return 2;
    }
    if (dir != null && Files.exists(Side.A.stationFile(dir))) {
      System.err.println("bench sync: " + dir + " holds an earlier bench; give an empty --dir");
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir)) {
      return run(work.path());
    } catch (Exception e) {
      System.err.println("bench sync: failed: " + e);
      e.printStackTrace();
      return 1;
    }
  }

  private long values() {
    return (long) tags * seconds();
  }

  private long seconds() {
    return minutes * 60L;
  }

  private int run(Path work) throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < tags; i++) {
      names.add(String.format(Locale.ROOT, "Sync.%05d", i));
    }
    List<String> tagIds = names.stream().map(BenchNodeSet::node).toList();
    long from = (Ticks.now(Clock.systemUTC()) / SECOND) * SECOND - WINDOW_END_AGO - seconds() * SECOND;
    long to = from + seconds() * SECOND;

    // raw baseline first, in the order the resync writes: tag by tag, one value a second
    double raw = row(RawSqliteInsert.LABEL, values(), () -> RawSqliteInsert.insert(work.resolve("bench-raw.db"),
        values(), i -> i / seconds() + 1, i -> from + (i % seconds()) * SECOND));

    // the partner station's project (internal tags, all archived) and the pair's identities
    int port = FreePorts.next();
    BenchProject.write(work, port, List.of(), names);
    PairLayout.createPkis(work, List.of("127.0.0.1"), List.of("127.0.0.1"), null);
    PairLayout.stationFile(Side.A, "generated by twinua bench sync", port)
        .redundancy(PairLayout.redundancy(Side.A, "opc.tcp://127.0.0.1:" + FreePorts.next())) // B is absent
        .write(Side.A.stationFile(work));
    Path partnerArchive = work.resolve(Side.A.dataDir()).resolve("archive").resolve("twinua.db");
    Files.createDirectories(partnerArchive.getParent());
    try (ArchiveDatabase db = ArchiveDatabase.open(partnerArchive, ArchiveSettings.defaults())) {
      row("prepare: partner archive (ValueArchive)", values(), () -> prepare(db, tagIds, from));
    }

    Path receiverDir = work.resolve(Side.B.dataDir());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    ExecutorService callbacks = Executors.newSingleThreadExecutor();
    // the link is made after the sync whose listener it is; the sync asks it for its client
    AtomicReference<PartnerLink> link = new AtomicReference<>();
    try (Station partner = Station.start(StationLoader.load(Side.A.stationFile(work)));
        ClientExecutors clients = ClientExecutors.create("bench-partner-link");
        StationPki pki = StationPki.open(receiverDir.resolve("pki"), StationFileWriter.applicationUri(Side.B.station()),
            List.of("127.0.0.1"));
        ArchiveDatabase archive = ArchiveDatabase.open(receiverDir.resolve("archive").resolve("twinua.db"),
            ArchiveSettings.defaults());
        GapSync sync = new GapSync(Side.B.station(), SyncSettings.DEFAULT, GapLedger.open(receiverDir), archive,
            tagIds, () -> true,
            new GapSync.Partner(Side.A.station(), BenchProject.NAMESPACE, () -> link.get().client()),
            (m, detail) -> raised.add(m.number() + " " + detail), Clock.systemUTC(), GapSync.Timing.DEFAULT)) {
      link.set(new PartnerLink(
          PartnerLinkConfig.of(partner.endpointUrls().get(0), StationFileWriter.applicationUri(Side.A.station()),
              BenchProject.NAMESPACE, Duration.ofMillis(RedundancySettings.DEFAULT_LINK_TIMEOUT_MS)),
          pki, sync.linkListener(), scheduler, callbacks, clients, Clock.systemUTC()));
      try (PartnerLink started = link.get(); LiveFeed live = new LiveFeed(archive.values(), tagIds)) {
        started.start();
        Polling.until("the partner link UP", LINK_WAIT, Duration.ofMillis(50), () -> started.state() == LinkState.UP);
        return measure(partner, archive, sync, live, tagIds, from, to, raw);
      }
    } finally {
      scheduler.shutdownNow();
      callbacks.shutdownNow();
    }
  }

  private int measure(Station partner, ArchiveDatabase archive, GapSync sync, LiveFeed live, List<String> tagIds,
      long from, long to, double raw) throws Exception {
    Latencies idle = new Latencies();
    Latencies duringResync = new Latencies();
    live.start();
    live.recordInto(idle);
    Thread.sleep(idleSeconds * 1000L); // the idle phase: live values only, for as long as asked
    live.recordInto(duringResync);
    long started = System.nanoTime();
    SyncReport report = sync.resync(from, to, List.of()).get(RESYNC_WAIT.toSeconds(), TimeUnit.SECONDS);
    double wall = (System.nanoTime() - started) / 1e9;
    live.recordInto(null);
    live.close();
    archive.values().flush();

    long source = count(partner.archive(), tagIds, from, to);
    long copied = count(archive, tagIds, from, to);
    double rate = report.values() / (report.took().toNanos() / 1e9);
    table.add(String.format(Locale.ROOT, "%-52s %,12d %9.2f %,12.0f", "resync: GapSync over the partner link",
        report.values(), report.took().toNanos() / 1e9, rate));
    table.add(String.format(Locale.ROOT, "%-52s %12s %9s %12.2f", "ratio resync / raw", "", "", rate / raw));
    table.add("");
    table.add(String.format(Locale.ROOT, "%-52s %,12d", "values in the window at the partner", source));
    table.add(String.format(Locale.ROOT, "%-52s %,12d", "values in the window here after the resync", copied));
    table.add(String.format(Locale.ROOT, "%-52s %12s %9.2f", "time to resync the window (request to done)", "", wall));
    table.add(String.format(Locale.ROOT, "%-52s %,12d", "resync interruptions (1012216)",
        raised.stream().filter(r -> r.startsWith(SystemMessage.SYNC_INTERRUPTED.number() + " ")).count()));
    table.add("");
    table.add(String.format(Locale.ROOT, "%-52s %12s %9s %9s %9s", "live archiving latency (hand-over to commit)",
        "values", "p50 ms", "p99 ms", "max ms"));
    latencyRow("idle", idle);
    latencyRow("during the resync", duringResync);
    double p99Ratio = idle.percentileMs(99) == 0 ? 0 : duringResync.percentileMs(99) / idle.percentileMs(99);
    table.add(String.format(Locale.ROOT, "%-52s %12s %9s %9.2f", "ratio p99 during / idle", "", "", p99Ratio));
    table.add(String.format(Locale.ROOT, "%-52s %,12d", "live values refused (archive queue full)", live.refused()));

    figures.add(Figure.of("resync: GapSync over the partner link", rate, "values/s").against(RawSqliteInsert.LABEL, raw)
        .goal(String.format(Locale.ROOT, ">= %.1fx raw", GOAL_RATIO), rate / raw >= GOAL_RATIO));
    figures.add(Figure.of("values of the window missing after the resync", source - copied, "values")
        .goal("0", copied == source));
    figures.add(Figure.of("live archiving latency p99 during the resync", duringResync.percentileMs(99), "ms")
        .against("live archiving latency p99 idle", idle.percentileMs(99)));
    out.println();
    out.printf(Locale.ROOT, "TwinUA sync benchmark: outage of %d min x %,d tags at 1 Hz = %,d values; partner: station %s"
            + " in this process,%nread over the product's partner link (Basic256Sha256/SignAndEncrypt, PARTNER);"
            + " GapSync at its default pace (%,d values/s);%nlive: %,d tags at 1 Hz to the archive while idle (%d s)"
            + " and during the resync; files in %s%n%n",
        minutes, tags, values(), Side.A.station(), GapSync.Timing.DEFAULT.valuesPerSecond(), tags, idleSeconds,
        dir == null ? "a temp dir (deleted)" : dir);
    out.printf(Locale.ROOT, "%-52s %12s %9s %12s%n", "step", "values", "seconds", "values/s");
    table.forEach(out::println);
    out.println();
    out.printf(Locale.ROOT, "goal resync >= %.1f of raw: %s%n", GOAL_RATIO, rate / raw >= GOAL_RATIO ? "met" : "NOT met");
    return copied == source && source == values() ? 0 : 1;
  }

  private void latencyRow(String phase, Latencies l) {
    table.add(String.format(Locale.ROOT, "%-52s %,12d %9.1f %9.1f %9.1f", phase, l.count(), l.percentileMs(50),
        l.percentileMs(99), l.maxMs()));
  }

  /** Runs a step that must handle {@code expected} values, adds its line to the table, returns values/s. */
  private double row(String name, long expected, BenchStep.Work step) throws Exception {
    return BenchStep.time(name, expected, 52, step, table::add);
  }

  /**
   * The partner's archive of the window: every second one value of each tag. Written tag by tag,
   * which SQLite takes several times faster than the second-by-second order of live archiving; the
   * stored rows are the same.
   */
  private long prepare(ArchiveDatabase db, List<String> tagIds, long from) {
    for (int i = 0; i < tagIds.size(); i++) {
      for (long s = 0; s < seconds(); s++) {
        DateTime time = new DateTime(from + s * SECOND);
        db.values().appendWaiting(tagIds.get(i), new DataValue(new Variant(s * 0.5 + i), StatusCode.GOOD, time, time));
      }
    }
    db.values().flush();
    return count(db, tagIds, from, from + seconds() * SECOND);
  }

  private static long count(ArchiveDatabase db, List<String> tagIds, long from, long to) {
    long n = 0;
    for (String tag : tagIds) {
      n += db.values().count(tag, from, to);
    }
    return n;
  }
}
