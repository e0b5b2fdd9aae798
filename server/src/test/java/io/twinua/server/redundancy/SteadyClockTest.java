package io.twinua.server.redundancy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinua.server.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Link timeouts must not see a step of the wall clock: a 30 s step forward is no 30 s silence. */
class SteadyClockTest {

  @Test
  void startsAtTheWallClockAndIgnoresItsSteps() {
    ManualClock wall = new ManualClock(Instant.parse("2026-12-02T08:00:00Z"));
    SteadyClock steady = SteadyClock.from(wall);
    Instant first = steady.instant();
    assertTrue(Duration.between(wall.instant(), first).abs().toMillis() < 1_000, first.toString());

    wall.advance(Duration.ofSeconds(30)); // the system clock is stepped
    Instant second = steady.instant();

    Duration seen = Duration.between(first, second);
    assertTrue(!seen.isNegative() && seen.toMillis() < 1_000, "steady clock moved " + seen);
  }
}
