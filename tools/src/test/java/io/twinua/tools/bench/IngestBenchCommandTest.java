package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test with tiny numbers: a real pair archives on both stations and the HMI sees delays. Not timed. */
class IngestBenchCommandTest {

  @TempDir Path dir;

  @Test
  void bothStationsArchiveWhatThePlcOffersAndTheHmiSeesTheDelay() {
    BenchRun run = BenchRun.of("bench", "ingest", "--tags", "100", "--client-tags", "20", "--seconds", "4",
        "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    double offered = run.figure("values/s offered (PLC simulator updates)");
    // 100 tags every 500 ms
    assertTrue(offered > 150 && offered < 250, run.out());
    for (String station : new String[] {"STATION-A", "STATION-B"}) {
      double archived = run.figure("values/s archived by " + station + " (of the window)");
      // the values with source time in a few seconds' window: within an update or two of what was offered
      assertTrue(archived > 0.5 * offered && archived < 1.5 * offered, station + ":\n" + run.out());
      assertTrue(run.figure("values of the window " + station + " archived after it") >= 0, run.out());
      assertTrue(Files.exists(dir.resolve(station.toLowerCase() + "/archive/twinua.db")), "a given --dir keeps the files");
    }
    for (String path : new String[] {"through the Master", "directly from the AS"}) {
      assertTrue(run.figure(path, 0) > 0, path + ": no values\n" + run.out());
      double p50 = run.figure(path, 1);
      double p99 = run.figure(path, 2);
      assertTrue(p50 > 0 && p99 >= p50, path + ":\n" + run.out());
    }
    assertTrue(run.out().contains("goal each station archives >= 0.99x the values offered"), run.out());

    assertEquals(2, BenchRun.of("bench", "ingest", "--dir", dir.toString()).exit(), "refuses to reuse an earlier bench");
    assertEquals(2, BenchRun.of("bench", "ingest", "--tags", "10", "--client-tags", "6").exit(),
        "refuses more HMI tags than AS1 serves");
  }
}
