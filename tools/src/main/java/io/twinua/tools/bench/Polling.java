package io.twinua.tools.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Bounded polling on a condition that another process or thread makes true. */
public final class Polling {

  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  private Polling() {}

  /**
   * Checks {@code condition} every {@code every} until it holds.
   *
   * @throws TimeoutException naming {@code what} if it did not hold within {@code timeout}
   */
  public static void until(String what, Duration timeout, Duration every, Condition condition)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new TimeoutException("gave up after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(every.toMillis()); // poll interval, not a guess at how long it takes
    }
  }
}
