package io.twinua.tools.bench;

import io.twinua.tools.plcsim.FreePorts;
import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.RawCursor;
import io.twinua.server.archive.RawPage;
import io.twinua.server.config.StationLoader;
import io.twinua.server.station.Station;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench history}: how fast a station serves a long history over OPC UA (HistoryRead
 * with a real Milo client, user login over SignAndEncrypt), against reading the same values from
 * the archive directly.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = {
      "HistoryRead of one tag over OPC UA (SignAndEncrypt, viewer login, continuation points),",
      "with ValueArchive.readRaw of the same values as the baseline."
    })
public final class HistoryBenchCommand extends MeasuringCommand {

  static final String TAG_NAME = "History";
  private static final long T0 = 133_500_000_000_000_000L; // a fixed instant in 2024, ticks
  private static final long STEP = 1_000_000; // 100 ms between values
  private static final int MAX_PAGE = 10_000;

  @Option(names = "--values", defaultValue = "1000000",
      description = "values of the tag in the archive, all read back (default ${DEFAULT-VALUE})")
  int values;

  @Option(names = "--page", defaultValue = "10000",
      description = "numValuesPerNode of each HistoryRead and page size of the direct read (default ${DEFAULT-VALUE})")
  int page;

  // printed at the end, in one piece: the station logs to the console while it runs
  private final List<String> table = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (values < 1 || page < 1 || page > MAX_PAGE) {
      System.err.println("bench history: need --values >= 1 and --page 1.." + MAX_PAGE
          + " (the station's most values per HistoryRead response)");
      return 2;
    }
    if (BenchDir.holdsBench(dir)) {
      System.err.println("bench history: " + dir + " holds an earlier bench; give an empty --dir");
      return 2;
    }
    try (BenchDir work = BenchDir.of(dir)) {
      return run(work.path());
    } catch (Exception e) {
      System.err.println("bench history: failed: " + e);
      return 1;
    }
  }

  private int run(Path work) throws Exception {
    BenchProject project = BenchProject.write(work, FreePorts.next(), List.of(), List.of(TAG_NAME));
    String tag = BenchNodeSet.node(TAG_NAME);
    double direct;
    // the station's own archive file, filled before the station opens it
    try (ArchiveDatabase db = ArchiveDatabase.open(project.archiveFile(), ArchiveSettings.defaults())) {
      row("prepare: ValueArchive append + flush", () -> prepare(db, tag));
      direct = row("ValueArchive.readRaw, direct (baseline)", () -> readDirect(db, tag));
    }

    BenchHmi hmi = BenchHmi.create();
    hmi.trustIn(project.pkiDir());
    double opcUa;
    try (Station station = Station.start(StationLoader.load(project.stationFile()))) {
      OpcUaClient client = hmi.login(project.endpointUrl(), project.pkiDir(), project.viewer(), project.viewerPassword());
      try {
        NodeId node = new NodeId(client.getNamespaceTable().getIndex(BenchProject.NAMESPACE), tag);
        opcUa = row("HistoryRead over OPC UA (Milo client)", () -> readOverOpcUa(client, node));
      } finally {
        client.disconnect();
      }
    }
    figures.add(Figure.of("HistoryRead over OPC UA (Milo client)", opcUa, "values/s")
        .against("ValueArchive.readRaw, direct", direct));
    table.add(String.format(Locale.ROOT, "%-46s %12s %9s %12.2f", "ratio OPC UA / direct", "", "", opcUa / direct));
    out.println();
    out.printf(Locale.ROOT, "TwinUA history benchmark: %,d values of one tag (%s), numValuesPerNode %,d, continuation"
            + " points followed;%nOPC UA: Milo client, %s/%s, user login as %s, station in this process; files in %s%n%n",
        values, tag, page, BenchHmi.POLICY.name(), BenchHmi.MODE, project.viewer(),
        dir == null ? "a temp dir (deleted)" : work);
    out.printf(Locale.ROOT, "%-46s %12s %9s %12s%n", "step", "values", "seconds", "values/s");
    table.forEach(out::println);
    return 0;
  }

  /** Runs a step that must handle all {@link #values}, adds its line to the table, returns values/s. */
  private double row(String name, BenchStep.Work step) throws Exception {
    return BenchStep.time(name, values, 46, step, table::add);
  }

  private long prepare(ArchiveDatabase db, String tag) {
    for (int i = 0; i < values; i++) {
      DateTime time = new DateTime(T0 + i * STEP);
      db.values().appendWaiting(tag, new DataValue(new Variant(i * 0.5), StatusCode.GOOD, time, time));
    }
    db.values().flush();
    return db.values().count(tag);
  }

  private long readDirect(ArchiveDatabase db, String tag) {
    long n = 0;
    RawCursor cursor = null;
    do {
      RawPage p = db.rawValues().readRaw(tag, T0, end(), page, false, cursor);
      n += p.values().size();
      cursor = p.next();
    } while (cursor != null);
    return n;
  }

  /** Reads everything back and checks it is the prepared series, in order. */
  private long readOverOpcUa(OpcUaClient client, NodeId node) throws Exception {
    long[] expected = {T0};
    return HistoryReads.readAll(client, node, new DateTime(T0), new DateTime(end()), page, batch -> {
      for (DataValue v : batch) {
        long t = v.getSourceTime().getUtcTime();
        if (t != expected[0] || !v.getStatusCode().isGood()) {
          throw new IllegalStateException("value at " + t + " (" + v.getStatusCode() + ") where "
              + expected[0] + " was expected");
        }
        expected[0] += STEP;
      }
    });
  }

  private long end() {
    return T0 + values * STEP;
  }
}
