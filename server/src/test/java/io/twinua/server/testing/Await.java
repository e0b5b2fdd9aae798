package io.twinua.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling on a condition another thread or process makes true: the one wait of the
 * server and tools tests (no sleeping and hoping). Shared with the tools tests as the server's
 * test-jar.
 */
public final class Await {

  private static final Duration EVERY = Duration.ofMillis(20);

  private Await() {}

  /** Checks {@code condition} every 20 ms; fails naming {@code what} if it did not hold within {@code timeout}. */
  public static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    until(timeout, EVERY, what, condition);
  }

  /** @param every poll interval; short where the test measures how long it took */
  public static void until(Duration timeout, Duration every, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
      }
      Thread.sleep(every.toMillis()); // poll interval, not a guess at how long things take
    }
  }
}
