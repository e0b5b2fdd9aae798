package io.twinua.server.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.Await;
import io.twinua.server.testing.SmallVolume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data volume that runs full under the archive (a real 8 MB tmpfs): SQLite reports SQLITE_FULL,
 * every writer stops cleanly and counts what it could not write, nothing committed is lost and the
 * file stays a sound archive (reads go on; reopened later it passes quick_check with every row).
 */
@Timeout(120)
class ArchiveVolumeFullTest {

  private static final String TAG = "ns=2;s=Plant.Level";
  private static final String PAYLOAD = "x".repeat(2_000);

  @TempDir Path dir;

  @Test
  void fullVolumeStopsWritingCleanlyAndKeepsTheArchiveReadable() throws Exception {
    try (SmallVolume volume = SmallVolume.mount(dir.resolve("vol"), 8)) {
      Path file = volume.dir().resolve("archive").resolve("twinua.db");
      Files.createDirectories(file.getParent());
      Path reserve = volume.fillLeaving(volume.freeBytes() - 1024 * 1024); // 1 MB to free later
      long written;
      try (ArchiveDatabase archive = ArchiveDatabase.open(file, ArchiveSettings.of(20, 200))) {
        long t = ArchiveFixtures.T0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!archive.values().stats().stopped() && System.nanoTime() < deadline) {
          t += 10_000;
          archive.values().append(TAG, new DataValue(new Variant(PAYLOAD), StatusCode.GOOD, new DateTime(t)));
        }
        WriterStats stats = archive.values().stats();
        assertTrue(stats.stopped(), "the value writer stops once the volume is full: " + stats);
        assertTrue(archive.writingStopped().orElseThrow().contains("full"), archive.writingStopped().toString());
        assertTrue(stats.written() > 100, "values were archived before the volume ran full: " + stats);
        assertTrue(stats.notArchived() > 0, "what could not be written is counted: " + stats);
        // later values are refused and counted, without an exception on the live path
        long before = archive.values().stats().notArchived();
        assertEquals(false, archive.values().append(TAG, new DataValue(new Variant(1.0))));
        assertEquals(before + 1, archive.values().stats().notArchived());
        Await.until(Duration.ofSeconds(10), "message writer stopped too", () -> archive.messages().stats().stopped());
        assertThrows(ArchiveException.class, () -> archive.values().appendWaiting(TAG, new DataValue(new Variant(2.0))));
        // everything committed is readable while the volume is full
        written = stats.written();
        assertEquals(written, archive.values().count(TAG), "every committed value reads back");
      }
      Files.delete(reserve);
      try (ArchiveDatabase reopened = ArchiveDatabase.open(file, ArchiveSettings.defaults())) { // runs quick_check
        assertEquals(written, reopened.values().count(TAG), "nothing committed was lost");
        assertTrue(reopened.writingStopped().isEmpty(), "a restarted archive with room writes again");
      }
    }
  }
}
