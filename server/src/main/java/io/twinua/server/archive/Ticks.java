package io.twinua.server.archive;

import java.time.Clock;
import java.time.Instant;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;

/** OPC UA DateTime ticks (100 ns since 1601-01-01 UTC), the archive's only time unit. */
public final class Ticks {

  private Ticks() {}

  public static long now(Clock clock) {
    return of(clock.instant());
  }

  public static long of(Instant instant) {
    return new DateTime(instant).getUtcTime();
  }

  public static Instant toInstant(long ticks) {
    return new DateTime(ticks).getJavaInstant();
  }
}
