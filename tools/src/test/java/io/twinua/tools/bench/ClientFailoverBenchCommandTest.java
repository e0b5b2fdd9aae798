package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: one kill -9, one graceful stop and one silent cut per mode, end to end on a real pair. Not timed. */
@ExtendWith(RepositoryHome.class)
class ClientFailoverBenchCommandTest {

  @TempDir Path dir;

  @Test
  void printsDelaysSwitchTimesAndTruthCountsPerMode() throws Exception {
    BenchRun run = BenchRun.of("bench", "client-failover", "--trials", "1", "--modes", "HOT",
        "--observe-ms", "4000", "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    for (String mode : new String[] {"hot"}) { // one mode keeps the smoke test short
      for (String figure : new String[] {" kill -9: worst delivery delay", " kill -9: switch after",
          " graceful stop: worst delivery delay", " graceful stop: switch after",
          " silent cut: worst delivery delay", " silent cut: switch (detection) after"}) {
        assertEquals(1, run.figure(mode + figure, 0), run.out());
        // the library got data again and switched within the observation time: a number, not 'none'
        assertTrue(run.figure(mode + figure, 1) >= 0, run.out());
      }
      for (String fault : new String[] {" kill -9", " graceful stop", " silent cut"}) {
        String label = mode + fault;
        // missing before / after the fault and duplicated are counts, whatever they are
        for (int column = 0; column < 3; column++) {
          double count = run.figure(label, column);
          assertTrue(count >= 0 && count == Math.rint(count), label + " column " + column + ":\n" + run.out());
        }
        // the comparison covered the PLC's values around the fault (3 s of a 200 ms tag at least)
        assertTrue(run.figure(label, 3) >= 15, run.out());
      }
    }
    assertTrue(Pattern.compile("(?m)^plain Milo client, kill -9: data resumed after\\s+1\\s").matcher(run.out()).find(),
        run.out());
    assertTrue(Pattern.compile("(?m)^plain Milo client, silent cut: data resumed after\\s+1\\s").matcher(run.out()).find(),
        run.out());
    assertTrue(Pattern.compile("(?m)^plain Milo client, graceful stop: data resumed after\\s+1\\s")
        .matcher(run.out()).find(), run.out());
    assertTrue(run.out().contains("goal no sample missing or duplicated after backfill:"), run.out());
    // the figures say how busy the machine was while they were taken (one sample per trial: 3)
    assertTrue(Pattern.compile("(?m)^machine: \\d+ cores, 1-min load average at trial starts: min [0-9.]+, median"
        + " [0-9.]+, max [0-9.]+ \\(3 samples\\)$").matcher(run.out()).find(), run.out());
    assertTrue(run.out().contains("goal silent cut detected <= 1000 ms (p99, all modes):"), run.out());
    assertTrue(Pattern.compile("plain Milo client: no data within 4000 ms of the fault in \\d of 3 trials")
        .matcher(run.out()).find(), run.out());

    assertEquals(2, BenchRun.of("bench", "client-failover", "--dir", dir.toString()).exit(), "refuses an earlier pair");
    assertEquals(2, BenchRun.of("bench", "client-failover", "--trials", "0").exit(), "refuses no trials");
    assertEquals(2, BenchRun.of("bench", "client-failover", "--faults", "").exit(), "refuses no faults");
    assertEquals(2, BenchRun.of("bench", "client-failover", "--observe-ms", "1000").exit(), "refuses a short observation");
  }
}
