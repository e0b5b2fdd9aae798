package io.twinua.server.archive;

/**
 * Where a paged raw read stopped. It remembers the query it belongs to so it cannot be replayed
 * against a different one, and the source time of the last value returned so the next page starts
 * exactly after it: the primary key (tag, source time) makes that position unique, so paging never
 * repeats or skips a value even while new values are appended.
 *
 * @param phase what the next page starts with
 * @param lastTicks source time of the last stored value returned, valid if {@code hasLast}
 */
public record RawCursor(
    String tag,
    long startTicks,
    long endTicks,
    boolean returnBounds,
    Phase phase,
    long lastTicks,
    boolean hasLast) {

  /** The parts of a raw read, in the order they are returned. */
  public enum Phase {
    START_BOUND,
    DATA,
    END_BOUND
  }

  /** True if this cursor was returned by a read of exactly this query. */
  public boolean belongsTo(String tag, long startTicks, long endTicks, boolean returnBounds) {
    return this.tag.equals(tag)
        && this.startTicks == startTicks
        && this.endTicks == endTicks
        && this.returnBounds == returnBounds;
  }
}
