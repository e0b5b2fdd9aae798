package io.twinua.server.sync;

/**
 * A resync step failed (the partner refused a read, the archive failed); the window stays open.
 * {@link #partnerLost()} tells a lost connection to the partner (it went away mid-read) from a
 * refusal: the first is an interruption that resumes, the second a failure.
 */
public final class SyncException extends Exception {

  private final boolean partnerLost;

  public SyncException(String message) {
    this(message, null, false);
  }

  public SyncException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private SyncException(String message, Throwable cause, boolean partnerLost) {
    super(message, cause);
    this.partnerLost = partnerLost;
  }

  /** The connection to the partner was lost during the step. */
  static SyncException partnerLost(String message, Throwable cause) {
    return new SyncException(message, cause, true);
  }

  public boolean partnerLost() {
    return partnerLost;
  }
}
