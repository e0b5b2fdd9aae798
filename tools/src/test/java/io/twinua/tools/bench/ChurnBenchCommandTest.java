package io.twinua.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test on the demo pair: dropped clients leave sessions behind, which time out. Not timed. */
@ExtendWith(RepositoryHome.class)
class ChurnBenchCommandTest {

  @TempDir Path dir;

  @Test
  void droppedSessionsPileUpAndTimeOut() {
    BenchRun run = BenchRun.of("bench", "churn", "--cycles", "20", "--session-timeout-s", "5", "--dir", dir.toString());

    assertEquals(0, run.exit(), run.out());
    double before = run.figure("sessions", 0);
    assertTrue(before >= 1, "the diagnostics reader's own session at least:\n" + run.out());
    // the orphans were there right after the churn (their timeout had not passed for the last ones)...
    assertTrue(run.figure("sessions", 1) > before, run.out());
    assertTrue(run.figure("subscriptions", 1) > run.figure("subscriptions", 0), run.out());
    // ... and their sessions timed out (whether the station also dropped their subscriptions is the
    // bench's finding, reported as a goal, not this test's)
    assertTrue(run.figure("sessions", 2) < run.figure("sessions", 1), run.out());
    assertTrue(run.out().contains("goal subscriptions after the timeout <= before: "), run.out());
    assertTrue(run.out().contains("goal sessions after 20 dropped clients and the timeout <= before: "), run.out());
    assertTrue(run.figure("threads", 2) > 0 && run.figure("RSS, MB", 2) > 0, run.out());

    assertEquals(2, BenchRun.of("bench", "churn", "--session-timeout-s", "1").exit(), "refuses a timeout under 5 s");
  }
}
