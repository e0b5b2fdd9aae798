package io.twinua.server.station;

/** A station cannot start or run: the message names the file, setting or resource at fault. */
public final class StationException extends Exception {

  public StationException(String message) {
    super(message);
  }

  public StationException(String message, Throwable cause) {
    super(message, cause);
  }
}
