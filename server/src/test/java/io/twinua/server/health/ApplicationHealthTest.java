package io.twinua.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import io.twinua.server.archive.ValueArchive;
import io.twinua.server.health.ApplicationHealth.State;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ApplicationHealthTest {

  private static final long T0 = 133_500_000_000_000_000L;

  @TempDir Path dir;

  @Test
  void aWorkerIsHungOnlyWhileBusyWithoutASignOfLife() {
    Pulse pulse = new Pulse();
    ApplicationHealth.Probe probe = ApplicationHealth.alive(pulse, Duration.ZERO);
    assertTrue(probe.problem().isEmpty(), "idle: nothing to do is alive");
    pulse.busy();
    assertTrue(probe.problem().orElseThrow().text().startsWith("busy without a sign of life for "));
    assertTrue(probe.problem().orElseThrow().blockage(), "a stuck thread is a blockage");
    assertTrue(ApplicationHealth.alive(pulse, Duration.ofMinutes(1)).problem().isEmpty(), "beat just now");
    pulse.idle();
    assertTrue(probe.problem().isEmpty(), "idle again");
  }

  @Test
  void aFullArchiveQueueImpairsTheStationUntilTheWriterCatchesUp() throws Exception {
    Path file = dir.resolve("twinua.db");
    List<String> reported = new CopyOnWriteArrayList<>();
    List<String> dead = new CopyOnWriteArrayList<>();
    try (ArchiveDatabase archive = ArchiveDatabase.open(file, new ArchiveSettings(1, 10, 10));
        ApplicationHealth health =
            new ApplicationHealth(
                (app, problem) -> dead.add(app),
                (app, problem) -> reported.add(app + ": " + problem),
                Clock.systemUTC())) {
      ValueArchive values = archive.values();
      health.watch(
          "archiving",
          ApplicationHealth.refusing(
              "value archive", () -> values.stats().notArchived(), () -> values.stats().full()));
      health.check();
      assertEquals(State.HEALTHY, health.verdict().state());

      try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement s = other.createStatement()) {
        s.execute("BEGIN IMMEDIATE"); // the disk is behind: the writer waits for this lock
        int refused = 0;
        for (int i = 0; i < 100; i++) {
          refused += values.append("A", value(i)) ? 0 : 1;
        }
        assertTrue(refused > 0, "a queue of 10 cannot take 100 values while the disk waits");
        assertEquals(refused, values.stats().notArchived());

        health.check();
        assertEquals(State.IMPAIRED, health.verdict().state());
        assertEquals(1, reported.size(), "reported once: " + reported);
        assertTrue(reported.get(0).startsWith("archiving: value archive queue full"), reported.get(0));
        health.check();
        assertEquals(1, reported.size(), "not repeated while it lasts");
        s.execute("ROLLBACK");
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (values.stats().full()) {
        assertTrue(System.nanoTime() < deadline, "writer caught up within 10 s");
        TimeUnit.MILLISECONDS.sleep(10);
      }
      health.check();
      assertEquals(State.HEALTHY, health.verdict().state());
      assertTrue(health.healthy());
      assertTrue(dead.isEmpty(), "a full queue is no reason for Fault");
      assertTrue(values.append("A", value(1000)), "values are archived again");
    }
  }

  @Test
  void aShortRefusalBetweenTwoChecksIsStillReported() {
    long[] refused = {0};
    boolean[] full = {false};
    List<String> reported = new CopyOnWriteArrayList<>();
    ApplicationHealth health =
        new ApplicationHealth((a, p) -> { }, (a, p) -> reported.add(p), Clock.systemUTC());
    health.watch("archiving", ApplicationHealth.refusing("value archive", () -> refused[0], () -> full[0]));
    health.check();
    refused[0] = 3; // full and caught up again between two checks
    health.check();
    assertEquals(State.IMPAIRED, health.verdict().state());
    assertEquals(1, reported.size());
    health.check();
    assertEquals(State.HEALTHY, health.verdict().state());
    assertFalse(health.verdict().problems().containsKey("archiving"));
  }

  @Test
  void whoeverSeesAVerdictAlsoSeesItsReport() {
    AtomicReference<ApplicationHealth> health = new AtomicReference<>();
    List<String> verdictAtReport = new CopyOnWriteArrayList<>();
    health.set(new ApplicationHealth(
        (app, problem) -> verdictAtReport.add(app + " reported at " + health.get().verdict().state()),
        (app, problem) -> verdictAtReport.add(app + " reported at " + health.get().verdict().state()),
        Clock.systemUTC()));
    health.get().watch("archiving", () -> Optional.of(ApplicationHealth.Problem.failure("queue full")));
    health.get().monitor("worker", Duration.ZERO, () -> Optional.of(ApplicationHealth.Problem.blockage("stuck")));

    health.get().check();
    assertEquals(List.of("archiving reported at HEALTHY", "worker reported at IMPAIRED"), verdictAtReport,
        "each report comes before its verdict");
    assertEquals(State.DEAD, health.get().verdict().state());
    health.get().check();
    assertEquals(2, verdictAtReport.size(), "told once: " + verdictAtReport);
  }

  private static DataValue value(int i) {
    return new DataValue(new Variant(i), StatusCode.GOOD, new DateTime(T0 + i), null);
  }
}
