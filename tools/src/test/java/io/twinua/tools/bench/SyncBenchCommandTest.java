package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke test with tiny numbers: the resync copies every value of the window from a real station
 * over the partner link, and the output carries every figure. Not timed.
 */
class SyncBenchCommandTest {

  @TempDir Path dir;

  @Test
  void resyncsTheWholeWindowAndPrintsEveryFigure() {
    // 20 tags x 2 min = 2,400 values
    BenchRun run = BenchRun.of("bench", "sync", "--tags", "20", "--minutes", "2", "--idle-seconds", "2",
        "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    for (String step : new String[] {
        RawSqliteInsert.LABEL, "prepare: partner archive (ValueArchive)", "resync: GapSync over the partner link"}) {
      assertEquals(2_400, run.figure(step, 0), step);
      assertTrue(run.figure(step, 2) > 0, step + ": values/s");
    }
    assertEquals(2_400, run.figure("values in the window at the partner"), run.out());
    assertEquals(2_400, run.figure("values in the window here after the resync"), "copied = source");
    assertTrue(run.figure("ratio resync / raw") > 0, run.out());
    assertTrue(run.figure("time to resync the window (request to done)") > 0, run.out());
    assertTrue(run.figure("idle", 0) > 0, "live values measured while idle\n" + run.out());
    assertTrue(run.figure("idle", 2) > 0, "idle p99\n" + run.out());
    // a window this small may be copied between two live values: the line is there, maybe empty
    assertTrue(run.figure("during the resync", 2) >= 0, run.out());
    assertTrue(run.figure("ratio p99 during / idle") >= 0, run.out());
    assertEquals(0, run.figure("live values refused (archive queue full)"), run.out());
    assertTrue(run.out().contains("SignAndEncrypt"), run.out());

    assertEquals(2, BenchRun.of("bench", "sync", "--dir", dir.toString()).exit(), "refuses to reuse an earlier bench");
    assertEquals(2, BenchRun.of("bench", "sync", "--tags", "0").exit(), "refuses no tags");
  }
}
