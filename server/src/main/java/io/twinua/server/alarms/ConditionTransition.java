package io.twinua.server.alarms;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of a condition: what happened, the state afterwards, the message text and the time.
 * Every transition becomes one OPC UA event and one message-archive record.
 */
public record ConditionTransition(Kind kind, ConditionState state, String message, Instant time) {

  public ConditionTransition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(time, "time");
  }

  /** What changed. */
  public enum Kind {
    /** Went from inactive to active (a limit was crossed). */
    ACTIVATED,
    /** Stayed active but moved to another limit (e.g. High to HighHigh). */
    LIMIT_CHANGED,
    /** Went from active to inactive. */
    RETURNED_TO_NORMAL,
    ACKNOWLEDGED,
    COMMENTED,
    ENABLED,
    DISABLED
  }
}
