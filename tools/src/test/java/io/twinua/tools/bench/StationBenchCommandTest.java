package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test with tiny numbers: the command runs end to end and prints positive figures. Not timed. */
class StationBenchCommandTest {

  @TempDir Path dir;

  @Test
  void measuresAStationProcessWithASmallPlant() {
    BenchRun run = BenchRun.of("bench", "station", "--tags", "100", "--seconds", "5", "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    assertEquals(100, run.figure("tags"));
    assertTrue(run.figure("station answers after, s") > 0, run.out());
    assertTrue(run.figure("every tag archived once after, s") >= run.figure("station answers after, s"), run.out());
    assertTrue(run.figure("values/s offered (PLC simulator updates)") > 0, run.out());
    assertTrue(run.figure("values/s archived (archive row growth)") > 0, run.out());
    assertTrue(run.figure("RSS steady state mean, MB (5 samples)") > 0, run.out());
    double max = run.figure("RSS steady state max, MB");
    assertTrue(max >= run.figure("RSS steady state mean, MB (5 samples)"), run.out());
    // not >= max: Linux batches RSS counters per thread, so VmHWM may lag a sample slightly
    assertTrue(run.figure("VmHWM (peak since start), MB") > 0, run.out());
    // the launcher's own limits for 100 tags: 96 MB + 20 KB per tag
    assertTrue(run.out().contains("-Xmx98m") && run.out().contains("-XX:+UseSerialGC"), run.out());
    assertTrue(run.out().contains("goal RSS <= 512 MB"), run.out());
    assertTrue(Files.exists(dir.resolve("station").resolve("archive").resolve("twinua.db")), "a given --dir keeps the files");

    assertEquals(2, BenchRun.of("bench", "station", "--dir", dir.toString()).exit(), "refuses to reuse an earlier bench");
    assertEquals(2, BenchRun.of("bench", "station", "--tags", "1").exit(), "refuses fewer than 2 tags");
    assertEquals(2, BenchRun.of("bench", "station", "--heap-mb", "8").exit(), "refuses a heap below the station's minimum");
  }
}
