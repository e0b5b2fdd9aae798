package io.twinua.tools.login;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or a test) asking a long-running client command to end: the command waits on {@link
 * #await}, and {@link #requestAndWait} returns once the command said it closed its sessions.
 */
public final class StopRequest {

  private final CountDownLatch asked = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);

  /** Asks the command to stop and waits at most {@code closing} until it has. */
  public void requestAndWait(Duration closing) {
    asked.countDown();
    try {
      done.await(closing.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits at most {@code timeout} for a stop request; true when one came. */
  public boolean await(Duration timeout) throws InterruptedException {
    return asked.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for a stop request without limit. */
  public void await() throws InterruptedException {
    asked.await();
  }

  /** The command has closed its sessions. */
  public void done() {
    done.countDown();
  }
}
