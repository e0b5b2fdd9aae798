package io.twinua.server.redundancy.statuslink;

/** Whether the partner is heard on a link. A link starts DOWN: nothing has been heard yet. */
public enum LinkState {
  UP,
  DOWN
}
