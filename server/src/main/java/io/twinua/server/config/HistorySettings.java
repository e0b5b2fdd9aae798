package io.twinua.server.config;

/**
 * The project file's {@code history:} section: how many HistoryRead continuation points the
 * station keeps. A point is kept until the client follows it, releases it or closes its session;
 * a read that would need one more than the limit gets Bad_NoContinuationPoints for that node (Part
 * 4 §7.9, Part 11 §6.4.1), never a point that is dropped later.
 *
 * <p>{@code maxValuesPerRequest} bounds the values one HistoryRead returns over all its nodes:
 * each node's page is cut to what is left, and a node that finds nothing left gets a continuation
 * point to its first page instead (or Bad_NoContinuationPoints once the session holds its limit).
 *
 * <p>{@code maxSelectClauses} bounds the fields one event of an event history read may ask for: a
 * filter with more is refused with Bad_EventFilterInvalid for its node (the filter asks for more
 * than the server serves), so one request cannot make the server build a response of thousands of
 * fields per event (issue 12 item 5: 2,000 select clauses built 41 MB).
 *
 * @param continuationPointsPerSession points one session may hold at a time
 * @param continuationPointsTotal points all sessions together may hold
 * @param maxValuesPerRequest values one HistoryRead request returns at most, over all its nodes
 * @param maxSelectClauses select clauses one event filter of a HistoryRead may have
 */
public record HistorySettings(int continuationPointsPerSession, int continuationPointsTotal, int maxValuesPerRequest,
    int maxSelectClauses) {

  public static final int DEFAULT_CONTINUATION_POINTS_PER_SESSION = 10;
  public static final int DEFAULT_CONTINUATION_POINTS_TOTAL = 1_000;
  public static final int MAX_CONTINUATION_POINTS_PER_SESSION = 1_000;
  public static final int MAX_CONTINUATION_POINTS_TOTAL = 100_000;
  public static final int DEFAULT_MAX_VALUES_PER_REQUEST = 10_000;
  public static final int MAX_VALUES_PER_REQUEST = 1_000_000;
  public static final int DEFAULT_MAX_SELECT_CLAUSES = 64;
  public static final int MAX_SELECT_CLAUSES = 1_000;

  public static final HistorySettings DEFAULT =
      new HistorySettings(DEFAULT_CONTINUATION_POINTS_PER_SESSION, DEFAULT_CONTINUATION_POINTS_TOTAL,
          DEFAULT_MAX_VALUES_PER_REQUEST, DEFAULT_MAX_SELECT_CLAUSES);

  public HistorySettings {
    if (continuationPointsPerSession < 1 || continuationPointsPerSession > MAX_CONTINUATION_POINTS_PER_SESSION
        || continuationPointsTotal < continuationPointsPerSession
        || continuationPointsTotal > MAX_CONTINUATION_POINTS_TOTAL
        || maxValuesPerRequest < 1 || maxValuesPerRequest > MAX_VALUES_PER_REQUEST
        || maxSelectClauses < 1 || maxSelectClauses > MAX_SELECT_CLAUSES) {
      throw new IllegalArgumentException("continuation points: need 1 <= per session (" + continuationPointsPerSession
          + ") <= total (" + continuationPointsTotal + ") <= " + MAX_CONTINUATION_POINTS_TOTAL
          + ", 1 <= maxValuesPerRequest (" + maxValuesPerRequest + ") <= " + MAX_VALUES_PER_REQUEST
          + " and 1 <= maxSelectClauses (" + maxSelectClauses + ") <= " + MAX_SELECT_CLAUSES);
    }
  }
}
