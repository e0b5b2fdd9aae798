package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveException.Reason;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The writer with a stuck and a failing disk, on real SQLite files. */
// in its own thread, so that a deadlock fails the test instead of hanging the build
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BatchWriterTest {

  private static final long T0 = 133_500_000_000_000_000L;
  private static final Duration BOUND = Duration.ofSeconds(3);

  @TempDir Path dir;
  private ArchiveDatabase db;
  private final CountDownLatch disk = new CountDownLatch(1); // counted down: the disk works again

  @BeforeEach
  void open() {
    db = ArchiveDatabase.open(dir.resolve("twinua.db"), ArchiveSettings.of(1, 10));
    db.write(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE row (n INTEGER PRIMARY KEY)");
          }
          return null;
        });
  }

  @AfterEach
  void close() {
    disk.countDown();
    db.close();
  }

  @Test
  void aProducerHeldBackByAFullQueueNeverDeadlocksClose() throws Exception {
    BatchWriter<Integer> writer = writer(new ArchiveSettings(1, 1, 2), this::hangingInsert);
    writer.offer(0); // the writer takes it and hangs in its commit
    waitFor(() -> writer.stats().queued() == 0, "writer took the first row");
    assertTrue(writer.offer(1));
    assertTrue(writer.offer(2));
    assertFalse(writer.offer(3), "a live producer is refused at once, not held");
    CompletableFuture<Throwable> bulk = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try {
                writer.put(4); // waits for room that never comes
                bulk.complete(null);
              } catch (Throwable t) {
                bulk.complete(t);
              }
            });
    loader.start();
    waitFor(
        () -> loader.getState() == Thread.State.TIMED_WAITING
            || loader.getState() == Thread.State.WAITING,
        "bulk producer waits for room");

    long started = System.nanoTime();
    writer.beginClose();
    boolean finished = writer.awaitClosed(System.nanoTime() + Duration.ofMillis(500).toNanos());
    assertFalse(finished, "the writer is stuck in its commit");
    assertWithin(BOUND, started, "close with a producer waiting on a full queue");
    ArchiveException closed =
        assertInstanceOf(ArchiveException.class, bulk.get(BOUND.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(Reason.CLOSED, closed.reason());

    disk.countDown(); // the hung commit returns; the abandoned writer exits without the rest
    writer.awaitExit();
    assertEquals(List.of(0), rows());
    assertEquals(2, writer.stats().lost());
    assertEquals(1, writer.stats().notArchived());
  }

  @Test
  void closeReturnsWithinBoundWhileACommitHangs() throws Exception {
    BatchWriter<Integer> writer = writer(ArchiveSettings.of(1, 10), this::hangingInsert);
    hangFrom = 100;
    for (int i = 0; i < 100; i++) {
      writer.offer(i);
    }
    writer.flush(); // archived before the disk hangs: must survive
    for (int i = 100; i < 150; i++) {
      writer.offer(i);
    }
    waitFor(() -> hanging.getCount() == 0, "a commit hangs");

    long started = System.nanoTime();
    writer.beginClose();
    assertFalse(writer.awaitClosed(System.nanoTime() + Duration.ofMillis(500).toNanos()));
    assertWithin(BOUND, started, "close with a hung commit");

    disk.countDown();
    writer.awaitExit();
    List<Integer> stored = rows();
    assertEquals(100, stored.stream().filter(n -> n < 100).count(), "all committed rows kept");
    WriterStats stats = writer.stats();
    assertEquals(150, stats.written() + stats.lost(), "every row is written or counted lost");
  }

  @Test
  void closeReturnsWithinBoundWhenEveryCommitFails() throws Exception {
    BatchWriter<Integer> writer = writer(ArchiveSettings.of(1, 10), this::insert);
    for (int i = 0; i < 100; i++) {
      writer.offer(i);
    }
    writer.flush();
    failing = true;
    for (int i = 100; i < 150; i++) {
      writer.offer(i);
    }
    waitFor(() -> writer.stats().failedBatches() > 0, "commits fail");
    CompletableFuture<Throwable> flushed = new CompletableFuture<>();
    Thread flusher =
        new Thread(
            () -> {
              try {
                writer.flush();
                flushed.complete(null);
              } catch (Throwable t) {
                flushed.complete(t);
              }
            });
    flusher.start();

    long started = System.nanoTime();
    writer.beginClose();
    assertTrue(
        writer.awaitClosed(System.nanoTime() + BOUND.toNanos()), "failing commits are given up");
    assertWithin(BOUND, started, "close with failing commits");
    assertInstanceOf(
        ArchiveException.class,
        flushed.get(BOUND.toMillis(), TimeUnit.MILLISECONDS),
        "a flush waiting on a failing disk fails instead of waiting");
    assertEquals(100, rows().size(), "all committed rows kept");
    assertEquals(50, writer.stats().lost());
  }

  @Test
  void archiveCloseIsBoundedWhileAnotherConnectionHoldsTheWriteLock() throws Exception {
    Path file = dir.resolve("locked.db");
    ArchiveDatabase locked = archiveWith100Values(file);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // the disk is "stuck": our writer waits for this lock
      for (int i = 100; i < 110; i++) {
        locked.values().append("A", value(i));
      }
      waitFor(() -> locked.values().stats().queued() == 0, "the writer is in its commit");

      long started = System.nanoTime();
      locked.close();
      assertWithin(BOUND, started, "archive close with a locked database");
      s.execute("ROLLBACK");
    }
    // the abandoned writer finishes its commit, then the file is released for the next start
    ArchiveDatabase reopened = reopen(file);
    try {
      assertTrue(reopened.values().count("A") >= 100, "committed values kept");
      assertEquals(100, reopened.values().count("A", T0, T0 + 100));
    } finally {
      reopened.close();
    }
  }

  @Test
  void archiveCloseIsBoundedWhenTheDatabaseRefusesEveryCommit() throws Exception {
    Path file = dir.resolve("failing.db");
    ArchiveDatabase failing = archiveWith100Values(file);
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = other.createStatement()) {
      s.execute(
          "CREATE TRIGGER refuse BEFORE INSERT ON value BEGIN SELECT RAISE(ABORT, 'disk refuses');"
              + " END");
      for (int i = 100; i < 150; i++) {
        failing.values().append("A", value(i));
      }
      waitFor(() -> failing.values().stats().failedBatches() > 0, "commits fail");

      long started = System.nanoTime();
      failing.close();
      assertWithin(BOUND, started, "archive close with failing commits");
      assertEquals(50, failing.values().stats().lost());
      s.execute("DROP TRIGGER refuse");
    }
    ArchiveDatabase reopened = ArchiveDatabase.open(file, ArchiveSettings.of(1, 10));
    try {
      assertEquals(100, reopened.values().count("A"), "committed values kept");
    } finally {
      reopened.close();
    }
  }

  @Test
  void aFullQueueIsReportedAndClearsWhenTheWriterCatchesUp() throws Exception {
    BatchWriter<Integer> writer = writer(new ArchiveSettings(1, 2, 4), this::hangingInsert);
    int refused = 0;
    for (int i = 0; i < 20; i++) {
      refused += writer.offer(i) ? 0 : 1;
    }
    assertTrue(refused > 0);
    assertTrue(writer.stats().full());
    assertEquals(refused, writer.stats().notArchived());

    disk.countDown();
    waitFor(() -> !writer.stats().full(), "the writer catches up");
    assertTrue(writer.offer(100), "accepted again");
    writer.flush();
    assertEquals(20 - refused + 1, rows().size());
    writer.close();
  }

  @Test
  void flushSoonCommitsWhatIsQueuedAtOnceAndIsDoneAtOnceWhenNothingIs() throws Exception {
    BatchWriter<Integer> writer = writer(ArchiveSettings.of(60_000, 1000), this::insert);
    assertTrue(writer.flushSoon().orElseThrow().isDone(), "nothing queued: nothing to wait for");

    writer.offer(1);
    writer.offer(2);
    long started = System.nanoTime();
    writer.flushSoon().orElseThrow().get(BOUND.toSeconds(), TimeUnit.SECONDS);
    assertWithin(BOUND, started, "an early commit, not after the 60 s flush interval");
    assertEquals(List.of(1, 2), rows());
    assertTrue(writer.flushSoon().orElseThrow().isDone(), "all committed: nothing to wait for again");
    writer.close();
  }

  @Test
  void aFloodOfValuesDoesNotCrowdOutMessages() throws Exception {
    Path file = dir.resolve("flood.db");
    try (ArchiveDatabase flooded = ArchiveDatabase.open(file, new ArchiveSettings(1, 10, 10))) {
      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // the disk is behind
        int refused = 0;
        for (int i = 0; i < 100; i++) {
          refused += flooded.values().append("A", value(i)) ? 0 : 1;
        }
        assertTrue(refused > 0 && flooded.values().stats().full(), "the value queue is full");
        for (int n = 0; n < 5; n++) {
          assertTrue(flooded.messages().append(MessageArchiveTest.alarm(n, T0 + n)), "message " + n);
        }
        s.execute("ROLLBACK");
      }
      flooded.messages().flush();
      assertEquals(5, flooded.messages().count());
      assertFalse(flooded.messages().stats().full());
    }
  }

  // -- the "disk": a sink writing to a real table, which can hang or fail

  private volatile int hangFrom = 0;
  private volatile boolean failing;
  private final CountDownLatch hanging = new CountDownLatch(1);

  private void insert(Connection c, List<Integer> batch) throws SQLException {
    if (failing) {
      throw new SQLException("disk failure (test)");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO row (n) VALUES (?)")) {
      for (int n : batch) {
        ps.setInt(1, n);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void hangingInsert(Connection c, List<Integer> batch) throws SQLException {
    if (batch.get(0) >= hangFrom) {
      hanging.countDown();
      try {
        disk.await();
      } catch (InterruptedException e) {
        throw new SQLException(e);
      }
    }
    insert(c, batch);
  }

  private BatchWriter<Integer> writer(ArchiveSettings settings, BatchWriter.Sink<Integer> sink) {
    return new BatchWriter<>("test writer", db, settings, sink);
  }

  private List<Integer> rows() {
    return db.read(
        c -> {
          List<Integer> out = new java.util.ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT n FROM row ORDER BY n")) {
            while (rs.next()) {
              out.add(rs.getInt(1));
            }
          }
          return out;
        });
  }

  /** An archive closing within 1 s, with values 0..99 of tag A committed. */
  private static ArchiveDatabase archiveWith100Values(Path file) {
    ArchiveDatabase archive =
        ArchiveDatabase.open(file, ArchiveSettings.of(1, 10), Duration.ofSeconds(1));
    for (int i = 0; i < 100; i++) {
      archive.values().append("A", value(i));
    }
    archive.values().flush();
    return archive;
  }

  private static DataValue value(int i) {
    return new DataValue(new Variant(i), StatusCode.GOOD, new DateTime(T0 + i), null);
  }

  private static ArchiveDatabase reopen(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return ArchiveDatabase.open(file, ArchiveSettings.of(1, 10));
      } catch (ArchiveException e) {
        if (e.reason() != Reason.IN_USE || System.nanoTime() > deadline) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  private static void assertWithin(Duration bound, long startedNanos, String what) {
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    assertTrue(ms <= bound.toMillis(), what + " took " + ms + " ms, bound " + bound.toMillis());
  }
}
