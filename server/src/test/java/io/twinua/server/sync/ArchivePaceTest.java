package io.twinua.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.archive.ArchiveDatabase;
import io.twinua.server.archive.ArchiveSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resync's pace against a real archive writer. */
class ArchivePaceTest {

  private static final long T0 = 133_500_000_000_000_000L;

  @TempDir Path dir;

  @Test
  void liveValuesNeverWaitBehindMoreThanAboutOneBatchOfResyncRows() throws Exception {
    // batches of 500 in a queue of 10,000: the old pace filled it to 5,000 ahead of any live value
    ArchiveSettings settings = new ArchiveSettings(100, 500, 10_000);
    try (ArchiveDatabase archive = ArchiveDatabase.open(dir.resolve("twinua.db"), settings)) {
      List<DataValue> rows = new ArrayList<>();
      for (int i = 0; i < 40_000; i++) {
        DateTime t = new DateTime(T0 + i * 10_000L);
        rows.add(new DataValue(new Variant(i * 0.5), StatusCode.GOOD, t, t));
      }
      ArchivePace pace = new ArchivePace(() -> archive.values().stats().queued(), settings, 10_000_000);
      AtomicLong mostQueued = new AtomicLong();
      assertTrue(pace.feed(rows, () -> true, v -> {
        mostQueued.accumulateAndGet(archive.values().stats().queued(), Math::max);
        archive.values().appendWaiting("Resynced", v);
      }));
      archive.values().flush();

      assertEquals(40_000, archive.values().count("Resynced"), "every row written");
      assertTrue(mostQueued.get() <= settings.batchSize(), "at most one batch ahead of a live value: " + mostQueued);
      assertEquals(0, archive.values().stats().notArchived());
    }
  }
}
