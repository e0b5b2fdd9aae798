package io.twinua.tools.bench;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.RawCursor;
import io.twinua.server.archive.RawPage;
import io.twinua.server.archive.history.HistoryContinuations;
import io.twinua.server.archive.history.RawHistoryReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinua bench archive}: how fast the value archive ingests and serves history, measured
 * against what plain sqlite-jdbc can do with the same table on the same disk.
 */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description = {
      "Value archive throughput: raw sqlite-jdbc baseline, ValueArchive ingest, raw history read.",
      "Goal: ingest >= 50,000 values/s and >= 0.3 of the raw baseline."
    })
public final class ArchiveBenchCommand extends MeasuringCommand {

  private static final long T0 = 133_500_000_000_000_000L; // a fixed instant in 2024, ticks
  private static final long STEP = 10_000; // 1 ms between values of a tag
  private static final String READ_TAG = "bench.read";
  private static final double GOAL_RATE = 50_000;
  private static final double GOAL_RATIO = 0.3;
  private static final int DIGEST_ROUNDS = 3;

  @Option(
      names = "--values",
      defaultValue = "1000000",
      description = "values to ingest (default ${DEFAULT-VALUE})")
  long values;

  @Option(
      names = "--tags",
      defaultValue = "100",
      description = "tags the ingested values are spread over (default ${DEFAULT-VALUE})")
  int tags;

  @Option(
      names = "--read-values",
      defaultValue = "1000000",
      description = "values of one tag read back (default ${DEFAULT-VALUE})")
  int readValues;

  @Option(
      names = "--page",
      defaultValue = "10000",
      description = "values per read page (default ${DEFAULT-VALUE})")
  int page;

  @Option(
      names = "--digest-cost",
      description =
          "also ingest with and without digest maintenance, alternating, and print the ratio")
  boolean digestCost;

  @Override
  public Integer call() throws Exception {
    if (values < 1 || tags < 1 || readValues < 1 || page < 1 || tags > values) {
      System.err.println("bench archive: need values >= tags >= 1, read-values >= 1 and page >= 1");
      return 2;
    }
    boolean temporary = dir == null;
    Path work = temporary ? Files.createTempDirectory("twinua-bench-") : dir;
    Path rawFile = work.resolve("bench-raw.db");
    Path archiveFile = work.resolve("bench-archive.db");
    for (Path p : new Path[] {rawFile, archiveFile}) {
      if (Files.exists(p)) {
        System.err.println("bench archive: " + p + " exists already; remove it first");
        return 2;
      }
    }
    try {
      out.printf(
          Locale.ROOT,
          "TwinUA archive benchmark: %,d values over %,d tags; read %,d values in pages of %,d;"
              + " files in %s%n%n",
          values,
          tags,
          readValues,
          page,
          work);
      out.printf(Locale.ROOT, "%-44s %12s %9s %12s%n", "step", "values", "seconds", "values/s");
      double raw =
          row(RawSqliteInsert.LABEL, values, () -> rawInsert(rawFile));
      double archive;
      double readRaw;
      double historyRead;
      try (ArchiveDatabase db = ArchiveDatabase.open(archiveFile, ArchiveSettings.of(500, 5_000))) {
        archive = row("ValueArchive append + flush", values, () -> ingest(db));
        row("ValueArchive append + flush, one tag", readValues, () -> ingestOneTag(db));
        readRaw = row("ValueArchive.readRaw, one tag", readValues, () -> readRaw(db));
        historyRead =
            row("RawHistoryReader (encoded HistoryData)", readValues, () -> historyRead(db));
      }
      double ratio = archive / raw;
      out.printf(Locale.ROOT, "%-44s %12s %9s %12.2f%n", "ratio ValueArchive / raw", "", "", ratio);
      if (digestCost) {
        digestCost(work);
      }
      out.println();
      boolean pass = archive >= GOAL_RATE && ratio >= GOAL_RATIO;
      out.printf(
          Locale.ROOT,
          "goal ingest >= %,.0f values/s and >= %.1f of raw: %s%n",
          GOAL_RATE,
          GOAL_RATIO,
          pass ? "met" : "NOT met");
      figures.add(Figure.of("ingest: ValueArchive append + flush", archive, "values/s")
          .against(RawSqliteInsert.LABEL, raw)
          .goal(String.format(Locale.ROOT, ">= %,.0f values/s and >= %.1fx raw", GOAL_RATE, GOAL_RATIO), pass));
      figures.add(Figure.of("RawHistoryReader (encoded HistoryData), one tag", historyRead, "values/s")
          .against("ValueArchive.readRaw, one tag", readRaw));
      if (readRaw <= 0 || historyRead <= 0) {
        return 1;
      }
      return 0;
    } finally {
      if (temporary) {
        deleteRecursively(work);
      }
    }
  }

  /**
   * Ingest with and without digest maintenance, alternating over fresh files so that neither side
   * gets the warmer JVM or the quieter machine; the best of each side counts.
   */
  private void digestCost(Path work) throws Exception {
    double with = 0;
    double without = 0;
    double cpuWith = Double.MAX_VALUE;
    double cpuWithout = Double.MAX_VALUE;
    for (int round = 1; round <= DIGEST_ROUNDS; round++) {
      Path bare = work.resolve("bench-no-digests-" + round + ".db");
      long cpu = processCpuNanos();
      try (ArchiveDatabase db = ArchiveDatabase.openWithoutDigests(bare, ArchiveSettings.of(500, 5_000))) {
        without = Math.max(without, row("ValueArchive append + flush, no digests", values, () -> ingest(db)));
      }
      cpuWithout = Math.min(cpuWithout, (processCpuNanos() - cpu) / 1e9);
      Path full = work.resolve("bench-digests-" + round + ".db");
      cpu = processCpuNanos();
      try (ArchiveDatabase db = ArchiveDatabase.open(full, ArchiveSettings.of(500, 5_000))) {
        with = Math.max(with, row("ValueArchive append + flush, with digests", values, () -> ingest(db)));
      }
      cpuWith = Math.min(cpuWith, (processCpuNanos() - cpu) / 1e9);
    }
    out.printf(Locale.ROOT, "%-44s %12s %9s %12.2f%n", "ratio with digests / without (best)", "", "",
        with / without);
    // CPU seconds are what the digests cost; wall-clock rates swing with the machine's other load
    out.printf(Locale.ROOT, "%-44s %12s %9.2f %12.2f%n", "CPU s with digests (least), ratio to without",
        "", cpuWith, cpuWith / cpuWithout);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Runs a step, prints its line and returns values per second. */
  private double row(String name, long expected, BenchStep.Work step) throws Exception {
    return BenchStep.time(name, expected, 44, step, out::println);
  }

  /** The baseline: the archive's table shape filled the plainest fast way sqlite-jdbc allows. */
  private long rawInsert(Path file) throws SQLException {
    return RawSqliteInsert.insert(file, values, i -> i % tags + 1, i -> T0 + (i / tags) * STEP);
  }

  private long ingest(ArchiveDatabase db) {
    String[] names = new String[tags];
    for (int t = 0; t < tags; t++) {
      names[t] = "bench.tag" + t;
    }
    for (long i = 0; i < values; i++) {
      DateTime time = new DateTime(T0 + (i / tags) * STEP);
      DateTime server = new DateTime(time.getUtcTime() + 1);
      db.values()
          .appendWaiting(
              names[(int) (i % tags)],
              new DataValue(new Variant(i * 0.5), StatusCode.GOOD, time, server));
    }
    db.values().flush();
    long stored = 0;
    for (String name : names) {
      stored += db.values().count(name);
    }
    return stored;
  }

  private long ingestOneTag(ArchiveDatabase db) {
    for (int i = 0; i < readValues; i++) {
      DateTime time = new DateTime(T0 + i * STEP);
      db.values()
          .appendWaiting(READ_TAG, new DataValue(new Variant(i * 0.25), StatusCode.GOOD, time, time));
    }
    db.values().flush();
    return db.values().count(READ_TAG);
  }

  private long readRaw(ArchiveDatabase db) {
    long n = 0;
    RawCursor cursor = null;
    do {
      RawPage p = db.rawValues().readRaw(READ_TAG, T0, T0 + readValues * STEP, page, false, cursor);
      n += p.values().size();
      cursor = p.next();
    } while (cursor != null);
    return n;
  }

  private long historyRead(ArchiveDatabase db) {
    RawHistoryReader reader =
        new RawHistoryReader(
            db.rawValues(), new HistoryContinuations(10, 100), DefaultEncodingContext.INSTANCE, page);
    NodeId session = new NodeId(1, "bench");
    ReadRawModifiedDetails details =
        new ReadRawModifiedDetails(
            false,
            new DateTime(T0),
            new DateTime(T0 + readValues * STEP),
            UInteger.valueOf(page),
            false);
    long n = 0;
    ByteString cp = null;
    do {
      HistoryReadResult r =
          reader.read(
              session,
              details,
              TimestampsToReturn.Both,
              new HistoryReadValueId(new NodeId(2, READ_TAG), null, QualifiedName.NULL_VALUE, cp),
              READ_TAG,
              false);
      if (!r.getStatusCode().isGood()) {
        throw new IllegalStateException("history read failed: " + r.getStatusCode());
      }
      // decode as a client would, so the figure includes both ends of the encoding
      HistoryData data = (HistoryData) r.getHistoryData().decode(DefaultEncodingContext.INSTANCE);
      n += data.getDataValues().length;
      cp = r.getContinuationPoint();
    } while (cp != null);
    return n;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
