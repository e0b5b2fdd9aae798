package io.twinua.tools.rollout;

/** A rolling change stopped: the message says at which step, why, and what state the pair is left in. */
public final class RolloutException extends Exception {
  public RolloutException(String message) {
    super(message);
  }

  public RolloutException(String message, Throwable cause) {
    super(message, cause);
  }
}
