package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: one kill -9 trial and two terminal-bus cuts run end to end. Not timed. */
@ExtendWith(RepositoryHome.class)
class FailoverBenchCommandTest {

  @TempDir Path dir;

  @Test
  void measuresSwitchAndDetectionOnARealPair() throws Exception {
    BenchRun run = BenchRun.of("bench", "failover", "--trials", "1", "--cuts", "2", "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    String sw = "role switch after kill -9 of the Master";
    assertEquals(1, run.figure(sw, 0), run.out());
    assertTrue(run.figure(sw, 1) > 0, run.out());
    assertTrue(run.figure(sw, 3) <= run.figure(sw, 1) && run.figure(sw, 1) <= run.figure(sw, 4), run.out());
    String det = "terminal bus loss detected, status link up";
    assertEquals(2 * 2, run.figure(det, 0), run.out()); // two cuts, seen by both stations
    assertTrue(run.figure(det, 1) > 0, run.out());
    assertEquals(0, run.figure("role changes while the terminal bus was cut"), run.out());
    assertTrue(run.out().contains("goal role switch <= 1000 ms (p99):"), run.out());
    assertTrue(run.out().contains("goal terminal bus loss detected <= 1000 ms (max):"), run.out());
    // the killed stations came back: each started twice or once, and left its logs in --dir
    assertTrue(Files.readString(dir.resolve("station-a").resolve("logs").resolve("redundancy.log")).contains("[1012222]"));
    assertTrue(Files.readString(dir.resolve("station-b").resolve("logs").resolve("redundancy.log")).contains("[1012223]"));

    assertEquals(2, BenchRun.of("bench", "failover", "--dir", dir.toString()).exit(), "refuses to reuse an earlier pair");
    assertEquals(2, BenchRun.of("bench", "failover", "--trials", "0").exit(), "refuses no trials");
    assertEquals(2, BenchRun.of("bench", "failover", "--cuts", "0").exit(), "refuses no cuts");
    assertEquals(2, BenchRun.of("bench", "failover", "--link-timeout-ms", "100").exit(), "refuses a link timeout below 400 ms");
  }
}
