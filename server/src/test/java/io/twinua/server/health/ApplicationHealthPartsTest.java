package io.twinua.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import io.twinua.server.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** The parts as the station diagnostics list them: state and last sign of life of each. */
class ApplicationHealthPartsTest {

  @Test
  void eachPartShowsItsStateAndTheLastCheckThatFoundItAlive() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-02T01:00:00Z"));
    AtomicReference<Optional<ApplicationHealth.Problem>> writer = new AtomicReference<>(Optional.empty());
    AtomicReference<Optional<ApplicationHealth.Problem>> queue = new AtomicReference<>(Optional.empty());
    ApplicationHealth health = new ApplicationHealth((a, p) -> { }, clock);
    health.monitor("archiving", Duration.ofSeconds(5), writer::get);
    health.watch("archiving", queue::get);
    health.watch("message archiving", () -> Optional.empty());
    Instant alive = clock.instant();
    health.check();
    assertEquals(List.of(new ApplicationHealth.Part("archiving", "ALIVE", Optional.of(alive), Optional.empty()),
        new ApplicationHealth.Part("message archiving", "ALIVE", Optional.of(alive), Optional.empty())), health.parts());

    queue.set(Optional.of(ApplicationHealth.Problem.failure("queue full")));
    writer.set(Optional.of(ApplicationHealth.Problem.failure("no commit for 6 s")));
    clock.advance(Duration.ofSeconds(1));
    health.check();
    assertEquals(new ApplicationHealth.Part("archiving", "FAILING", Optional.of(alive), Optional.of("queue full")),
        health.parts().get(0), "a failing part keeps its last sign of life");

    clock.advance(Duration.ofSeconds(6));
    health.check();
    assertEquals(new ApplicationHealth.Part("archiving", "DEAD", Optional.of(alive), Optional.of("no commit for 6 s")),
        health.parts().get(0));
  }
}
