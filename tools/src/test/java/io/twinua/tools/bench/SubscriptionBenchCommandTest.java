package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test with few tags: both servers deliver the tags' changes, and the table says so. Not timed. */
class SubscriptionBenchCommandTest {

  @TempDir Path dir;

  @Test
  void countsNotificationsFromTheStationAndFromThePlainMiloServer() {
    BenchRun run = BenchRun.of("bench", "subscriptions", "--tags", "200", "--period-ms", "500", "--seconds", "3",
        "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    double offered = 200 * 2; // changes/s
    // each server delivers the changes it serves: at least half of them even on a busy machine
    assertTrue(run.figure("notifications/s", 0) >= offered / 2, run.out());
    assertTrue(run.figure("notifications/s", 1) >= offered / 2, run.out());
    assertTrue(run.figure("notifications/s", 1) <= offered * 1.5, "no more than the changes:\n" + run.out());
    assertTrue(run.figure("longest gap between data notifications, ms", 1) > 0, run.out());
    assertTrue(run.figure("ratio station / plain") > 0, run.out());
    assertTrue(run.out().contains("goal notifications/s >= 0.9x the plain server:"), run.out());

    assertEquals(2, BenchRun.of("bench", "subscriptions", "--period-ms", "50").exit(), "refuses a period under 100 ms");
  }
}
