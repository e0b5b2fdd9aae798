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

  private long left;
  private boolean spent;

  private HistoryBudget(long left) {
    this.left = left;
  }

  public static HistoryBudget of(int values) {
    if (values < 1) {
      throw new IllegalArgumentException("a history request needs a budget of at least 1 value, got " + values);
    }
    return new HistoryBudget(values);
  }

  /** No bound beyond the per-node page size (partner sync, tests). */
  public static HistoryBudget unlimited() {
    return new HistoryBudget(Long.MAX_VALUE);
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
