package io.twinua.server.redundancy;

import io.twinua.server.testing.ManualClock;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child JVM of {@link EpochPersistenceTest}: a station alone on the data dir given, which
 * becomes Master, prints the epoch its heartbeat announces, and waits to be killed.
 */
final class EpochChild {

  static final String ANNOUNCED = "announced epoch ";

  private EpochChild() {}

  public static void main(String[] args) throws InterruptedException {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    RoleMachine m = EpochPersistenceTest.alone(EpochFile.inDataDir(Path.of(args[0])), clock);
    System.out.println(ANNOUNCED + m.nextHeartbeat(clock.instant()).epoch());
    System.out.flush();
    Thread.sleep(60_000);
  }
}
