package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test with tiny numbers: prepare, direct read and OPC UA read all see every value. Not timed. */
class HistoryBenchCommandTest {

  @TempDir Path dir;

  @Test
  void readsThePreparedHistoryDirectlyAndOverOpcUa() {
    BenchRun run = BenchRun.of("bench", "history", "--values", "20000", "--page", "5000", "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    for (String step : new String[] {
        "prepare: ValueArchive append + flush",
        "ValueArchive.readRaw, direct (baseline)",
        "HistoryRead over OPC UA (Milo client)"}) {
      assertEquals(20_000, run.figure(step, 0), step);
      assertTrue(run.figure(step, 1) > 0, step + ": seconds");
      assertTrue(run.figure(step, 2) > 0, step + ": values/s");
    }
    assertTrue(run.figure("ratio OPC UA / direct") > 0, run.out());
    assertTrue(run.out().contains("Basic256Sha256/SignAndEncrypt"), run.out());

    assertEquals(2, BenchRun.of("bench", "history", "--dir", dir.toString()).exit(), "refuses to reuse an earlier bench");
    assertEquals(2, BenchRun.of("bench", "history", "--page", "10001").exit(), "refuses pages the station would cut");
  }
}
