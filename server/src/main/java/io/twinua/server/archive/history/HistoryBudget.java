package io.twinua.server.archive.history;

/**
 * The values one HistoryRead request may still return over all its nodes (issue 12 item 5: a read
 * of 1,000 nodes with numValuesPerNode 0 built a 14 MB response). Each node's page is cut to what
 * is left; a node that finds nothing left gets a continuation point to its first page instead of
 * values (Part 11 §6.4.3: a server may return fewer values than asked, with a point). An event
 * costs one value per select clause (an event read with 2,000 select clauses built 41 MB). One request
 * is served on one thread, node after node, so the budget needs no lock.
 */
public final class HistoryBudget {

  /** Room kept for the response header and each node's result around the values. */
  static final int RESPONSE_OVERHEAD = 16 * 1024;
  static final int RESULT_OVERHEAD = 64;

  private long left;
  private long bytesLeft;
  private boolean spent;

  private HistoryBudget(long left, long bytesLeft) {
    this.left = left;
    this.bytesLeft = bytesLeft;
  }

  public static HistoryBudget of(int values) {
    return of(values, 0);
  }

  /**
   * @param maxResponseBytes the smallest of the client's announced and the server's own maximum
   *     message size, 0 for none: values whose encoding would not fit are not returned (Milo 1.1.2
   *     answers an oversized response with Bad_InternalError)
   */
  public static HistoryBudget of(int values, long maxResponseBytes) {
    if (values < 1) {
      throw new IllegalArgumentException("a history request needs a budget of at least 1 value, got " + values);
    }
    return new HistoryBudget(values, maxResponseBytes > 0 ? Math.max(1, maxResponseBytes - RESPONSE_OVERHEAD) : Long.MAX_VALUE);
  }

  /** No bound beyond the per-node page size (partner sync, tests). */
  public static HistoryBudget unlimited() {
    return new HistoryBudget(Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** True until a node of the request returned something. */
  boolean untouched() {
    return !spent;
  }

  /** How many of {@code sizes} (encoded bytes, in order) still fit into the response. */
  int fitting(long[] sizes) {
    long room = bytesLeft - RESULT_OVERHEAD;
    int n = 0;
    while (n < sizes.length && room - sizes[n] >= 0) {
      room -= sizes[n];
      n++;
    }
    return n;
  }

  /** {@code bytes} of encoded values went into the response. */
  void spendBytes(long bytes) {
    bytesLeft = Math.max(0, bytesLeft - bytes - RESULT_OVERHEAD);
  }

  /**
   * Most entries of {@code cost} values each the next page may hold: what is left divided by the
   * cost, but at least one for the request's first page, so an event read with more select
   * clauses than the budget still makes progress, one event at a time.
   */
  long pageLimit(int cost) {
    long entries = left / Math.max(1, cost);
    return entries == 0 && !spent ? 1 : entries;
  }

  /** {@code entries} of {@code cost} values each were returned. */
  void spend(int entries, int cost) {
    spent = true;
    left = Math.max(0, left - (long) entries * Math.max(1, cost));
  }
}
