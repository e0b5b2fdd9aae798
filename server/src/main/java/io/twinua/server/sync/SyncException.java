package io.twinua.server.sync;

/** A resync step failed (the partner refused a read, the archive failed); the window stays open. */
public final class SyncException extends Exception {

  public SyncException(String message) {
    super(message);
  }

  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
