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
 * @param continuationPointsPerSession points one session may hold at a time
 * @param continuationPointsTotal points all sessions together may hold
 * @param maxValuesPerRequest values one HistoryRead request returns at most, over all its nodes
 */
public record HistorySettings(int continuationPointsPerSession, int continuationPointsTotal, int maxValuesPerRequest) {

  public static final int DEFAULT_CONTINUATION_POINTS_PER_SESSION = 10;
  public static final int DEFAULT_CONTINUATION_POINTS_TOTAL = 1_000;
  public static final int MAX_CONTINUATION_POINTS_PER_SESSION = 1_000;
  public static final int MAX_CONTINUATION_POINTS_TOTAL = 100_000;
  public static final int DEFAULT_MAX_VALUES_PER_REQUEST = 10_000;
  public static final int MAX_VALUES_PER_REQUEST = 1_000_000;

  public static final HistorySettings DEFAULT =
      new HistorySettings(DEFAULT_CONTINUATION_POINTS_PER_SESSION, DEFAULT_CONTINUATION_POINTS_TOTAL,
          DEFAULT_MAX_VALUES_PER_REQUEST);

  public HistorySettings {
    if (continuationPointsPerSession < 1 || continuationPointsPerSession > MAX_CONTINUATION_POINTS_PER_SESSION
        || continuationPointsTotal < continuationPointsPerSession
        || continuationPointsTotal > MAX_CONTINUATION_POINTS_TOTAL
        || maxValuesPerRequest < 1 || maxValuesPerRequest > MAX_VALUES_PER_REQUEST) {
      throw new IllegalArgumentException("continuation points: need 1 <= per session (" + continuationPointsPerSession
          + ") <= total (" + continuationPointsTotal + ") <= " + MAX_CONTINUATION_POINTS_TOTAL
          + " and 1 <= maxValuesPerRequest (" + maxValuesPerRequest + ") <= " + MAX_VALUES_PER_REQUEST);
    }
  }
}
