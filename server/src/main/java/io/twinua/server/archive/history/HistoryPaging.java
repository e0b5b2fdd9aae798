package io.twinua.server.archive.history;

import java.util.Objects;
import java.util.function.BiFunction;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.UaStructuredType;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.jspecify.annotations.Nullable;

/**
 * Paging and continuation points, the same for raw and event history reads (Part 11 §6.4.2,
 * §6.4.3). With start and end time given, {@code numValuesPerNode} is the page size and a
 * continuation point leads to the next page; with only one time given it is the total count, and
 * once that many were returned the read ends with Good_MoreData if more exist. Independently of
 * the request, no response carries more than {@code maxPerResponse} values (Part 11 §6.3 allows a
 * server to return fewer and a continuation point).
 */
final class HistoryPaging {

  /**
   * What a continuation point remembers.
   *
   * @param query the read it belongs to; a point presented with another read is invalid
   * @param cursor where the read stopped, in the archive's terms
   * @param remaining values the request still allows, -1 for no total
   */
  record Continuation(Object query, Object cursor, long remaining) {}

  /**
   * One page to read, or why there is none.
   *
   * @param cursor where to resume, null for the first page
   * @param size most values to return in this page
   * @param refusal the answer instead of a page (bad times or continuation point), else null
   */
  record Page(
      Object query,
      long start,
      long end,
      @Nullable Object cursor,
      long remaining,
      int size,
      @Nullable HistoryReadResult refusal) {

    static Page refused(long status) {
      return new Page(Boolean.FALSE, 0, 0, null, 0, 0, HistoryResults.status(status));
    }

    <C> @Nullable C cursor(Class<C> type) {
      return type.cast(cursor);
    }
  }

  private final HistoryContinuations continuations;
  private final EncodingContext encodingContext;
  private final int maxPerResponse;

  /**
   * @param encodingContext used to encode the history data, e.g. {@code
   *     server.getStaticEncodingContext()}
   * @param maxPerResponse upper limit of values in one response, whatever was requested
   */
  HistoryPaging(
      HistoryContinuations continuations, EncodingContext encodingContext, int maxPerResponse) {
    if (maxPerResponse < 1 || maxPerResponse > 1_000_000) {
      throw new IllegalArgumentException(
          "values per history response must be 1..1000000, got " + maxPerResponse);
    }
    this.continuations = Objects.requireNonNull(continuations);
    this.encodingContext = Objects.requireNonNull(encodingContext);
    this.maxPerResponse = maxPerResponse;
  }

  /** The answer to a request that only releases its continuation point, else null. */
  @Nullable HistoryReadResult released(NodeId session, HistoryReadValueId id, boolean release) {
    if (!release) {
      return null;
    }
    ByteString point = HistoryResults.pointOf(id);
    if (point != null) {
      continuations.release(session, point);
    }
    return HistoryResults.status(StatusCodes.Good);
  }

  /**
   * The page a request asks for: the first, or the one its continuation point leads to.
   *
   * @param query makes the read's identity from its start and end ticks
   * @return the page, refused if both times are unset or the continuation point is not valid for
   *     this read
   */
  Page begin(
      NodeId session,
      HistoryReadValueId id,
      @Nullable DateTime startTime,
      @Nullable DateTime endTime,
      @Nullable UInteger numValuesPerNode,
      long budgetLimit,
      BiFunction<Long, Long, Object> query) {
    long start = HistoryResults.ticks(startTime);
    long end = HistoryResults.ticks(endTime);
    if (start == 0 && end == 0) {
      return Page.refused(StatusCodes.Bad_InvalidTimestampArgument);
    }
    Object read = query.apply(start, end);
    long requested = numValuesPerNode == null ? 0 : numValuesPerNode.longValue();
    boolean bothTimes = start != 0 && end != 0;
    ByteString point = HistoryResults.pointOf(id);
    Object cursor = null;
    long remaining;
    if (point != null) {
      Continuation c = continuations.take(session, point, Continuation.class).orElse(null);
      if (c == null || !c.query().equals(read)) {
        return Page.refused(StatusCodes.Bad_ContinuationPointInvalid);
      }
      cursor = c.cursor();
      remaining = c.remaining();
    } else {
      remaining = !bothTimes && requested > 0 ? requested : -1;
    }
    long size = maxPerResponse;
    if (bothTimes && requested > 0) {
      size = Math.min(size, requested);
    }
    if (remaining >= 0) {
      size = Math.min(size, remaining);
    }
    size = Math.min(size, budgetLimit);
    return new Page(read, start, end, cursor, remaining, (int) size, null);
  }

  /**
   * The answer for a page the request's budget left no values for: a point to that same page, or
   * Bad_NoContinuationPoints if the session holds no more.
   */
  HistoryReadResult defer(NodeId session, Page page, UaStructuredType empty) {
    return continuations.put(session, new Continuation(page.query(), page.cursor(), page.remaining()))
        .map(point -> HistoryResults.of(encodingContext, StatusCodes.Good, point, empty))
        .orElseGet(() -> HistoryResults.status(StatusCodes.Bad_NoContinuationPoints));
  }

  /**
   * The response for a page that returned {@code returned} values.
   *
   * @param next where the read goes on, null if the read is complete
   */
  HistoryReadResult finish(
      NodeId session, Page page, int returned, @Nullable Object next, UaStructuredType data) {
    long left = page.remaining() < 0 ? -1 : page.remaining() - returned;
    long status = returned == 0 ? StatusCodes.Good_NoData : StatusCodes.Good;
    ByteString point = null;
    if (next != null) {
      if (left == 0) {
        status = StatusCodes.Good_MoreData; // the requested count is reached
      } else {
        point = continuations.put(session, new Continuation(page.query(), next, left)).orElse(null);
        if (point == null) {
          // Part 11 §6.4.1: no page without the point to the rest; the client asks again later
          return HistoryResults.status(StatusCodes.Bad_NoContinuationPoints);
        }
      }
    }
    return HistoryResults.of(encodingContext, status, point, data);
  }
}
