package io.twinua.switcher;

import java.time.Instant;
import java.util.Objects;

/**
 * The client moved to another server ("Client switched automatically" [1012218] / "manually"
 * [1012219]).
 *
 * @param from the server left, or null for the first connect
 * @param to the server now in use ({@code @RM_SERVER_NAME} on the client side)
 * @param reason why, in words
 * @param automatic false when the application asked for it
 * @param at when the switch was decided
 */
public record SwitchEvent(String from, String to, String reason, boolean automatic, Instant at) {

  public static final int AUTOMATIC_MESSAGE = 1012218;
  public static final int MANUAL_MESSAGE = 1012219;

  public SwitchEvent {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  public int messageNumber() {
    return automatic ? AUTOMATIC_MESSAGE : MANUAL_MESSAGE;
  }
}
