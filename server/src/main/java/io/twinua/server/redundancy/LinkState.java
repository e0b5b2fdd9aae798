package io.twinua.server.redundancy;

/**
 * Whether the partner is heard on one link (terminal bus or a status link) right now. A link starts
 * DOWN: nothing has been heard yet.
 */
public enum LinkState {
  /** A valid, fresh heartbeat arrived within the link timeout. */
  UP,
  /** Nothing valid heard within the link timeout (or not connected at all). */
  DOWN
}
