package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValueArchiveTest {

  private static final long T0 = 133_500_000_000_000_000L; // some instant in 2024, in ticks

  @TempDir Path dir;
  private ArchiveDatabase db;

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(20, 500));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void everyTypeRoundTripsLosslessly() {
    List<Variant> variants = ArchiveFixtures.everyType();
    List<DataValue> appended = new ArrayList<>();
    for (int i = 0; i < variants.size(); i++) {
      // vary status and server time too: both are part of what must come back
      StatusCode status =
          new StatusCode(
              i % 3 == 0
                  ? StatusCodes.Good
                  : i % 3 == 1 ? StatusCodes.Uncertain_SubNormal : StatusCodes.Bad_NoCommunication);
      DateTime server = i % 2 == 0 ? new DateTime(T0 + 1_000_000 + i) : null;
      DataValue v =
          new DataValue(variants.get(i), status, new DateTime(T0 + i * 7L), null, server, null);
      appended.add(v);
      db.values().append("AllTypes", v);
    }
    db.values().flush();

    List<DataValue> read = db.rawValues().readRaw("AllTypes", T0, 0, 0, false, null).values();
    assertEquals(appended.size(), read.size());
    for (int i = 0; i < appended.size(); i++) {
      assertEquals(appended.get(i), read.get(i), "value #" + i + " " + variants.get(i));
    }
    // the bit patterns of -0.0 and of a NaN payload survive, not just their equals()
    assertEquals(
        0x7ff8_dead_beef_0001L,
        Double.doubleToRawLongBits((Double) read.get(20).getValue().getValue()));
    assertEquals(
        Double.doubleToRawLongBits(-0.0d),
        Double.doubleToRawLongBits((Double) read.get(18).getValue().getValue()));
  }

  @Test
  void whenCommittedCompletesAfterTheCommitWithoutHurryingTheWriter() throws Exception {
    db.close();
    // a batch that never fills: only the flush interval ends it
    db = ArchiveDatabase.open(dir.resolve("slow-flush.db"), ArchiveSettings.of(1_000, 500));
    long handed = System.nanoTime();
    assertTrue(db.values().append("Live", new DataValue(new Variant(1.5), StatusCode.GOOD, new DateTime(T0), null)));
    var committed = db.values().whenCommitted().orElseThrow();
    committed.get(10, TimeUnit.SECONDS);
    long tookMs = (System.nanoTime() - handed) / 1_000_000;
    assertEquals(1, db.values().count("Live"), "committed before the signal");
    assertTrue(tookMs >= 900, "the batch waited its flush interval as without the signal: " + tookMs + " ms");
  }

  @Test
  void sameTagAndSourceTimeIsStoredOnce() {
    DateTime t = new DateTime(T0);
    db.values().append("A", new DataValue(new Variant(1), StatusCode.GOOD, t, null));
    db.values().append("A", new DataValue(new Variant(2), StatusCode.GOOD, t, null));
    db.values().flush();
    db.values().append("A", new DataValue(new Variant(3), StatusCode.GOOD, t, null));
    db.values().flush();

    assertEquals(1, db.values().count("A"));
    assertEquals(
        new Variant(1), db.rawValues().readRaw("A", T0, 0, 0, false, null).values().get(0).getValue());
  }

  @Test
  void replayingAWholeBatchChangesNothing() {
    List<DataValue> batch = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      batch.add(
          new DataValue(new Variant((double) i), StatusCode.GOOD, new DateTime(T0 + i), null));
    }
    batch.forEach(v -> db.values().append("Flow" + (batch.indexOf(v) % 4), v));
    db.values().flush();
    List<Long> before =
        List.of(
            db.values().count("Flow0"),
            db.values().count("Flow1"),
            db.values().count("Flow2"),
            db.values().count("Flow3"));

    for (int i = 0; i < batch.size(); i++) {
      db.values().append("Flow" + (i % 4), batch.get(i)); // e.g. a repeated partner sync
    }
    db.values().flush();

    assertEquals(List.of(500L, 500L, 500L, 500L), before);
    assertEquals(
        before,
        List.of(
            db.values().count("Flow0"),
            db.values().count("Flow1"),
            db.values().count("Flow2"),
            db.values().count("Flow3")));
    assertEquals(List.of("Flow0", "Flow1", "Flow2", "Flow3"), db.values().tags());
  }

  @Test
  void countHonoursTheTimeRange() {
    for (int i = 0; i < 10; i++) {
      db.values()
          .append("A", new DataValue(new Variant(i), StatusCode.GOOD, new DateTime(T0 + i), null));
    }
    db.values().flush();
    assertEquals(10, db.values().count("A"));
    assertEquals(3, db.values().count("A", T0 + 2, T0 + 5));
    assertEquals(8, db.values().count("A", T0 + 2, 0));
    assertEquals(0, db.values().count("Unknown"));
  }

  @Test
  void missingSourceTimeFallsBackToServerTime() {
    DateTime server = new DateTime(T0 + 42);
    db.values().append("A", new DataValue(new Variant(1), StatusCode.GOOD, null, server));
    db.values().append("B", new DataValue(new Variant(2), StatusCode.GOOD, null, null));
    db.values().flush();

    DataValue a = db.rawValues().readRaw("A", T0, 0, 0, false, null).values().get(0);
    assertEquals(server, a.getSourceTime());
    assertEquals(server, a.getServerTime());
    DataValue b = db.rawValues().readRaw("B", T0, 0, 0, false, null).values().get(0);
    assertTrue(b.getSourceTime().getUtcTime() > T0, "B was stamped with the current time");
    assertNull(b.getServerTime());
  }

  @Test
  void bulkLoaderIsHeldBackByAFullQueueWithoutLosingValues() {
    db.close();
    db = ArchiveDatabase.open(dir.resolve("small-queue.db"), new ArchiveSettings(1, 10, 10));
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      db.values()
          .appendWaiting(
              "A", new DataValue(new Variant(i), StatusCode.GOOD, new DateTime(T0 + i), null));
    }
    db.values().flush();

    assertEquals(n, db.values().count("A"));
    WriterStats stats = db.values().stats();
    assertEquals(n, stats.written());
    assertEquals(0, stats.lost());
    assertEquals(0, stats.notArchived());
  }

  @Test
  void concurrentProducersLoseNothingAndCloseDrainsTheQueue() throws Exception {
    int producers = 4;
    int each = 5_000;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      int id = p;
      Thread t =
          new Thread(
              () -> {
                for (int i = 0; i < each; i++) {
                  db.values()
                      .appendWaiting(
                          "P" + id,
                          new DataValue(
                              new Variant(i), StatusCode.GOOD, new DateTime(T0 + i), null));
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    db.close(); // no flush: close must commit everything queued
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.defaults());
    for (int p = 0; p < producers; p++) {
      assertEquals(each, db.values().count("P" + p));
    }
  }

  @Test
  void unencodableValueIsRejectedAtAppend() {
    DataValue v = new DataValue(new Variant(new Object()), StatusCode.GOOD, new DateTime(T0), null);
    assertThrows(IllegalArgumentException.class, () -> db.values().append("A", v));
    assertThrows(IllegalArgumentException.class, () -> db.values().append(" ", v));
  }
}
