package io.twinua.server.redundancy.partner;

/** Whether the partner is heard on a link right now. */
public enum LinkState {
  /** Fresh heartbeats arrive (the sequence changed within the link timeout). */
  UP,
  /** No session, or no new heartbeat within the link timeout. */
  DOWN
}
