package io.twinua.tools.plcsim;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling on a condition, for tests that wait on other threads or processes. */
public final class Await {

  private Await() {}

  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    until(what, timeout, condition, Duration.ofMillis(20));
  }

  /** @param every poll interval; short where the test measures how long it took */
  public static void until(String what, Duration timeout, BooleanSupplier condition, Duration every)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(every.toMillis()); // poll interval, not a guess at how long things take
    }
  }
}
