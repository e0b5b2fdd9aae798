package io.twinua.tools.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.MessageRecord;
import io.twinua.server.messages.SystemMessage;
import io.twinua.server.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real station whose value archive cannot keep up: values refused by the full queue are missing
 * here and not on the partner, which the health check reports as system message 1012350 (archived
 * like any message). The disk is held up deterministically: a second SQLite connection takes the
 * archive's write lock, so the station's writer waits and the queue (5 × 20 rows) fills from the
 * simulated plant.
 */
@Timeout(60)
class StationArchiveOverflowTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir Path dir;

  @Test
  void fullValueQueueRaisesArchiveInconsistencyPossible() throws Exception {
    try (TestPlant plant = TestPlant.start(dir, 20, project -> project.replace("batchSize: 5000", "batchSize: 5"))) {
      ArchiveDatabase archive = plant.station().archive();
      assertEquals(100, archive.settings().queueCapacity(), "the project's archive settings run");
      Await.until(WAIT, "first values archived", () -> archive.values().stats().written() > 0);
      assertTrue(archived1012350(archive).isEmpty(), "nothing to report before the queue overflows");

      try (Connection disk = DriverManager.getConnection("jdbc:sqlite:" + archive.file());
          Statement hold = disk.createStatement()) {
        hold.execute("BEGIN IMMEDIATE"); // the station's writer now waits for the lock
        Await.until(WAIT, "values refused by the full queue", () -> archive.values().stats().notArchived() > 0);
        hold.execute("ROLLBACK");
      }

      Await.until(WAIT, "1012350 in the message archive", () -> !archived1012350(archive).isEmpty());
      MessageRecord m = archived1012350(archive).get(0);
      assertTrue(m.message().contains("value archive queue full"), m.message());
      assertTrue(plant.station().archive().messages().read(1, 0, 0, null).stream()
          .noneMatch(r -> Integer.valueOf(SystemMessage.BLOCKAGE_SWITCH_TO_FAULT.number()).equals(r.messageNumber())),
          "a writer that was only held up is not dead");
    }
  }

  private static List<MessageRecord> archived1012350(ArchiveDatabase archive) {
    return archive.messages().read(1, 0, 0, null).stream()
        .filter(r -> Integer.valueOf(SystemMessage.ARCHIVE_INCONSISTENCY_POSSIBLE.number()).equals(r.messageNumber()))
        .toList();
  }
}
