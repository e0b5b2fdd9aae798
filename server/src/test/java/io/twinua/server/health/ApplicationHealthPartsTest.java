package io.twinua.server.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The parts as the station diagnostics list them: state and last sign of life of each. */
class ApplicationHealthPartsTest {

  @Test
  void eachPartShowsItsStateAndTheLastCheckThatFoundItAlive() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T01:00:00Z"));
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    AtomicReference<Optional<String>> writer = new AtomicReference<>(Optional.empty());
    AtomicReference<Optional<String>> queue = new AtomicReference<>(Optional.empty());
    ApplicationHealth health = new ApplicationHealth((a, p) -> { }, clock);
    health.monitor("archiving", Duration.ofSeconds(5), writer::get);
    health.watch("archiving", queue::get);
    health.watch("message archiving", () -> Optional.empty());
    Instant alive = now.get();
    health.check();
    assertEquals(List.of(new ApplicationHealth.Part("archiving", "ALIVE", Optional.of(alive), Optional.empty()),
        new ApplicationHealth.Part("message archiving", "ALIVE", Optional.of(alive), Optional.empty())), health.parts());

    queue.set(Optional.of("queue full"));
    writer.set(Optional.of("no commit for 6 s"));
    now.set(alive.plusSeconds(1));
    health.check();
    assertEquals(new ApplicationHealth.Part("archiving", "FAILING", Optional.of(alive), Optional.of("queue full")),
        health.parts().get(0), "a failing part keeps its last sign of life");

    now.set(alive.plusSeconds(7));
    health.check();
    assertEquals(new ApplicationHealth.Part("archiving", "DEAD", Optional.of(alive), Optional.of("no commit for 6 s")),
        health.parts().get(0));
  }
}
