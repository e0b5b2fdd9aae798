package io.twinua.server.redundancy.statuslink;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling on a condition (no sleeping and hoping). */
final class Await {

  private Await() {}

  static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("not within " + timeout.toMillis() + " ms: " + what);
      }
      Thread.onSpinWait();
      Thread.sleep(5); // poll interval, not a wait for the outcome
    }
  }
}
