package io.twinua.server.redundancy.partner;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling on a condition (no sleep-and-hope). */
final class Poll {

  private Poll() {}

  static void until(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
